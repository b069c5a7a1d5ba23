/**
 * The data export's reads (export.service.ts turns their rows into CSV): a count of what an
 * export will hold, and one keyset page of each kind at a time, PAGE rows at most.
 */
import type { Knex } from 'knex';
import type { Scoped } from '../../db/scoped';

/** Rows per page of an export. */
export const PAGE = 1000;

/** What an export covers: one kind of data, optionally a time range [from, to). */
export interface ExportRange {
  kind: 'customers' | 'balances' | 'ledger' | 'purchases';
  from?: Date | null;
  to?: Date | null;
}

function range(qb: Knex.QueryBuilder, column: string, o: ExportRange) {
  if (o.from) qb.where(column, '>=', o.from);
  if (o.to) qb.where(column, '<', o.to);
  return qb;
}

/** How many rows (lines, for purchases) the export holds. */
export async function countExportRows(q: Scoped, o: ExportRange): Promise<number> {
  let qb: ReturnType<Scoped>;
  if (o.kind === 'customers') qb = range(q('customers').whereNull('erased_at'), 'enrolled_at', o);
  else if (o.kind === 'balances') qb = q('point_balances');
  else if (o.kind === 'ledger') qb = range(q('ledger_entries'), 'created_at', o);
  else
    qb = range(
      q('purchase_lines as l').join('purchases as p', (j) =>
        j.on('p.program_id', 'l.program_id').andOn('p.id', 'l.purchase_id'),
      ),
      'p.occurred_at',
      o,
    );
  const [r] = await qb.count({ n: '*' });
  return Number(r!.n);
}

/** A page of customers not erased, by id after `after`, each with their tier's name. */
export async function customerExportPage(q: Scoped, o: ExportRange, after: string | null) {
  const qb = range(q('customers as c').whereNull('c.erased_at'), 'c.enrolled_at', o)
    .leftJoin('customer_tiers as ct', (j) =>
      j.on('ct.program_id', 'c.program_id').andOn('ct.customer_id', 'c.id'),
    )
    .leftJoin('tiers as t', (j) => j.on('t.program_id', 'ct.program_id').andOn('t.id', 'ct.tier_id'))
    .orderBy('c.id')
    .limit(PAGE)
    .select('c.*', 't.name as tier');
  if (after) qb.where('c.id', '>', after);
  return qb;
}

/** The consents of these customers, every channel. */
export function consentsOf(q: Scoped, customerIds: string[]) {
  return q('contact_consents').whereIn('customer_id', customerIds);
}

/**
 * A page of balances by customer id after `after`: the balance at `to` and what was earned,
 * redeemed, reversed, expired and adjusted in [from, to).
 */
export async function balanceExportPage(q: Scoped, o: ExportRange, after: string | null) {
  const raw = q.knex.raw.bind(q.knex);
  const from = o.from ?? new Date(0);
  const to = o.to ?? new Date('9999-12-31T00:00:00Z');
  const moved = (kinds: string[]) =>
    raw(
      `coalesce(sum(e.points) FILTER (WHERE e.kind IN (${kinds.map(() => '?').join(',')}) AND e.created_at >= ? AND e.created_at < ?), 0)::bigint`,
      [...kinds, from, to],
    );
  const qb = q('point_balances as b')
    .join('customers as c', (j) => j.on('c.program_id', 'b.program_id').andOn('c.id', 'b.customer_id'))
    .leftJoin('customer_tiers as ct', (j) =>
      j.on('ct.program_id', 'b.program_id').andOn('ct.customer_id', 'b.customer_id'),
    )
    .leftJoin('tiers as t', (j) => j.on('t.program_id', 'ct.program_id').andOn('t.id', 'ct.tier_id'))
    .leftJoin('ledger_entries as e', (j) =>
      j.on('e.program_id', 'b.program_id').andOn('e.customer_id', 'b.customer_id'),
    )
    .groupBy('b.customer_id', 'c.external_id', 't.name')
    .orderBy('b.customer_id')
    .limit(PAGE)
    .select(
      'b.customer_id',
      'c.external_id',
      't.name as tier',
      raw('coalesce(sum(e.points) FILTER (WHERE e.created_at < ?), 0)::bigint AS balance', [to]),
      { earned: moved(['EARN', 'BONUS']) },
      { redeemed: moved(['REDEEM']) },
      { reversed: moved(['REVERSAL']) },
      { expired: moved(['EXPIRE']) },
      { adjusted: moved(['ADJUST']) },
    );
  if (after) qb.where('b.customer_id', '>', after);
  return qb;
}

/** A page of ledger entries by id after `after`, with the customer's external id. */
export async function ledgerExportPage(q: Scoped, o: ExportRange, after: number) {
  return range(q('ledger_entries as e'), 'e.created_at', o)
    .join('customers as c', (j) => j.on('c.program_id', 'e.program_id').andOn('c.id', 'e.customer_id'))
    .where('e.id', '>', after)
    .orderBy('e.id')
    .limit(PAGE)
    .select('e.*', 'e.id as entry_id', 'c.external_id');
}

/** A page of purchases by (occurred_at, id) after `after`, with the customer's external id. */
export async function purchaseExportPage(q: Scoped, o: ExportRange, after: { at: Date; id: string } | null) {
  const pq = range(q('purchases as p'), 'p.occurred_at', o)
    .join('customers as c', (j) => j.on('c.program_id', 'p.program_id').andOn('c.id', 'p.customer_id'))
    .orderBy([{ column: 'p.occurred_at' }, { column: 'p.id' }])
    .limit(PAGE)
    .select('p.*', 'c.external_id as customer_external_id');
  if (after) pq.whereRaw('(p.occurred_at, p.id) > (?, ?)', [after.at, after.id]);
  return pq;
}

/** These purchases' lines, in purchase and line order. */
export function purchaseLinesOf(q: Scoped, purchaseIds: string[]) {
  return q('purchase_lines').whereIn('purchase_id', purchaseIds).orderBy(['purchase_id', 'line_no']);
}
