import { scoped } from '../../db/scoped';
import type { JobDeps } from '../../jobs/job';
import { DAY_MS } from '../../shared/time';
import { raise } from '../events/events';
import { customersWithPointsAvailable, customersWithPointsExpiring } from '../ledger/ledger.service';
import { allPrograms } from '../programs/programs.service';
import { queueMessage } from './messaging.service';

/**
 * "Your points expire soon": one NOTICE per customer and expiry date, POINTS_EXPIRY_NOTICE_DAYS
 * ahead. The dedupe key makes the hourly run idempotent; consent, quiet hours and the
 * budget are checked when each notice is sent. Returns how many notices were new.
 */
export async function queuePointsExpiryNotices(deps: JobDeps): Promise<number> {
  const now = deps.clock.now();
  const until = new Date(now.getTime() + deps.config.POINTS_EXPIRY_NOTICE_DAYS * DAY_MS);
  let queued = 0;
  for (const program of await allPrograms(deps.db)) {
    const q = scoped(deps.db, program.id);
    for (const r of await customersWithPointsExpiring(q, now, until)) {
      const day = r.expires_at.toISOString().slice(0, 10);
      const m = await q.transaction(async (trx) => {
        const queuedMessage = await queueMessage(trx, now, {
          customerId: r.customer_id,
          kind: 'NOTICE',
          templateKey: 'points_expiring',
          data: { points: { expiring: r.points, expiresAt: r.expires_at.toISOString() } },
          dedupeKey: `points-expiring:${r.customer_id}:${day}`,
        });
        // The event once per customer and expiry day, as the notice (its dedupe key).
        if (queuedMessage.created) {
          await raise(trx, now, [
            'points.expiring',
            { customerId: r.customer_id, points: r.points, expiresAt: r.expires_at.toISOString() },
          ]);
        }
        return queuedMessage;
      });
      if (m.created) queued++;
    }
  }
  return queued;
}

/** Looks back this far each (hourly) run; the dedupe key makes the overlap harmless. */
const AVAILABLE_LOOKBACK_MS = 3 * 3_600_000;

/**
 * "Points from your visit are now yours to spend": when a return window (pending days) ends.
 * One NOTICE per customer and newest lot; the NOTICE cap keeps it from becoming chatter.
 */
export async function queuePointsAvailableNotices(deps: JobDeps): Promise<number> {
  const now = deps.clock.now();
  let queued = 0;
  for (const program of await allPrograms(deps.db)) {
    const q = scoped(deps.db, program.id);
    for (const r of await customersWithPointsAvailable(
      q,
      new Date(now.getTime() - AVAILABLE_LOOKBACK_MS),
      now,
    )) {
      const m = await q.transaction((trx) =>
        queueMessage(trx, now, {
          customerId: r.customer_id,
          kind: 'NOTICE',
          templateKey: 'points_available',
          data: { points: { available: r.points, availableAt: r.available_at.toISOString() } },
          dedupeKey: `points-available:${r.customer_id}:${r.last_lot}`,
        }),
      );
      if (m.created) queued++;
    }
  }
  return queued;
}
