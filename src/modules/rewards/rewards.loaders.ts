import DataLoader from 'dataloader';
import type { Scoped } from '../../db/scoped';
import { type CatalogItemRow, type IssuedRewardRow, itemsByIds, rewardsByIds } from './rewards.repo';

export function rewardLoaders(q: Scoped) {
  return {
    rewardById: new DataLoader<string, IssuedRewardRow | null>(async (ids) => {
      const byId = new Map((await rewardsByIds(q, ids)).map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    catalogItemById: new DataLoader<string, CatalogItemRow | null>(async (ids) => {
      const byId = new Map((await itemsByIds(q, ids)).map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}
