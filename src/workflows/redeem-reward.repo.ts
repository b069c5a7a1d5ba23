/** The first statement of redeemReward; the others are shared (point-moves.repo). */
import type { Scoped } from '../db/scoped';
import type { BalanceRow } from '../modules/ledger/ledger.repo';
import type { CatalogItemRow } from '../modules/rewards/rewards.repo';
import { type ClaimKey, CUSTOMER_FOUND, customerBalanceCtes, readClaimed } from './point-moves.repo';
import { jsonDate } from './sql';

export interface RedeemFacts {
  claimed: boolean;
  customerFound: boolean;
  item: CatalogItemRow | null;
  /** Locked (created if absent) when the key was claimed and the customer exists. */
  balance: BalanceRow | null;
}

/**
 * Statement 1: the idempotency claim; the customer (customers.service requireCustomer); the
 * catalogue item (rewards.repo itemById; its stock is taken by the write's guarded update);
 * the customer's balance row, locked (ledger.repo lockBalance).
 */
export async function readRedeemFacts(
  q: Scoped,
  k: ClaimKey & { customerId: string; itemId: string },
): Promise<RedeemFacts> {
  const { claimed, balance, row } = await readClaimed(q, k, {
    ctes: (s, pid) => customerBalanceCtes(s, pid, k.customerId, k.at),
    columns: (s, pid) => `${CUSTOMER_FOUND},
            (SELECT to_jsonb(i) FROM catalog_items i WHERE i.program_id = ${s.v(pid)}::uuid AND i.id = ${s.v(k.itemId)}::uuid) AS item`,
  });
  const i = row.item;
  return {
    claimed,
    customerFound: row.customer_found > 0,
    item: i
      ? {
          ...(i as CatalogItemRow),
          cost_points: Number(i.cost_points),
          stock: i.stock == null ? null : Number(i.stock),
          active_from: jsonDate(i.active_from),
          active_until: jsonDate(i.active_until),
          created_at: jsonDate(i.created_at)!,
          updated_at: jsonDate(i.updated_at)!,
        }
      : null,
    balance,
  };
}
