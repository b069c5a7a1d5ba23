/** The first statement of redeemReward; the others are shared (point-moves.repo). */
import { prepared } from '../db/prepared';
import type { Scoped } from '../db/scoped';
import type { BalanceRow } from '../modules/ledger/ledger.repo';
import type { CatalogItemRow } from '../modules/rewards/rewards.repo';
import { balanceLockCte, type ClaimKey, claimCte, type JsonRow, toBalance } from './point-moves.repo';
import { Sql } from './sql';

export interface RedeemFacts {
  claimed: boolean;
  customerFound: boolean;
  item: CatalogItemRow | null;
  /** Locked (created if absent) when the key was claimed and the customer exists. */
  balance: BalanceRow | null;
}

const date = (v: unknown): Date | null => (v == null ? null : new Date(v as string));

/**
 * Statement 1: the idempotency claim; the customer (customers.service requireCustomer); the
 * catalogue item (rewards.repo itemById; its stock is taken by the write's guarded update);
 * the customer's balance row, locked (ledger.repo lockBalance).
 */
export async function readRedeemFacts(
  q: Scoped,
  k: ClaimKey & { customerId: string; itemId: string },
): Promise<RedeemFacts> {
  const s = new Sql();
  const pid = q.programId;
  const { rows } = await prepared<JsonRow>(
    q.knex,
    `WITH ${claimCte(s, pid, k)},
     c AS (SELECT id AS customer_id FROM customers WHERE program_id = ${s.v(pid)}::uuid AND id = ${s.v(k.customerId)}::uuid),
     ${balanceLockCte(s, pid, k.at, 'SELECT c.customer_id FROM c, claim')}
     SELECT (SELECT count(*) FROM claim)::int AS claimed,
            (SELECT count(*) FROM c)::int AS customer_found,
            (SELECT to_jsonb(i) FROM catalog_items i WHERE i.program_id = ${s.v(pid)}::uuid AND i.id = ${s.v(k.itemId)}::uuid) AS item,
            (SELECT to_jsonb(b) FROM b) AS balance`,
    s.bindings,
  );
  const r = rows[0]!;
  const i = r.item;
  return {
    claimed: r.claimed > 0,
    customerFound: r.customer_found > 0,
    item: i
      ? {
          ...(i as CatalogItemRow),
          cost_points: Number(i.cost_points),
          stock: i.stock == null ? null : Number(i.stock),
          active_from: date(i.active_from),
          active_until: date(i.active_until),
          created_at: date(i.created_at)!,
          updated_at: date(i.updated_at)!,
        }
      : null,
    balance: toBalance(r.balance),
  };
}
