import { scoped } from '../../db/scoped';
import { CronPayload, defineJob, type JobDeps } from '../../jobs/job';
import { localDate, localHour } from '../../shared/time';
import { allPrograms } from '../programs/programs.service';
import { runTierChangedRules } from '../rules/rules.jobs';
import { runTierEvaluation } from './tiers.evaluation';
import { tierChangedJob } from './tiers.jobs-contract';

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
    const result = await runTierEvaluation({
      programId: program.id,
      q: scoped(deps.db, program.id),
      viewer: null,
      actor: { kind: 'system', id: 'tier_evaluation', role: null },
      clock: deps.clock,
    });
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
  // Reward rules subscribe here (TIER_CHANGED); thank-you messages and webhooks may follow.
  defineJob({
    ...tierChangedJob,
    async run(deps, p, helpers) {
      deps.log.info(p, 'tier changed');
      await runTierChangedRules(deps, p, helpers?.job?.id);
    },
  }),
];
