import { scoped } from '../../db/scoped';
import { CronPayload, defineJob, systemContext } from '../../jobs/job';
import { DAY_MS } from '../../shared/time';
import { deleteKeysBefore } from '../idempotency/idempotency.service';
import { allPrograms } from '../programs/programs.service';
import { expireLots } from './ledger.service';

/** API.md: idempotency keys are kept at least 30 days; a margin on top. */
export const IDEMPOTENCY_RETENTION_DAYS = 35;

/**
 * Writes EXPIRE entries for lapsed lots in every program. Safe to run twice or on several
 * workers at once: each lot is expired under its customer's lock, and at most once.
 */
export const expirePoints = defineJob({
  name: 'expire_points',
  payload: CronPayload,
  async run(deps) {
    const now = deps.clock.now();
    for (const program of await allPrograms(deps.db)) {
      const points = await expireLots(systemContext(deps, program.id, 'scheduler'), 'all', now);
      if (points > 0) deps.log.info({ programId: program.id, points }, 'expired points');
    }
  },
});

export const purgeIdempotencyKeys = defineJob({
  name: 'purge_idempotency_keys',
  payload: CronPayload,
  async run(deps) {
    const before = new Date(deps.clock.now().getTime() - IDEMPOTENCY_RETENTION_DAYS * DAY_MS);
    for (const program of await allPrograms(deps.db)) {
      await deleteKeysBefore(scoped(deps.db, program.id), before);
    }
  },
});
