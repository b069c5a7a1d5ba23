/** The jobs code queues in this module: names and payloads (src/jobs/job.ts, JobType). */
import { z } from 'zod';
import { jobType } from '../../jobs/job';

// Here rather than in tiers.repo, which queues tier_changed: the contract imports nothing of
// the module's, so no import cycle (tiers.repo re-exports them).
export const TIER_CHANGE_REASONS = [
  'PURCHASE',
  'REFUND',
  'ADJUSTMENT',
  'EVALUATION',
  'ARCHIVE',
  'IMPORT',
] as const;
export type TierChangeReason = (typeof TIER_CHANGE_REASONS)[number];

// Ids as the database holds them (z.guid): parsed when queued, so a row's id must pass.
const id = z.guid();

/** A customer's tier changed; the job raises the tier.changed domain event (workflows/tier-changed.ts). */
export const tierChangedJob = jobType(
  'tier_changed',
  z.object({
    programId: id,
    customerId: id,
    fromTierId: id.nullable(),
    toTierId: id.nullable(),
    reason: z.enum(TIER_CHANGE_REASONS),
  }),
);
