/**
 * The statement of customer-balance.ts: customers by id or external id with their balance row
 * and live lots' sums, in one round trip (the customers and ledger modules' tables; their SQL:
 * customersByIds, balanceSummaries).
 */
import { prepared } from '../db/prepared';
import type { Scoped } from '../db/scoped';
import { EXPIRING_SOON_DAYS } from '../modules/ledger/ledger.loaders';
import { lotsSummaryLateral, UUID_LIST } from '../modules/ledger/ledger.repo';
import { addDays } from '../shared/time';

/** A customer's row as JSON, with their balance's columns (null when they have no balance row). */
export interface CustomerBalanceRow {
  customer: Record<string, unknown>;
  bal_customer_id: string | null;
  bal_lifetime_earned: number | null;
  bal_available: number | null;
  bal_pending: number | null;
  bal_expiring: [string, number][] | null;
}

/** The customers with these ids or external ids, with their balances, as of `now`. */
export async function customerBalanceRows(
  q: Scoped,
  ids: string[],
  externalIds: string[],
  now: Date,
): Promise<CustomerBalanceRow[]> {
  const lots = lotsSummaryLateral(now, addDays(now, EXPIRING_SOON_DAYS));
  const which: string[] = [];
  const bindings: unknown[] = [...lots.bindings, q.programId];
  if (ids.length) {
    which.push(`c.id = ANY(${UUID_LIST})`);
    bindings.push(JSON.stringify(ids));
  }
  if (externalIds.length) {
    which.push('c.external_id = ANY(ARRAY(SELECT jsonb_array_elements_text(?::jsonb)))');
    bindings.push(JSON.stringify(externalIds));
  }
  const { rows } = await prepared<CustomerBalanceRow>(
    q.knex,
    `SELECT to_jsonb(c) AS customer, b.customer_id AS bal_customer_id, b.lifetime_earned AS bal_lifetime_earned,
            coalesce(s.available, 0) - coalesce(b.debt, 0) AS bal_available, s.pending AS bal_pending,
            s.expiring AS bal_expiring
       FROM customers c
       LEFT JOIN point_balances b ON b.program_id = c.program_id AND b.customer_id = c.id
       ${lots.sql}
      WHERE c.program_id = ?::uuid AND (${which.join(' OR ')})`,
    bindings,
  );
  return rows;
}
