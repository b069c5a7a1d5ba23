import { z } from 'zod';
import { scoped } from '../../db/scoped';
// Type-only: the registry imports this module, so a value import would be a cycle.
import type { JobDefinition, JobDeps } from '../../jobs/job';
import { localDate, localHour } from '../../shared/time';
import { allPrograms } from '../programs/programs.service';
import { runTierChangedRules } from '../rules/rules.jobs';
import { runTierEvaluation } from './tiers.evaluation';
import { TIER_CHANGE_REASONS } from './tiers.repo';

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

export const TierChangedPayload = z.object({
  programId: z.uuid(),
  customerId: z.uuid(),
  fromTierId: z.uuid().nullable(),
  toTierId: z.uuid().nullable(),
  reason: z.enum(TIER_CHANGE_REASONS),
});

const CronPayload = z.object({}).loose();

export const tierJobs: Record<string, JobDefinition> = {
  tier_evaluation: { payload: CronPayload, run: (deps) => evaluateDuePrograms(deps) },
  // Reward rules subscribe here (TIER_CHANGED); thank-you messages and webhooks may follow.
  tier_changed: {
    payload: TierChangedPayload,
    async run(deps, p, helpers) {
      const payload = p as z.infer<typeof TierChangedPayload>;
      deps.log.info(payload, 'tier changed');
      await runTierChangedRules(deps, payload, helpers?.job?.id);
    },
  },
};
