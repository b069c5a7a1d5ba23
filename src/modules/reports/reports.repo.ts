import type { Knex } from 'knex';
import type { Scoped } from '../../db/scoped';

// Every report is a few set-based statements: plain reads (no FOR UPDATE, no advisory
// locks), so a till never waits on a report. Every statement filters on program_id first and
// reads through an index that leads with it.

/** `:name` parameters (not `::cast`) → knex positional bindings. */
export function named(knex: Knex | Knex.Transaction, text: string, params: Record<string, unknown>) {
  const bindings: unknown[] = [];
  const sql = text.replace(/(?<!:):([a-zA-Z]\w*)/g, (_, name: string) => {
    if (!(name in params)) throw new Error(`no parameter :${name}`);
    bindings.push(params[name]);
    return '?';
  });
  return knex.raw(sql, bindings as Knex.RawBinding[]);
}

async function rows<T>(q: Scoped, text: string, params: Record<string, unknown>): Promise<T[]> {
  const r = await named(q.knex, text, { p: q.programId, ...params });
  return (r as { rows: T[] }).rows;
}

export async function pointValueSetting(q: Scoped): Promise<number | null> {
  const r = await q('report_settings').first('point_value_minor_per_100');
  return r?.point_value_minor_per_100 ?? null;
}

export async function savePointValue(q: Scoped, value: number | null, at: Date): Promise<void> {
  await q
    .insert('report_settings', { point_value_minor_per_100: value, updated_at: at })
    .onConflict('program_id')
    .merge(['point_value_minor_per_100', 'updated_at']);
}

/** Local midnight of `from` and of the day after `to`, in `tz`, as instants. */
export async function rangeBounds(
  q: Scoped,
  from: string,
  to: string,
  tz: string,
): Promise<{ start: Date; end: Date }> {
  const [r] = await rows<{ start: Date; end: Date }>(
    q,
    `SELECT (CAST(:from AS date))::timestamp AT TIME ZONE :tz AS start,
            (CAST(:to AS date) + 1)::timestamp AT TIME ZONE :tz AS "end"`,
    { from, to, tz },
  );
  return r!;
}

// --- liability ------------------------------------------------------------------------

/**
 * The points of each lot as they stood at :d, from immutable facts only: the ledger up to :d
 * (append-only), the lots' creation (points, available_at, created_at never change), and
 * each lot's expiry as it stood then (under INACTIVITY, the latest expiry any purchase up
 * to :d set, since a purchase pushes every live lot to its own expiry).
 *   P = pending at :d: its points less the purchase's reversals by :d (a refund takes the
 *       purchase's own lot first);  L = lapsed by :d;  A = spendable at :d.
 */
const LOTS_AT = `
  e AS (
    SELECT customer_id, kind, points, purchase_id, expires_at, lot_id, created_at
      FROM ledger_entries WHERE program_id = :p AND created_at <= :d
  ),
  rev AS (
    SELECT purchase_id, -sum(points) AS points FROM e
     WHERE kind = 'REVERSAL' AND points < 0 AND purchase_id IS NOT NULL GROUP BY purchase_id
  ),
  last_earn AS (
    SELECT customer_id, max(expires_at) AS expires_at FROM e WHERE kind = 'EARN' GROUP BY customer_id
  ),
  lots AS (
    SELECT l.customer_id, l.id, l.points, l.available_at, l.purchase_id,
           CASE WHEN :inactivity AND le.expires_at IS NOT NULL
                THEN greatest(le.expires_at, x.expires_at) ELSE le.expires_at END AS expires_at
      FROM point_lots l
      JOIN ledger_entries le ON le.program_id = l.program_id AND le.id = l.entry_id
      LEFT JOIN last_earn x ON x.customer_id = l.customer_id
     WHERE l.program_id = :p AND l.created_at <= :d
  ),
  st AS (
    SELECT lots.*,
           CASE WHEN available_at > :d THEN 'P' WHEN expires_at <= :d THEN 'L' ELSE 'A' END AS state,
           CASE WHEN available_at > :d THEN greatest(0, lots.points - coalesce(rev.points, 0)) ELSE 0 END
             AS pending_left
      FROM lots LEFT JOIN rev USING (purchase_id)
  ),
  -- Points lapsed by then but written off after it (or not yet): still in the ledger sum.
  lapsed AS (
    SELECT customer_id, sum(n) AS points FROM (
      SELECT customer_id, -points AS n FROM ledger_entries
       WHERE program_id = :p AND kind = 'EXPIRE' AND created_at > :d AND expires_at <= :d
      UNION ALL
      SELECT customer_id, remaining FROM point_lots
       WHERE program_id = :p AND remaining > 0 AND expires_at <= :d AND created_at <= :d
    ) z GROUP BY customer_id
  ),
  cust AS (
    SELECT b.customer_id, b.balance,
           coalesce(pd.pending, 0) AS pending,
           coalesce(lp.points, 0) AS lapsed,
           b.balance - coalesce(pd.pending, 0) - coalesce(lp.points, 0) AS available
      FROM (SELECT customer_id, sum(points) AS balance FROM e GROUP BY customer_id) b
      LEFT JOIN (SELECT customer_id, sum(pending_left) AS pending FROM st WHERE state = 'P' GROUP BY customer_id) pd
        USING (customer_id)
      LEFT JOIN lapsed lp USING (customer_id)
  )`;

export interface LiabilityTotals {
  outstanding: number;
  available: number;
  pending: number;
  lapsed_unswept: number;
  expired_total: number;
  redeemed_total: number;
  debt: number;
}

export async function liabilityTotals(q: Scoped, d: Date, inactivity: boolean): Promise<LiabilityTotals> {
  const [r] = await rows<Record<string, string>>(
    q,
    `WITH ${LOTS_AT}
     SELECT (SELECT coalesce(sum(balance), 0) FROM cust) AS outstanding,
            (SELECT coalesce(sum(greatest(available, 0)), 0) FROM cust) AS available,
            (SELECT coalesce(sum(pending), 0) FROM cust) AS pending,
            (SELECT coalesce(sum(-least(available, 0)), 0) FROM cust) AS debt,
            (SELECT coalesce(sum(lapsed), 0) FROM cust) AS lapsed_unswept,
            (SELECT coalesce(-sum(points), 0) FROM e WHERE kind = 'EXPIRE') AS expired_total,
            (SELECT coalesce(-sum(points), 0) FROM e WHERE kind = 'REDEEM') AS redeemed_total`,
    { d, inactivity },
  );
  return Object.fromEntries(Object.entries(r!).map(([k, v]) => [k, Number(v)])) as unknown as LiabilityTotals;
}

/**
 * When the points outstanding at :d lapse, by local month. Spending takes the oldest
 * spendable lot first, so a customer's spendable points at :d sit in their newest lots:
 * each lot keeps what is left of the customer's available points after the lots newer than it.
 */
export async function expirySchedule(
  q: Scoped,
  d: Date,
  inactivity: boolean,
  tz: string,
): Promise<{ month: string | null; points: number }[]> {
  const r = await rows<{ month: string | null; points: string }>(
    q,
    `WITH ${LOTS_AT},
     alloc AS (
       SELECT st.expires_at,
              greatest(0, least(st.points, c.available
                - (sum(st.points) OVER (PARTITION BY st.customer_id ORDER BY st.available_at DESC, st.id DESC)
                   - st.points))) AS points
         FROM st JOIN cust c USING (customer_id)
        WHERE st.state = 'A' AND c.available > 0
       UNION ALL
       SELECT expires_at, pending_left FROM st WHERE state = 'P' AND pending_left > 0
     )
     SELECT to_char(date_trunc('month', expires_at AT TIME ZONE :tz), 'YYYY-MM') AS month,
            sum(points) AS points
       FROM alloc WHERE points > 0
      GROUP BY 1 ORDER BY 1 NULLS LAST`,
    { d, inactivity, tz },
  );
  return r.map((x) => ({ month: x.month, points: Number(x.points) }));
}

/** Per customer at :d, for the CSV export: streamed, never held in memory. */
export function liabilityByCustomerStream(q: Scoped, d: Date, inactivity: boolean) {
  return named(
    q.knex,
    `WITH ${LOTS_AT}
     SELECT c.customer_id, cu.external_id, c.balance AS outstanding, greatest(c.available, 0) AS available,
            c.pending, -least(c.available, 0) AS debt
       FROM cust c JOIN customers cu ON cu.program_id = :p AND cu.id = c.customer_id
      ORDER BY c.customer_id`,
    { p: q.programId, d, inactivity },
  ).stream();
}

export async function customersWithLedger(q: Scoped, d: Date): Promise<number> {
  const [r] = await rows<{ n: string }>(
    q,
    'SELECT count(DISTINCT customer_id) AS n FROM ledger_entries WHERE program_id = :p AND created_at <= :d',
    { d },
  );
  return Number(r!.n);
}
