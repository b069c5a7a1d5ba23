/**
 * The tier_changed job (queued with the tier change, tiers.jobs-contract.ts): after the change
 * commits, raises the `tier.changed` domain event in a transaction of its own, for its
 * subscribers (the TIER_CHANGED reward rules). A workflow, so that tiers does not import rules.
 */
import type { z } from 'zod';
import { defineJob, type JobDeps, systemContext } from '../jobs/job';
import { findProgram } from '../modules/programs/programs.service';
import { tierChangedJob } from '../modules/tiers/tiers.jobs-contract';
import { dispatchDomainEvent } from './domain-events';

/** Raises `tier.changed`; `changeId` (the job's id) makes a retried job act once. */
async function raiseTierChanged(
  deps: JobDeps,
  p: Omit<z.infer<typeof tierChangedJob.payload>, 'reason'>,
  changeId: string | undefined,
): Promise<void> {
  if (!(await findProgram(deps.db, p.programId))) return;
  const ctx = systemContext(deps, p.programId, 'tier_changed');
  await ctx.q.transaction((q) =>
    dispatchDomainEvent(ctx, q, {
      type: 'tier.changed',
      data: {
        customerId: p.customerId,
        fromTierId: p.fromTierId,
        toTierId: p.toTierId,
        at: deps.clock.now(),
        changeId: changeId ?? null,
      },
    }),
  );
}

export const tierChangedJobs = [
  defineJob({
    ...tierChangedJob,
    async run(deps, p, helpers) {
      deps.log.info(p, 'tier changed');
      await raiseTierChanged(deps, p, helpers?.job?.id);
    },
  }),
];
