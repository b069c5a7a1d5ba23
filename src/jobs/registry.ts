import { expirePoints, purgeIdempotencyKeys } from '../modules/ledger/ledger.jobs';
import type { JobRegistry } from './job';

export type { JobDeps, JobRegistry } from './job';

/** The one typed registry: job name → payload schema → task. Modules add their jobs here. */
export const JOBS: JobRegistry = {
  expire_points: expirePoints,
  purge_idempotency_keys: purgeIdempotencyKeys,
};

/**
 * graphile-worker crontab (UTC). Each line runs once per tick however many workers run; no
 * backfill after downtime is needed, as each sweep catches up with everything due.
 */
export const CRONTAB = ['*/15 * * * * expire_points', '17 3 * * * purge_idempotency_keys'].join('\n');
