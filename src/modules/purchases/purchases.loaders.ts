import DataLoader from 'dataloader';
import type { Scoped } from '../../db/scoped';
import { linesByPurchaseIds, type PurchaseLineRow, type PurchaseRow, purchasesByIds } from './purchases.repo';

export function purchaseLoaders(q: Scoped) {
  return {
    purchaseById: new DataLoader<string, PurchaseRow | null>(async (ids) => {
      const byId = new Map((await purchasesByIds(q, ids)).map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    purchaseLines: new DataLoader<string, PurchaseLineRow[]>(async (ids) => {
      const rows = await linesByPurchaseIds(q, ids);
      return ids.map((id) => rows.filter((r) => r.purchase_id === id));
    }),
  };
}
