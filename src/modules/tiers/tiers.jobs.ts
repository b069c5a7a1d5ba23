import { CronPayload, defineJob, type JobDeps, systemContext } from '../../jobs/job';
import { localDate, localHour } from '../../shared/time';
import { allPrograms } from '../programs/programs.service';
import { runTierEvaluation } from './tiers.evaluation';

/** Programs are evaluated once per local day, from this local hour on (quiet at night). */
export const EVALUATION_HOUR = 3;

/**
 * Hourly: evaluates every program whose local time has passed EVALUATION_HOUR and whose run
 * for its local date has not happened (the run claims that date, so retries are no-ops).
 */
export async function evaluateDuePrograms(deps: JobDeps): Promise<void> {
  const now = deps.clock.now();
  for (const program of await allPrograms(deps.db)) {
    if (localHour(now, program.time_zone) < EVALUATION_HOUR) continue;
    const result = await runTierEvaluation(systemContext(deps, program.id, 'tier_evaluation'));
    if (!result.skipped) {
      deps.log.info(
        { programId: program.id, day: localDate(now, program.time_zone), ...result },
        'tiers evaluated',
      );
    }
  }
}

export const tierJobs = [
  defineJob({ name: 'tier_evaluation', payload: CronPayload, run: (deps) => evaluateDuePrograms(deps) }),
  // tier_changed, which tiers queue, runs in src/workflows/tier-changed.ts (it raises tier.changed).
];
