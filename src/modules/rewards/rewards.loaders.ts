import DataLoader from 'dataloader';
import type { Scoped } from '../../db/scoped';
import { type IssuedRewardRow, rewardsByIds } from './rewards.repo';

export function rewardLoaders(q: Scoped) {
  return {
    rewardById: new DataLoader<string, IssuedRewardRow | null>(async (ids) => {
      const byId = new Map((await rewardsByIds(q, ids)).map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}
