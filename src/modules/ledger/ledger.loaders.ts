import DataLoader from 'dataloader';
import type { Scoped } from '../../db/scoped';
import type { Clock } from '../../shared/clock';
import { addDays } from './earning';
import {
  type BalanceSummary,
  balanceSummaries,
  type ExpiringRow,
  entriesByIds,
  expiringPoints,
  type LedgerEntryRow,
} from './ledger.repo';

/** PointsBalance has no row of its own: its fields load by customer id. */
export interface BalanceParent {
  customerId: string;
}

export const EXPIRING_SOON_DAYS = 30;

/**
 * One query per field for any number of customers. The time is read when a batch loads, not
 * when the request starts: a mutation's payload is resolved after its writes, and points it
 * made available "now" must not look pending against an earlier instant (issue 10).
 */
export function ledgerLoaders(q: Scoped, clock: Clock) {
  return {
    balance: new DataLoader<string, Omit<BalanceSummary, 'customer_id'>>(async (ids) => {
      const byId = new Map((await balanceSummaries(q, ids, clock.now())).map((r) => [r.customer_id, r]));
      return ids.map((id) => byId.get(id) ?? { available: 0, pending: 0, lifetime_earned: 0 });
    }),
    entryById: new DataLoader<number, LedgerEntryRow | null>(async (ids) => {
      const byId = new Map((await entriesByIds(q, ids)).map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    expiringSoon: new DataLoader<string, ExpiringRow[]>(async (ids) => {
      const now = clock.now();
      const rows = await expiringPoints(q, ids, now, addDays(now, EXPIRING_SOON_DAYS));
      return ids.map((id) => rows.filter((r) => r.customer_id === id));
    }),
  };
}
