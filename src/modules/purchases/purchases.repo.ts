import { newestFirst } from '../../db/page';
import type { Scoped } from '../../db/scoped';
import type { Page } from '../../shared/pagination';

export interface PurchaseRow {
  id: string;
  customer_id: string;
  external_id: string;
  store_code: string | null;
  currency: string;
  total_minor: number;
  earn_weight: number;
  refunded_weight: number;
  points_earned: number;
  points_reversed: number;
  occurred_at: Date;
  recorded_at: Date;
}

export interface PurchaseLineRow {
  purchase_id: string;
  line_no: number;
  sku: string;
  category: string | null;
  quantity: number;
  unit_price_minor: number;
  unit_weight: number;
  refunded_quantity: number;
}

/** Null when the receipt (store, externalId) is already recorded. */
export async function insertPurchase(
  q: Scoped,
  p: Omit<PurchaseRow, 'id' | 'refunded_weight' | 'points_reversed'>,
): Promise<PurchaseRow | null> {
  const rows = await q.insert('purchases', p).onConflict().ignore().returning('*');
  return rows[0] ?? null;
}

export async function insertLines(q: Scoped, lines: PurchaseLineRow[]): Promise<void> {
  await q.insert('purchase_lines', lines);
}

/** Locks the purchase so that refunds of it run one at a time. */
export function lockPurchase(q: Scoped, id: string): Promise<PurchaseRow | undefined> {
  return q('purchases').where({ id }).forUpdate().first();
}

export async function recordRefund(
  q: Scoped,
  id: string,
  d: { refundedWeight: number; pointsReversed: number },
): Promise<void> {
  const raw = q.knex.raw.bind(q.knex);
  await q('purchases')
    .where({ id })
    .update({
      refunded_weight: raw('refunded_weight + ?', [d.refundedWeight]),
      points_reversed: raw('points_reversed + ?', [d.pointsReversed]),
    });
}

/** Guarded: a line is never refunded beyond its quantity. */
export async function refundLine(q: Scoped, purchaseId: string, lineNo: number, quantity: number) {
  const n = await q('purchase_lines')
    .where({ purchase_id: purchaseId, line_no: lineNo })
    .whereRaw('refunded_quantity + ? <= quantity', [quantity])
    .update({ refunded_quantity: q.knex.raw('refunded_quantity + ?', [quantity]) });
  if (n !== 1) throw new Error(`line ${lineNo} of ${purchaseId} cannot refund ${quantity} more`);
}

export function purchasesByIds(q: Scoped, ids: readonly string[]): Promise<PurchaseRow[]> {
  return q('purchases').whereIn('id', ids);
}

export function linesByPurchaseIds(q: Scoped, ids: readonly string[]): Promise<PurchaseLineRow[]> {
  return q('purchase_lines').whereIn('purchase_id', ids).orderBy(['purchase_id', 'line_no']);
}

export function purchasesPage(q: Scoped, customerId: string, page: Page): Promise<PurchaseRow[]> {
  return newestFirst(q('purchases').where({ customer_id: customerId }), page, 'occurred_at');
}

/**
 * A customer's visits (this purchase included), spend, and the purchase before `purchase`:
 * the facts reward rules are evaluated on. Run after the balance row is locked, so one
 * customer's parallel purchases count each other.
 */
export async function visitStats(
  q: Scoped,
  customerId: string,
  purchase: { id: string; occurred_at: Date },
): Promise<{ visits: number; spendMinor: number; previousAt: Date | null }> {
  const [r] = await q('purchases')
    .where({ customer_id: customerId })
    .select(
      q.knex.raw('count(*)::int AS visits'),
      q.knex.raw('coalesce(sum(total_minor), 0)::bigint AS spend'),
      q.knex.raw('max(occurred_at) FILTER (WHERE id <> ? AND occurred_at <= ?) AS previous', [
        purchase.id,
        purchase.occurred_at,
      ]),
    );
  return { visits: Number(r.visits), spendMinor: Number(r.spend), previousAt: r.previous ?? null };
}

/** A customer's visits, spend and last purchase up to `at`: facts for scheduled reward rules. */
export async function customerVisitStats(
  q: Scoped,
  customerId: string,
  at: Date,
): Promise<{ visits: number; spendMinor: number; previousAt: Date | null }> {
  const [r] = await q('purchases')
    .where({ customer_id: customerId })
    .where('occurred_at', '<=', at)
    .select(
      q.knex.raw('count(*)::int AS visits'),
      q.knex.raw('coalesce(sum(total_minor), 0)::bigint AS spend'),
      q.knex.raw('max(occurred_at) AS previous'),
    );
  return { visits: Number(r.visits), spendMinor: Number(r.spend), previousAt: r.previous ?? null };
}

export interface ReplayPurchase {
  id: string;
  customer_id: string;
  store_code: string | null;
  total_minor: number;
  points_earned: number;
  refunded: boolean;
  occurred_at: Date;
  lines?: { sku: string; category: string | null; quantity: number; unitPriceMinor: number }[];
}

/**
 * Purchases in [from, to) in the order they happened, handed to `onPage` in pages (for the
 * reward-rule simulator): one READ ONLY transaction with a server-side cursor, so the window
 * is sorted once and never held in memory whole. Lines only when asked (they cost a join).
 */
export async function replayPurchases(
  q: Scoped,
  from: Date,
  to: Date,
  opts: { lines: boolean; page?: number },
  onPage: (rows: ReplayPurchase[]) => void | Promise<void>,
): Promise<void> {
  const page = opts.page ?? 20_000;
  await q.knex.transaction(async (trx) => {
    await trx.raw('SET TRANSACTION READ ONLY');
    // The whole window is read: a sequential scan and one sort beat an index walk.
    await trx.raw('SET LOCAL cursor_tuple_fraction = 1');
    await trx.raw(`SET LOCAL work_mem = '64MB'`);
    // Lines are aggregated once for the window and hash-joined, not looked up per purchase.
    await trx.raw(
      `DECLARE replay NO SCROLL CURSOR FOR
         WITH w AS (
           SELECT p.id, p.customer_id, p.store_code, p.total_minor, p.points_earned, p.occurred_at,
                  p.refunded_weight > 0 AS refunded
             FROM purchases p
            WHERE p.program_id = :programId AND p.occurred_at >= :from AND p.occurred_at < :to
         )${
           opts.lines
             ? `, l AS (
           SELECT l.purchase_id, json_agg(json_build_object('sku', l.sku, 'category', l.category,
                  'quantity', l.quantity, 'unitPriceMinor', l.unit_price_minor) ORDER BY l.line_no) AS lines
             FROM purchase_lines l JOIN w ON w.id = l.purchase_id
            WHERE l.program_id = :programId
            GROUP BY l.purchase_id
         )
         SELECT w.*, l.lines FROM w LEFT JOIN l ON l.purchase_id = w.id`
             : ' SELECT w.* FROM w'
         }
          ORDER BY w.occurred_at, w.id`,
      { programId: q.programId, from, to },
    );
    for (;;) {
      const { rows } = (await trx.raw(`FETCH ${Number(page)} FROM replay`)) as { rows: ReplayPurchase[] };
      if (rows.length === 0) break;
      await onPage(rows);
      if (rows.length < page) break;
    }
  });
}

/** Per customer, their purchases before `before`: visits, spend and the last one. */
export async function visitStatsBefore(
  q: Scoped,
  before: Date,
): Promise<Map<string, { visits: number; spendMinor: number; lastAt: Date }>> {
  const rows = await q('purchases')
    .where('occurred_at', '<', before)
    .groupBy('customer_id')
    .select(
      'customer_id',
      q.knex.raw('count(*)::int AS visits'),
      q.knex.raw('sum(total_minor)::bigint AS spend'),
      q.knex.raw('max(occurred_at) AS last'),
    );
  return new Map(
    rows.map((r: { customer_id: string; visits: number; spend: number; last: Date }) => [
      r.customer_id,
      { visits: Number(r.visits), spendMinor: Number(r.spend), lastAt: r.last },
    ]),
  );
}
