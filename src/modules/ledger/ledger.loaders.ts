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

/** One query per field for any number of customers; time is read once per request. */
export function ledgerLoaders(q: Scoped, clock: Clock) {
  const now = clock.now();
  return {
    balance: new DataLoader<string, Omit<BalanceSummary, 'customer_id'>>(async (ids) => {
      const byId = new Map((await balanceSummaries(q, ids, now)).map((r) => [r.customer_id, r]));
      return ids.map((id) => byId.get(id) ?? { available: 0, pending: 0, lifetime_earned: 0 });
    }),
    entryById: new DataLoader<number, LedgerEntryRow | null>(async (ids) => {
      const byId = new Map((await entriesByIds(q, ids)).map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    expiringSoon: new DataLoader<string, ExpiringRow[]>(async (ids) => {
      const rows = await expiringPoints(q, ids, now, addDays(now, EXPIRING_SOON_DAYS));
      return ids.map((id) => rows.filter((r) => r.customer_id === id));
    }),
  };
}
