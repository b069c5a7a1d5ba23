import DataLoader from 'dataloader';
import type { Scoped } from '../../db/scoped';
import type { Clock } from '../../shared/clock';
import { localDate } from '../../shared/time';
import { programOf } from '../programs/programs.service';
import {
  activeTiers,
  type CustomerTierRow,
  customerTiersByIds,
  historyByCustomerIds,
  metricsFor,
  type TierHistoryRow,
  type TierRow,
  tiersByIds,
} from './tiers.repo';

export interface TierScene {
  tiers: TierRow[];
  tz: string;
  now: Date;
  today: string;
}

/**
 * One query per field for any number of customers: tier rows, metric values (one scan of
 * tier_activity for the whole batch) and history. The program's tiers and time zone are read
 * once per request, as is the time (at first use).
 */
export function tierLoaders(q: Scoped, clock: Clock) {
  let scene: Promise<TierScene> | null = null;
  const tierScene = () => {
    // Timed at first use (after a mutation's writes), as the ledger's loaders are.
    const now = clock.now();
    scene ??= Promise.all([activeTiers(q), programOf(q).then((p) => p.time_zone)]).then(([tiers, tz]) => ({
      tiers,
      tz,
      now,
      today: localDate(now, tz),
    }));
    return scene;
  };
  return {
    tierScene,
    tierById: new DataLoader<string, TierRow | null>(async (ids) => {
      const byId = new Map((await tiersByIds(q, ids)).map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    customerTier: new DataLoader<string, CustomerTierRow | null>(async (ids) => {
      const byId = new Map((await customerTiersByIds(q, ids)).map((r) => [r.customer_id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    /** Each customer's metric value per active tier, in the order of `tierScene().tiers`. */
    tierMetrics: new DataLoader<string, number[]>(async (ids) => {
      const s = await tierScene();
      const byId = await metricsFor(q, s.tiers, s.today, ids);
      return ids.map((id) => byId.get(id) ?? s.tiers.map(() => 0));
    }),
    tierHistory: new DataLoader<string, TierHistoryRow[]>(async (ids) => {
      const rows = await historyByCustomerIds(q, ids);
      return ids.map((id) => rows.filter((r) => r.customer_id === id));
    }),
  };
}
export type TierLoaders = ReturnType<typeof tierLoaders>;
