import DataLoader from 'dataloader';
import type { Scoped } from '../../db/scoped';
import type { Clock } from '../../shared/clock';
import { addDays } from '../../shared/time';
import { type BalanceSummary, balanceSummaries, entriesByIds, type LedgerEntryRow } from './ledger.repo';

/** PointsBalance has no row of its own: its fields load by customer id. */
export interface BalanceParent {
  customerId: string;
}

export const EXPIRING_SOON_DAYS = 30;

export type Balance = Omit<BalanceSummary, 'customer_id'>;
export const NO_BALANCE: Balance = { available: 0, pending: 0, lifetime_earned: 0, expiring: [] };

/**
 * One query for any number of customers and any of PointsBalance's fields: available,
 * pending, lifetime earned and what expires soon come from one statement over the balance row
 * and the lots (issue 12). The time is read when a batch loads, not when the request starts:
 * a mutation's payload is resolved after its writes, and points it made available "now" must
 * not look pending against an earlier instant (issue 10).
 */
export function ledgerLoaders(q: Scoped, clock: Clock) {
  return {
    balance: new DataLoader<string, Balance>(async (ids) => {
      const now = clock.now();
      const rows = await balanceSummaries(q, ids, now, addDays(now, EXPIRING_SOON_DAYS));
      const byId = new Map(rows.map((r) => [r.customer_id, r]));
      return ids.map((id) => byId.get(id) ?? NO_BALANCE);
    }),
    entryById: new DataLoader<number, LedgerEntryRow | null>(async (ids) => {
      const byId = new Map((await entriesByIds(q, ids)).map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}
