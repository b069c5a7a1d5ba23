import { scoped } from '../../db/scoped';
import type { JobDeps } from '../../jobs/registry';
import { customersWithPointsExpiring } from '../ledger/ledger.repo';
import { listPrograms } from '../programs/programs.repo';
import { queueMessage } from './messaging.service';

/**
 * "Your points expire soon": one NOTICE per customer and expiry date, POINTS_EXPIRY_NOTICE_DAYS
 * ahead. The dedupe key makes the hourly run idempotent; consent, quiet hours and the
 * budget are checked when each notice is sent. Returns how many notices were new.
 */
export async function queuePointsExpiryNotices(deps: JobDeps): Promise<number> {
  const now = deps.clock.now();
  const until = new Date(now.getTime() + deps.config.POINTS_EXPIRY_NOTICE_DAYS * 86_400_000);
  let queued = 0;
  for (const program of await listPrograms(deps.db)) {
    const q = scoped(deps.db, program.id);
    for (const r of await customersWithPointsExpiring(q, now, until)) {
      const day = r.expires_at.toISOString().slice(0, 10);
      const m = await q.transaction((trx) =>
        queueMessage(trx, now, {
          customerId: r.customer_id,
          kind: 'NOTICE',
          templateKey: 'points_expiring',
          data: { points: { expiring: r.points, expiresAt: r.expires_at.toISOString() } },
          dedupeKey: `points-expiring:${r.customer_id}:${day}`,
        }),
      );
      if (m.created) queued++;
    }
  }
  return queued;
}
