/** What previewPurchase reads back, inside its rolled-back transaction, of what recordPurchase wrote. */
import type { Scoped } from '../db/scoped';
import type { TierRow } from '../modules/tiers/tiers.repo';

export interface WrittenFacts {
  totalMinor: number;
  currency: string;
  basePoints: number;
  tierBonusPoints: number;
  availableAt: Date | null;
  expiresAt: Date | null;
  /** Points of the reward rules' applications to the purchase: given now, and after the return window. */
  rulePointsNow: number;
  rulePointsLater: number;
}

/**
 * The purchase row and its EARN entry (none when it earned 0 points), and the rule applications
 * written for it (rules.engine insertApplication: DONE gave at once, PENDING waits for the
 * return window).
 */
export async function readWrittenFacts(q: Scoped, purchaseId: string): Promise<WrittenFacts> {
  const { rows } = await q.knex.raw(
    `SELECT p.total_minor, p.currency,
            e.base_points, e.bonus_points, e.available_at, e.expires_at,
            (SELECT coalesce(sum(points) FILTER (WHERE status = 'DONE'), 0) FROM rule_applications a
              WHERE a.program_id = p.program_id AND a.purchase_id = p.id) AS rule_now,
            (SELECT coalesce(sum(points) FILTER (WHERE status = 'PENDING'), 0) FROM rule_applications a
              WHERE a.program_id = p.program_id AND a.purchase_id = p.id) AS rule_later
       FROM purchases p
       LEFT JOIN ledger_entries e
         ON e.program_id = p.program_id AND e.purchase_id = p.id AND e.kind = 'EARN'
      WHERE p.program_id = ?::uuid AND p.id = ?::uuid`,
    [q.programId, purchaseId],
  );
  const r = rows[0];
  return {
    totalMinor: Number(r.total_minor),
    currency: r.currency,
    basePoints: Number(r.base_points ?? 0),
    tierBonusPoints: Number(r.bonus_points ?? 0),
    availableAt: r.available_at ?? null,
    expiresAt: r.expires_at ?? null,
    rulePointsNow: Number(r.rule_now),
    rulePointsLater: Number(r.rule_later),
  };
}

/** The tier the customer holds (tiers.repo's customer_tiers row), null before any. */
export async function heldTierRow(q: Scoped, customerId: string): Promise<TierRow | null> {
  const row = await q('customer_tiers as ct')
    .join('tiers as t', (j) => j.on('t.program_id', 'ct.program_id').andOn('t.id', 'ct.tier_id'))
    .where('ct.customer_id', customerId)
    .first('t.*');
  return row ?? null;
}

/** Whether the customer exists outside this transaction's own writes: read before recording. */
export async function customerExists(
  q: Scoped,
  who: { customerId?: string | null; customerExternalId?: string | null },
): Promise<boolean> {
  const query = q('customers');
  if (who.customerId) query.where('id', who.customerId);
  else query.where('external_id', who.customerExternalId ?? null);
  return (await query.first('id')) != null;
}
