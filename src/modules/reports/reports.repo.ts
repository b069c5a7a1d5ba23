import type { Knex } from 'knex';
import { type Scoped, scoped } from '../../db/scoped';

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

/**
 * Report statements sort and hash a year of rows: they run in a read-only transaction with
 * REPORT_WORK_MEM for those (the default 4 MB spills a 100k-customer year to disk).
 */
const REPORT_WORK_MEM = '128MB';

const inTransaction = (q: Scoped) => 'isTransaction' in q.knex && q.knex.isTransaction === true;

/**
 * Runs a report's statements in one read-only REPEATABLE READ transaction: they all see one
 * snapshot (the roll-up's state and its rows, and the rows it has not counted yet, agree).
 */
export function reportSnapshot<T>(q: Scoped, fn: (q: Scoped) => Promise<T>): Promise<T> {
  if (inTransaction(q)) return fn(q);
  return q.knex.transaction(
    async (trx) => {
      await trx.raw(`SET LOCAL work_mem = '${REPORT_WORK_MEM}'`);
      return fn(scoped(trx, q.programId));
    },
    { readOnly: true, isolationLevel: 'repeatable read' },
  );
}

async function rows<T>(q: Scoped, text: string, params: Record<string, unknown>): Promise<T[]> {
  if (!inTransaction(q)) return reportSnapshot(q, (t) => rows<T>(t, text, params));
  // A query-planning aid for bench:reports (REPORTS_EXPLAIN=1): each statement's plan on stderr.
  if (process.env.REPORTS_EXPLAIN === '1') {
    const plan = await named(q.knex, `EXPLAIN (ANALYZE, BUFFERS) ${text}`, { p: q.programId, ...params });
    process.stderr.write(
      `${(plan as { rows: { 'QUERY PLAN': string }[] }).rows.map((r) => r['QUERY PLAN']).join('\n')}\n\n`,
    );
  }
  const t0 = performance.now();
  const r = await named(q.knex, text, { p: q.programId, ...params });
  if (process.env.REPORTS_EXPLAIN === 'time') {
    process.stderr.write(
      `${Math.round(performance.now() - t0)} ms  ${text.trim().slice(0, 60).replace(/\s+/g, ' ')}\n`,
    );
  }
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
 * Which customers a liability statement reads: all, or those in the CTE `cs` (the customers
 * whose figures changed between a snapshot and the date asked for).
 */
type Who = 'all' | 'cs';
const only = (who: Who, col = 'customer_id') =>
  who === 'cs' ? `AND ${col} IN (SELECT customer_id FROM cs)` : '';

/**
 * Per customer at instant `d` (a parameter), from immutable facts only: the ledger up to `d`
 * (append-only) and the lots' creation (points, available_at and created_at never change).
 *   balance  = the ledger's sum: the balance row less the entries written after `d` (the row
 *              is the ledger's running sum, written in the same transaction as each entry, so
 *              within one snapshot this is exactly the ledger's sum up to `d`, and costs only
 *              the entries since);
 *   pending  = lots not yet available at `d`, less their purchase's refunds by then (a refund
 *              takes the purchase's own lot first);
 *   lapsed   = points past their expiry at `d` that were still in the ledger then (written
 *              off after `d`, or not yet);
 *   available = balance − pending − lapsed (negative = debt).
 * CTEs suffixed `_x`, ending in cust_x; pend_x keeps the pending lots for the schedule.
 */
const customersAt = (x: string, d: string, who: Who) => `
  pl_${x} AS (
    SELECT customer_id, id, entry_id, purchase_id, points, available_at, expires_at, created_at FROM point_lots
     WHERE program_id = :p AND available_at > ${d} AND created_at <= ${d} ${only(who)}
  ),
  rev_${x} AS (
    SELECT r.purchase_id, -sum(r.points) AS points
      FROM (SELECT DISTINCT purchase_id FROM pl_${x} WHERE purchase_id IS NOT NULL) z
      JOIN ledger_entries r ON r.program_id = :p AND r.kind = 'REVERSAL' AND r.purchase_id = z.purchase_id
       AND r.created_at <= ${d} AND r.points < 0
     GROUP BY r.purchase_id
  ),
  pend_${x} AS (
    SELECT pl.*, greatest(0, pl.points - coalesce(rev.points, 0)) AS left_points
      FROM pl_${x} pl LEFT JOIN rev_${x} rev USING (purchase_id)
  ),
  lapsed_${x} AS (
    SELECT customer_id, sum(n) AS points FROM (
      SELECT customer_id, -points AS n FROM ledger_entries
       WHERE program_id = :p AND created_at > ${d} AND kind = 'EXPIRE' AND expires_at <= ${d} ${only(who)}
      UNION ALL
      SELECT customer_id, remaining FROM point_lots
       WHERE program_id = :p AND remaining > 0 AND expires_at <= ${d} AND created_at <= ${d} ${only(who)}
    ) z GROUP BY customer_id
  ),
  later_${x} AS (
    SELECT customer_id, sum(points) AS points FROM ledger_entries
     WHERE program_id = :p AND created_at > ${d} ${only(who)} GROUP BY customer_id
  ),
  cust_${x} AS (
    SELECT b.customer_id, b.points - coalesce(lt.points, 0) AS balance,
           coalesce(pd.pending, 0) AS pending, coalesce(lp.points, 0) AS lapsed,
           b.points - coalesce(lt.points, 0) - coalesce(pd.pending, 0) - coalesce(lp.points, 0) AS available
      FROM point_balances b
      LEFT JOIN later_${x} lt USING (customer_id)
      LEFT JOIN (SELECT customer_id, sum(left_points) AS pending FROM pend_${x} GROUP BY customer_id) pd
        USING (customer_id)
      LEFT JOIN lapsed_${x} lp USING (customer_id)
     WHERE b.program_id = :p ${only(who, 'b.customer_id')}
  )`;

/** The totals at `d` over cust_x, and the EXPIRE and REDEEM entries up to `d`: CTE tot_x. */
const totalsAt = (x: string, d: string, who: Who) => `
  kinds_${x} AS (
    SELECT coalesce(-sum(points) FILTER (WHERE kind = 'EXPIRE'), 0) AS expired,
           coalesce(-sum(points) FILTER (WHERE kind = 'REDEEM'), 0) AS redeemed
      FROM ledger_entries
     WHERE program_id = :p AND created_at <= ${d} AND kind IN ('EXPIRE', 'REDEEM') ${only(who)}
  ),
  tot_${x} AS (
    SELECT json_build_object(
      'outstanding', coalesce(sum(balance), 0),
      'available', coalesce(sum(greatest(available, 0)), 0),
      'pending', coalesce(sum(pending), 0),
      'debt', coalesce(sum(-least(available, 0)), 0),
      'lapsed_unswept', coalesce(sum(lapsed), 0),
      'expired_total', (SELECT expired FROM kinds_${x}),
      'redeemed_total', (SELECT redeemed FROM kinds_${x})) AS t FROM cust_${x}
  )`;

/**
 * Lots spendable at `d`, of customers with available points, with their expiry as it stood
 * then. Under INACTIVITY a purchase pushes every live lot to its own expiry, so that is the
 * latest expiry any EARN entry up to `d` set (or the lot's own, if later: CTE lastearn_x);
 * otherwise the lot's expires_at, which nothing changes.
 */
const liveLots = (x: string, d: string, who: Who, inactivity: boolean) =>
  inactivity
    ? `SELECT l.customer_id, l.id, l.points, l.available_at,
              CASE WHEN le.expires_at IS NULL THEN NULL ELSE greatest(le.expires_at, z.m) END AS expires_at
         FROM point_lots l
         JOIN ledger_entries le ON le.program_id = l.program_id AND le.id = l.entry_id
         LEFT JOIN lastearn_${x} z ON z.customer_id = l.customer_id
        WHERE l.program_id = :p AND l.created_at <= ${d} AND l.available_at <= ${d}
          AND l.customer_id IN (SELECT customer_id FROM cust_${x} WHERE available > 0)
        ORDER BY l.customer_id, l.available_at DESC, l.id DESC`
    : `SELECT l.customer_id, l.id, l.points, l.available_at, l.expires_at
         FROM point_lots l
        WHERE l.program_id = :p AND l.created_at <= ${d} AND l.available_at <= ${d} ${only(who, 'l.customer_id')}
        ORDER BY l.customer_id, l.available_at DESC, l.id DESC`;

/** Pending lots with what is left of them, and their expiry as it stood at `d` (as liveLots). */
const pendingLots = (x: string, inactivity: boolean) =>
  inactivity
    ? `SELECT CASE WHEN le.expires_at IS NULL THEN NULL ELSE greatest(le.expires_at, z.m) END AS expires_at,
              p.left_points
         FROM pend_${x} p
         JOIN ledger_entries le ON le.program_id = :p AND le.id = p.entry_id
         LEFT JOIN lastearn_${x} z ON z.customer_id = p.customer_id
        WHERE p.left_points > 0`
    : `SELECT expires_at, left_points FROM pend_${x} WHERE left_points > 0`;

/**
 * The expiry schedule at `d` by local month (:tz): CTE sched_x (month 'YYYY-MM' or null,
 * points). Spending takes the oldest spendable lot first, so a customer's available points
 * at `d` sit in their newest live lots: each lot keeps what is left of the customer's
 * available points after the lots newer than it. Pending lots keep their points less their
 * purchase's refunds.
 */
const scheduleAt = (x: string, d: string, who: Who, inactivity: boolean) => `${
  inactivity
    ? `lastearn_${x} AS (
         SELECT customer_id, max(expires_at) AS m FROM ledger_entries
          WHERE program_id = :p AND kind = 'EARN' AND created_at <= ${d} ${only(who)}
          GROUP BY customer_id
       ),`
    : ''
}
  live_${x} AS (${liveLots(x, d, who, inactivity)}),
  cum_${x} AS (
    SELECT customer_id, expires_at, points,
           sum(points) OVER (PARTITION BY customer_id ORDER BY available_at DESC, id DESC) - points AS newer
      FROM live_${x}
  ),
  alloc_${x} AS (
    SELECT c.expires_at, greatest(0, least(c.points, cu.available - c.newer)) AS points
      FROM cum_${x} c JOIN cust_${x} cu USING (customer_id)
     WHERE c.expires_at IS NULL OR c.expires_at > ${d}
    UNION ALL
    ${pendingLots(x, inactivity)}
  ),
  -- Quarter hours first (every zone's offset is a multiple of 15 minutes), then local months.
  q15_${x} AS (
    SELECT ${quarter('expires_at')} AS b, sum(points) AS points FROM alloc_${x} WHERE points > 0 GROUP BY 1
  ),
  sched_${x} AS (
    SELECT to_char(m, 'YYYY-MM') AS month, points FROM (
      SELECT date_trunc('month', b AT TIME ZONE :tz) AS m, sum(points) AS points FROM q15_${x} GROUP BY 1
    ) g
  )`;

export interface LiabilityTotals {
  outstanding: number;
  available: number;
  pending: number;
  debt: number;
  lapsed_unswept: number;
  expired_total: number;
  redeemed_total: number;
}

export interface LiabilityFigures {
  totals: LiabilityTotals;
  schedule: { month: string | null; points: number }[];
}

const numbers = (r: Record<string, string | number>) =>
  Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v)])) as unknown as LiabilityTotals;

const figures = (f: {
  t: Record<string, string | number>;
  s: { month: string | null; points: number }[] | null;
}) => ({
  totals: numbers(f.t),
  schedule: (f.s ?? []).map((x) => ({ month: x.month, points: Number(x.points) })),
});

/** The liability's totals at :d over every customer (no per-lot work). */
export async function liabilityTotals(q: Scoped, d: Date): Promise<LiabilityTotals> {
  const [r] = await rows<{ t: Record<string, string | number> }>(
    q,
    `WITH ${customersAt('a', ':d', 'all')}, ${totalsAt('a', ':d', 'all')} SELECT t FROM tot_a`,
    { d },
  );
  return numbers(r!.t);
}

/** Totals and expiry schedule at :d over every customer: a window over every live lot. */
export async function liabilityFigures(
  q: Scoped,
  d: Date,
  inactivity: boolean,
  tz: string,
): Promise<LiabilityFigures> {
  const [r] = await rows<{ f: Parameters<typeof figures>[0] }>(
    q,
    `WITH ${customersAt('a', ':d', 'all')}, ${totalsAt('a', ':d', 'all')}, ${scheduleAt('a', ':d', 'all', inactivity)}
     SELECT json_build_object('t', (SELECT t FROM tot_a),
                              's', (SELECT json_agg(s ORDER BY s.month NULLS LAST) FROM sched_a s)) AS f`,
    { d, tz },
  );
  return figures(r!.f);
}

/**
 * The customers whose liability figures can differ between instants :lo and :hi: those with
 * a ledger entry written, a lot becoming available, or an expiry (of a lot's entry, or under
 * INACTIVITY of the latest earn) in (:lo, :hi]. Every fact a customer's figures at t read is
 * one of these, or is written by then (the ledger, lots, refunds), or does not move (points
 * lapsed by t stay lapsed, in the lot or in the EXPIRE entry that writes them off).
 */
const CHANGED = `
  cs AS MATERIALIZED (
    SELECT customer_id FROM ledger_entries WHERE program_id = :p AND created_at > :lo AND created_at <= :hi
    UNION
    SELECT customer_id FROM point_lots WHERE program_id = :p AND available_at > :lo AND available_at <= :hi
    UNION
    SELECT customer_id FROM ledger_entries WHERE program_id = :p AND expires_at > :lo AND expires_at <= :hi
  )`;

/**
 * The figures at :at and at :from of the customers whose figures can differ between the two
 * (CHANGED): a snapshot's figures at :from, less `from`, plus `at`, are every customer's at
 * :at (liabilitySnapshots). A few customers' lots, not every one's.
 */
export async function changedFigures(
  q: Scoped,
  at: Date,
  from: Date,
  inactivity: boolean,
  tz: string,
): Promise<{ at: LiabilityFigures; from: LiabilityFigures; customers: number }> {
  const [lo, hi] = at > from ? [from, at] : [at, from];
  const [r] = await rows<{ a: Parameters<typeof figures>[0]; b: Parameters<typeof figures>[0]; n: number }>(
    q,
    `WITH ${CHANGED},
     ${customersAt('a', ':at', 'cs')}, ${totalsAt('a', ':at', 'cs')}, ${scheduleAt('a', ':at', 'cs', inactivity)},
     ${customersAt('b', ':from', 'cs')}, ${totalsAt('b', ':from', 'cs')}, ${scheduleAt('b', ':from', 'cs', inactivity)}
     SELECT json_build_object('t', (SELECT t FROM tot_a), 's', (SELECT json_agg(s) FROM sched_a s)) AS a,
            json_build_object('t', (SELECT t FROM tot_b), 's', (SELECT json_agg(s) FROM sched_b s)) AS b,
            (SELECT count(*) FROM cs)::int AS n`,
    { at, from, lo, hi, tz },
  );
  return { at: figures(r!.a), from: figures(r!.b), customers: r!.n };
}

/** Per customer enrolled by :d, for the CSV export (run through a cursor): SQL and bindings. */
export function LIABILITY_BY_CUSTOMER(knex: Knex | Knex.Transaction, params: { p: string; d: Date }) {
  return named(
    knex,
    `WITH ${customersAt('a', ':d', 'all')}
     SELECT cu.id AS customer_id, cu.external_id, coalesce(c.balance, 0) AS outstanding,
            greatest(coalesce(c.available, 0), 0) AS available, coalesce(c.pending, 0) AS pending,
            -least(coalesce(c.available, 0), 0) AS debt
       FROM customers cu LEFT JOIN cust_a c ON c.customer_id = cu.id
      WHERE cu.program_id = :p AND cu.enrolled_at <= :d
      ORDER BY cu.id`,
    params,
  ).toSQL();
}

// --- programme health -------------------------------------------------------------------

/** The local start of the period holding `col`, as 'YYYY-MM-DD'. */
const bucket = (col: string) => `to_char(date_trunc(:unit, ${col} AT TIME ZONE :tz), 'YYYY-MM-DD')`;

/**
 * The quarter hour holding `col`. Every zone's offset is a multiple of 15 minutes, so rows are
 * first grouped by quarter hour (arithmetic, no time-zone lookup per row) and only the
 * groups are turned into local periods: a year has 35,000 quarter hours, not millions of rows.
 */
/**
 * Ledger points by what moved them, each as a positive figure: issued (earned and bonus),
 * redeemed, expired, reversed (taken back by a refund), returned (given back by one), adjusted
 * (signed). Over `ledger_entries` rows; the health report and its daily roll-ups both use it.
 */
export const POINTS_BY_KIND = `
  coalesce(sum(points) FILTER (WHERE kind IN ('EARN', 'BONUS')), 0) AS issued,
  coalesce(-sum(points) FILTER (WHERE kind = 'REDEEM'), 0) AS redeemed,
  coalesce(-sum(points) FILTER (WHERE kind = 'EXPIRE'), 0) AS expired,
  coalesce(-sum(points) FILTER (WHERE kind = 'REVERSAL' AND points < 0), 0) AS reversed,
  coalesce(sum(points) FILTER (WHERE kind = 'REVERSAL' AND points > 0), 0) AS returned,
  coalesce(sum(points) FILTER (WHERE kind = 'ADJUST'), 0) AS adjusted`;

export const quarter = (col: string) =>
  `date_bin('15 minutes', ${col}, TIMESTAMPTZ '2000-01-01 00:00:00+00')`;

export interface HealthArgs {
  start: Date;
  end: Date;
  from: string;
  to: string;
  tz: string;
  unit: 'day' | 'week' | 'month';
}

type Num = Record<string, string | number | null>;

export async function periodStarts(q: Scoped, a: HealthArgs): Promise<string[]> {
  const r = await rows<{ b: string }>(
    q,
    `SELECT to_char(g, 'YYYY-MM-DD') AS b
       FROM generate_series(date_trunc(:unit, CAST(:from AS date)::timestamp), CAST(:to AS date)::timestamp,
                            CAST('1 ' || :unit AS interval)) g`,
    { ...a },
  );
  return r.map((x) => x.b);
}

export interface Enrolments {
  periods: (Num & { b: string })[];
  /** Customers enrolled in each local month of the range ('YYYY-MM'): the cohorts' sizes. */
  months: { cohort: string; size: number }[];
  total: number;
}

/** Enrolments per period and per local month, and in all, from one scan of enrolled_at. */
export async function enrolments(q: Scoped, a: HealthArgs): Promise<Enrolments> {
  const [row] = await rows<{ r: { p: (Num & { b: string })[] | null; m: Enrolments['months'] | null } }>(
    q,
    `WITH z AS (
       SELECT ${quarter('enrolled_at')} AS q, count(*) AS n
         FROM customers WHERE program_id = :p AND enrolled_at >= :start AND enrolled_at < :end GROUP BY 1
     ), l AS (
       SELECT q AT TIME ZONE :tz AS lt, n FROM z
     )
     SELECT json_build_object(
       'p', (SELECT json_agg(x) FROM (SELECT to_char(date_trunc(:unit, lt), 'YYYY-MM-DD') AS b, sum(n) AS enrolled
                                        FROM l GROUP BY 1) x),
       'm', (SELECT json_agg(y ORDER BY cohort) FROM (SELECT to_char(lt, 'YYYY-MM') AS cohort, sum(n) AS size
                                                        FROM l GROUP BY 1) y)) AS r`,
    { ...a },
  );
  const months = (row!.r.m ?? []).map((m) => ({ cohort: m.cohort, size: Number(m.size) }));
  return {
    periods: row!.r.p ?? [],
    months,
    total: months.reduce((t, m) => t + m.size, 0),
  };
}

/**
 * Signed purchase facts, as CTEs ending in `f`: purchases with the same customer's previous
 * one (any time before), as local days (:tz) and the whole hours between them.
 *   'all':   every purchase recorded before :c1 (s = 1);
 *   'since': the customers with a purchase recorded in [:c0, :c1): their purchases recorded
 *            before :c1 (s = 1) and, again, those recorded before :c0 (s = −1). Summed, that
 *            is what a roll-up of the purchases recorded before :c0 lacks to be one of those
 *            before :c1: a purchase recorded late also moves its customer's next purchase's
 *            gap and first-in-month.
 * The window reads purchases_customer in its order (customer, newest first): no sort.
 */
export const PURCHASE_FACTS = (scope: 'all' | 'since') => {
  const version = (s: number, bound: string) => `
    SELECT ${s} AS s, p.customer_id, p.occurred_at, p.total_minor,
           lead(p.occurred_at) OVER (PARTITION BY p.customer_id ORDER BY p.occurred_at DESC, p.id DESC) AS prev_at
      FROM purchases p
     WHERE p.program_id = :p AND p.recorded_at < ${bound}
       ${scope === 'since' ? 'AND p.customer_id IN (SELECT customer_id FROM dc)' : ''}`;
  return `${
    scope === 'since'
      ? `dc AS (SELECT DISTINCT customer_id FROM purchases
                 WHERE program_id = :p AND recorded_at >= :c0 AND recorded_at < :c1),`
      : ''
  }
  v AS (${scope === 'since' ? `${version(1, ':c1')} UNION ALL ${version(-1, ':c0')}` : version(1, ':c1')}),
  f AS (
    SELECT s, customer_id, total_minor, (occurred_at AT TIME ZONE :tz)::date AS day,
           (prev_at AT TIME ZONE :tz)::date AS prev_day,
           floor(extract(epoch FROM occurred_at - prev_at) / 3600)::int AS h
      FROM v
  )`;
};

/**
 * The median of each key's histogram, from `hist` (k, h, n): the middle value, or the mean
 * of the two middle ones (n may be negative for a value the roll-up counted and a late
 * purchase moved; only the sums count).
 */
export const MEDIAN = (hist: string) => `
  SELECT k, (min(h) FILTER (WHERE cum >= (tot - 1) / 2 + 1) + min(h) FILTER (WHERE cum >= tot / 2 + 1)) / 2.0 AS median
    FROM (SELECT k, h, sum(n) OVER (PARTITION BY k ORDER BY h) AS cum, (sum(n) OVER (PARTITION BY k))::bigint AS tot
            FROM ${hist}) x
   GROUP BY k`;

/** Purchases per period with, for each, the customer's previous purchase (any time before). */
export interface PurchaseActivity {
  periods: (Num & { b: string })[];
  totals: { purchases: number; sales_minor: number; active: number };
  /** Retention: of the customers enrolled in local month `cohort`, how many bought `month_offset` months after. */
  cohorts: { cohort: string; month_offset: number; active: number }[];
}

/** A usable roll-up for this report: in its time zone, with what it covers (recorded before cutoff). */
export type Rolled = { cutoff: Date } | null;

/** `prev_cum`'s count of purchases whose previous one was at most `k` days before. */
const within = (k: string) => `coalesce(r.prev_cum[least(${k} + 1, cardinality(r.prev_cum))], 0)`;

/**
 * Everything health reads from purchases, in one statement: per period (purchases, sales,
 * active and returning customers, the median gap to the previous purchase), the range's
 * totals and the retention cohorts (customers enrolled in each local month of the range, and
 * how many of them bought in each month after). A customer is active in a period when their
 * first purchase in it (in the range) had none before the period began, and returning when it
 * had one.
 *
 * With a roll-up (`rolled`), the days come from report_days and the customers with purchases
 * recorded since its cutoff are counted again (PURCHASE_FACTS 'since'): a few rows, not a
 * year of purchases. Without one, from every purchase (PURCHASE_FACTS 'all').
 */
export async function purchaseActivity(q: Scoped, a: HealthArgs, rolled: Rolled): Promise<PurchaseActivity> {
  const [row] = await rows<{
    r: {
      p: Record<string, string | number>[] | null;
      t: Record<string, number>;
      c: { cohort: string; month_offset: number; active: number }[] | null;
    };
  }>(
    q,
    `WITH ${PURCHASE_FACTS(rolled ? 'since' : 'all')},
     fd AS (
       SELECT f.*, date_trunc(:unit, f.day::timestamp)::date AS b FROM f
        WHERE f.day BETWEEN CAST(:from AS date) AND CAST(:to AS date)
     ), rd AS (
       SELECT r.*, date_trunc(:unit, r.day::timestamp)::date AS b FROM report_days r
        WHERE :rolled AND r.program_id = :p AND r.day BETWEEN CAST(:from AS date) AND CAST(:to AS date)
     ), per AS (
       SELECT b, sum(purchases) AS purchases, sum(sales_minor) AS sales_minor, sum(active) AS active,
              sum("returning") AS "returning"
         FROM (
           SELECT b, purchases, sales_minor, purchases - ${within('r.day - r.b')} AS active,
                  purchases - no_prev - ${within('r.day - r.b')} AS "returning"
             FROM rd r
           UNION ALL
           SELECT b, s, s * total_minor, CASE WHEN prev_day IS NULL OR prev_day < b THEN s ELSE 0 END,
                  CASE WHEN prev_day < b THEN s ELSE 0 END
             FROM fd
         ) z GROUP BY b
     ), dgap AS (
       SELECT b, h, sum(s) AS n FROM fd WHERE h IS NOT NULL GROUP BY b, h HAVING sum(s) <> 0
     ), merge AS (
       -- Periods whose stored median does not hold: cut by the range, or with purchases the
       -- roll-up has not counted. Their days' histograms are merged.
       SELECT b FROM per
        WHERE b < CAST(:from AS date) OR (b + CAST('1 ' || :unit AS interval))::date - 1 > CAST(:to AS date)
       UNION SELECT b FROM dgap
     ), hist AS (
       SELECT b AS k, h, sum(n) AS n FROM (
         SELECT r.b, g.h, g.n FROM rd r CROSS JOIN LATERAL unnest(r.gap_h, r.gap_n) g(h, n)
          WHERE r.b IN (SELECT b FROM merge)
         UNION ALL SELECT b, h, n FROM dgap
       ) z GROUP BY 1, 2 HAVING sum(n) <> 0
     ), med AS (
       ${MEDIAN('hist')}
       UNION ALL
       SELECT start, median_gap_h FROM report_medians
        WHERE :rolled AND program_id = :p AND unit = :unit
          AND start BETWEEN date_trunc(:unit, CAST(:from AS timestamp))::date AND CAST(:to AS date)
          AND start NOT IN (SELECT b FROM merge)
     ), periods AS (
       SELECT to_char(per.b, 'YYYY-MM-DD') AS b, per.purchases, per.sales_minor, per.active,
              per."returning", med.median AS median_gap_h
         FROM per LEFT JOIN med ON med.k = per.b
     ), totals AS (
       SELECT coalesce(sum(purchases), 0) AS purchases, coalesce(sum(sales_minor), 0) AS sales_minor,
              coalesce(sum(first), 0) AS active FROM (
         SELECT r.purchases, r.sales_minor, r.purchases - ${within('r.day - CAST(:from AS date)')} AS first FROM rd r
         UNION ALL
         SELECT s, s * total_minor, CASE WHEN prev_day IS NULL OR prev_day < CAST(:from AS date) THEN s ELSE 0 END
           FROM fd
       ) z
     ), grid AS (
       SELECT cm, m, sum(active) AS active FROM (
         -- First purchases in a month, by enrolment day, counted when in the range.
         SELECT date_trunc('month', c.enrol_day::timestamp)::date AS cm, c.month AS m,
                c.first_cum[least(CAST(:to AS date), (c.month + interval '1 month')::date - 1) - c.month + 1]
                - coalesce(c.first_cum[greatest(CAST(:from AS date), c.month) - c.month], 0) AS active
           FROM report_cohorts c
          WHERE :rolled AND c.program_id = :p AND c.enrol_day BETWEEN CAST(:from AS date) AND CAST(:to AS date)
            AND c.month BETWEEN date_trunc('month', CAST(:from AS timestamp))::date AND CAST(:to AS date)
         UNION ALL
         SELECT date_trunc('month', cu.enrolled_at AT TIME ZONE :tz)::date, date_trunc('month', fd.day::timestamp)::date,
                fd.s
           FROM fd JOIN customers cu ON cu.program_id = :p AND cu.id = fd.customer_id
          WHERE (fd.prev_day IS NULL OR date_trunc('month', fd.prev_day::timestamp) <> date_trunc('month', fd.day::timestamp))
            AND cu.enrolled_at >= :start AND cu.enrolled_at < :end
       ) z WHERE m >= cm GROUP BY 1, 2
     ), cohorts AS (
       SELECT to_char(cm, 'YYYY-MM') AS cohort,
              ((extract(year FROM m) - extract(year FROM cm)) * 12 + extract(month FROM m) - extract(month FROM cm))::int
                AS month_offset,
              active
         FROM grid
     )
     SELECT json_build_object(
       'p', (SELECT json_agg(periods) FROM periods),
       't', (SELECT row_to_json(totals) FROM totals),
       'c', (SELECT json_agg(cohorts ORDER BY cohort, month_offset) FROM cohorts)) AS r`,
    { ...a, rolled: rolled !== null, c0: rolled?.cutoff ?? '-infinity', c1: 'infinity' },
  );
  const r = row!.r;
  return {
    periods: (r.p ?? []).map((x) => ({ ...x, b: String(x.b) })),
    totals: {
      purchases: Number(r.t.purchases),
      sales_minor: Number(r.t.sales_minor),
      active: Number(r.t.active),
    },
    cohorts: (r.c ?? []).map((c) => ({ ...c, active: Number(c.active) })),
  };
}

/**
 * Points by kind per period (by when the ledger wrote them): the roll-up's days, and the
 * entries written since its cutoff grouped by quarter hour (no time-zone lookup per row).
 */
export function ledgerByPeriod(q: Scoped, a: HealthArgs, rolled: Rolled) {
  return rows<Num & { b: string }>(
    q,
    `SELECT b, sum(issued) AS points_issued, sum(redeemed) AS points_redeemed, sum(expired) AS points_expired,
            sum(reversed) AS points_reversed, sum(returned) AS points_returned, sum(adjusted) AS points_adjusted
       FROM (
         SELECT to_char(date_trunc(:unit, day::timestamp), 'YYYY-MM-DD') AS b, points_issued AS issued,
                points_redeemed AS redeemed, points_expired AS expired, points_reversed AS reversed,
                points_returned AS returned, points_adjusted AS adjusted
           FROM report_days
          WHERE :rolled AND program_id = :p AND day BETWEEN CAST(:from AS date) AND CAST(:to AS date)
         UNION ALL
         SELECT ${bucket('q')}, issued, redeemed, expired, reversed, returned, adjusted FROM (
           SELECT ${quarter('created_at')} AS q,
                  ${POINTS_BY_KIND}
             FROM ledger_entries
            WHERE program_id = :p AND created_at >= greatest(CAST(:start AS timestamptz), CAST(:cut AS timestamptz)) AND created_at < :end GROUP BY 1
         ) z
       ) y GROUP BY b`,
    { ...a, rolled: rolled !== null, cut: rolled?.cutoff ?? '-infinity' },
  );
}

/** Rewards issued and used per period: the roll-up's days and what happened since its cutoff. */
export function rewardsByPeriod(q: Scoped, a: HealthArgs, rolled: Rolled) {
  return rows<Num & { b: string }>(
    q,
    `SELECT b, sum(i) AS rewards_issued, sum(u) AS rewards_used FROM (
       SELECT to_char(date_trunc(:unit, day::timestamp), 'YYYY-MM-DD') AS b, rewards_issued AS i, rewards_used AS u
         FROM report_days
        WHERE :rolled AND program_id = :p AND day BETWEEN CAST(:from AS date) AND CAST(:to AS date)
       UNION ALL
       SELECT ${bucket('q')}, i, u FROM (
         SELECT ${quarter('issued_at')} AS q, count(*) AS i, 0 AS u FROM issued_rewards
          WHERE program_id = :p AND issued_at >= greatest(CAST(:start AS timestamptz), CAST(:cut AS timestamptz)) AND issued_at < :end GROUP BY 1
         UNION ALL
         SELECT ${quarter('used_at')}, 0, count(*) FROM issued_rewards
          WHERE program_id = :p AND used_at >= greatest(CAST(:start AS timestamptz), CAST(:cut AS timestamptz)) AND used_at < :end GROUP BY 1
       ) z
     ) y GROUP BY b`,
    { ...a, rolled: rolled !== null, cut: rolled?.cutoff ?? '-infinity' },
  );
}

/** Tier moves per period: up or down by the tiers' ranks (no tier ranks below every tier). */
export function tierMovesByPeriod(q: Scoped, a: HealthArgs) {
  return rows<Num & { b: string }>(
    q,
    `SELECT ${bucket('z.q')} AS b,
            coalesce(sum(z.n) FILTER (WHERE coalesce(t.rank, 0) > coalesce(f.rank, 0)), 0) AS tier_upgrades,
            coalesce(sum(z.n) FILTER (WHERE coalesce(t.rank, 0) < coalesce(f.rank, 0)), 0) AS tier_downgrades
       FROM (
         SELECT ${quarter('created_at')} AS q, from_tier_id, to_tier_id, count(*) AS n FROM tier_history
          WHERE program_id = :p AND created_at >= :start AND created_at < :end GROUP BY 1, 2, 3
       ) z
       LEFT JOIN tiers f ON f.program_id = :p AND f.id = z.from_tier_id
       LEFT JOIN tiers t ON t.program_id = :p AND t.id = z.to_tier_id
      GROUP BY 1`,
    { ...a },
  );
}

/** Members per tier at the end of the range, from the tier history (no tier = null). */
export async function tierMixAt(q: Scoped, end: Date) {
  const r = await rows<{ tier_id: string | null; name: string | null; customers: string }>(
    q,
    `WITH last AS (
       SELECT DISTINCT ON (customer_id) customer_id, to_tier_id
         FROM tier_history WHERE program_id = :p AND created_at < :end
        ORDER BY customer_id, created_at DESC, id DESC
     ), mix AS (
       SELECT l.to_tier_id AS tier_id, count(*) AS n FROM last l GROUP BY 1
       UNION ALL
       -- Customers enrolled by then with no tier history: all of them (an index-only count)
       -- less those with some.
       SELECT NULL, (SELECT count(*) FROM customers WHERE program_id = :p AND enrolled_at < :end)
                    - (SELECT count(*) FROM last l JOIN customers c ON c.program_id = :p AND c.id = l.customer_id
                        WHERE c.enrolled_at < :end)
     )
     SELECT m.tier_id, t.name, sum(m.n) AS customers
       FROM mix m LEFT JOIN tiers t ON t.program_id = :p AND t.id = m.tier_id
      GROUP BY m.tier_id, t.name, t.rank ORDER BY t.rank NULLS FIRST`,
    { end },
  );
  return r.map((x) => ({ tierId: x.tier_id, name: x.name, customers: Number(x.customers) }));
}

// --- rules: cost and effect --------------------------------------------------------------

export interface RuleCostRow {
  id: string;
  name: string;
  status: string;
  budget_used: string;
  definition: { limits?: { budget?: { kind: string; amount: number } }; holdoutPercent?: number };
  matches: string | null;
  customers: string | null;
  pending: string | null;
  cancelled: string | null;
  points: string | null;
  rewards: string | null;
  reward_points: string | null;
  held_out: string | null;
}

/** Per rule in the range: what it matched, gave and cost; who it held out. */
export function ruleCosts(q: Scoped, start: Date, end: Date) {
  return rows<RuleCostRow>(
    q,
    `WITH a AS (
       -- Per customer first (a hash aggregate; count(DISTINCT) would sort every match).
       SELECT rule_id, sum(n) AS matches, count(*) FILTER (WHERE n > 0) AS customers,
              sum(pending) AS pending, sum(cancelled) AS cancelled
         FROM (
           SELECT rule_id, customer_id, count(*) FILTER (WHERE status <> 'CANCELLED') AS n,
                  count(*) FILTER (WHERE status = 'PENDING') AS pending,
                  count(*) FILTER (WHERE status = 'CANCELLED') AS cancelled
             FROM rule_applications WHERE program_id = :p AND applied_at >= :start AND applied_at < :end
            GROUP BY rule_id, customer_id
         ) z
        GROUP BY rule_id
     ), pts AS (
       SELECT v.rule_id, sum(le.points) AS points
         FROM ledger_entries le
         JOIN rule_versions v ON v.program_id = le.program_id AND v.id = le.rule_version_id
        WHERE le.program_id = :p AND le.kind = 'BONUS' AND le.created_at >= :start AND le.created_at < :end
        GROUP BY v.rule_id
     ), rw AS (
       SELECT v.rule_id, count(*) AS rewards, sum(ir.cost_points) AS reward_points
         FROM issued_rewards ir
         JOIN rule_versions v ON v.program_id = ir.program_id AND v.id = ir.rule_version_id
        WHERE ir.program_id = :p AND ir.issued_at >= :start AND ir.issued_at < :end
        GROUP BY v.rule_id
     ), h AS (
       SELECT rule_id, count(*) AS held_out FROM (
         SELECT DISTINCT rule_id, customer_id
           FROM rule_holdouts WHERE program_id = :p AND held_at >= :start AND held_at < :end
       ) z GROUP BY rule_id
     )
     SELECT r.id, r.name, r.status, r.budget_used, v.definition,
            a.matches, a.customers, a.pending, a.cancelled, pts.points, rw.rewards, rw.reward_points,
            h.held_out
       FROM rules r
       JOIN rule_versions v ON v.program_id = r.program_id AND v.rule_id = r.id AND v.version = r.version
       LEFT JOIN a ON a.rule_id = r.id
       LEFT JOIN pts ON pts.rule_id = r.id
       LEFT JOIN rw ON rw.rule_id = r.id
       LEFT JOIN h ON h.rule_id = r.id
      WHERE r.program_id = :p
      ORDER BY r.created_at, r.id`,
    { start, end },
  );
}

export interface GroupOutcome {
  g: 'T' | 'H';
  n: string;
  returned: string;
  mean: string | null;
  var: string | null;
}

/**
 * Treated (the rule acted) and held-out customers of one rule: each customer once, from
 * their first match in the range whose follow-up window has ended by :now. A customer
 * returned when they bought again within :days days after that match (the matching
 * purchase itself not counted); spend is what those purchases came to.
 *
 * With roll-ups (`rolled`), each customer's purchases come from report_customers (in order,
 * with their running sum: the window is two binary searches), or, for those with a purchase
 * recorded since its cutoff, from purchases; without, from a join with every purchase.
 */
export function ruleOutcomes(
  q: Scoped,
  a: { ruleId: string; start: Date; end: Date; now: Date; days: number },
  rolled: Rolled,
) {
  const groups = `s AS (
       SELECT 'T' AS g, customer_id, min(applied_at) AS t0 FROM rule_applications
        WHERE program_id = :p AND rule_id = :rule AND status <> 'CANCELLED'
          AND applied_at >= :start AND applied_at < :end
        GROUP BY customer_id
       UNION ALL
       SELECT 'H', customer_id, min(held_at) FROM rule_holdouts
        WHERE program_id = :p AND rule_id = :rule AND held_at >= :start AND held_at < :end
        GROUP BY customer_id
     )`;
  const outcome = `SELECT g, count(*) AS n, count(*) FILTER (WHERE visits > 0) AS returned,
            avg(spend) AS mean, var_samp(spend) AS var
       FROM f GROUP BY g`;
  if (!rolled) {
    return rows<GroupOutcome>(
      q,
      `WITH ${groups}, f AS (
         SELECT s.g, s.customer_id, count(p.id) AS visits, coalesce(sum(p.total_minor), 0) AS spend
           FROM s
           LEFT JOIN purchases p ON p.program_id = :p AND p.customer_id = s.customer_id
                AND p.occurred_at > s.t0 AND p.occurred_at <= s.t0 + make_interval(days => :days)
          WHERE s.t0 + make_interval(days => :days) <= :now
          GROUP BY s.g, s.customer_id
       )
       ${outcome}`,
      { rule: a.ruleId, start: a.start, end: a.end, now: a.now, days: a.days },
    );
  }
  return rows<GroupOutcome>(
    q,
    `WITH ${groups}, w AS (
       SELECT g, customer_id, t0, t0 + make_interval(days => :days) AS t1 FROM s
        WHERE t0 + make_interval(days => :days) <= :now
     ), recent AS (
       -- Customers with a purchase recorded since the roll-up: their purchases as they are now.
       SELECT customer_id, array_agg(occurred_at ORDER BY occurred_at, id) AS purchase_at,
              array_agg(cum ORDER BY occurred_at, id) AS spend_cum
         FROM (
           SELECT customer_id, id, occurred_at,
                  sum(total_minor) OVER (PARTITION BY customer_id ORDER BY occurred_at, id) AS cum
             FROM purchases
            WHERE program_id = :p
              AND customer_id IN (SELECT customer_id FROM purchases WHERE program_id = :p AND recorded_at >= :cut)
         ) z GROUP BY customer_id
     ), f AS (
       SELECT w.g, w.customer_id, w.t0, w.t1,
              coalesce(r.purchase_at, c.purchase_at) AS at, coalesce(r.spend_cum, c.spend_cum) AS cum
         FROM w
         LEFT JOIN report_customers c ON c.program_id = :p AND c.customer_id = w.customer_id
         LEFT JOIN recent r ON r.customer_id = w.customer_id
     ), o AS (
       -- width_bucket(x, sorted) = how many are at or before x.
       SELECT g, coalesce(width_bucket(t1, at) - width_bucket(t0, at), 0) AS visits,
              coalesce(cum[width_bucket(t1, at)], 0) - coalesce(cum[width_bucket(t0, at)], 0) AS spend
         FROM f
     )
     SELECT g, count(*) AS n, count(*) FILTER (WHERE visits > 0) AS returned,
            avg(spend) AS mean, var_samp(spend) AS var
       FROM o GROUP BY g`,
    { rule: a.ruleId, start: a.start, end: a.end, now: a.now, days: a.days, cut: rolled.cutoff },
  );
}

// --- messaging and feedback ---------------------------------------------------------------

/** Unsubscribes count against a newsletter when made within this many days of its delivery. */
export const UNSUBSCRIBE_DAYS = 7;

export function newsletterStats(q: Scoped, start: Date, end: Date) {
  return rows<Record<string, string | null>>(
    q,
    `WITH m AS (
       SELECT id, newsletter_id, customer_id, status, error, sent_at FROM messages
        WHERE program_id = :p AND newsletter_id IS NOT NULL AND queued_at >= :start AND queued_at < :end
     ), s AS (
       SELECT newsletter_id, count(*) AS recipients,
              count(*) FILTER (WHERE status = 'SENT') AS delivered,
              count(*) FILTER (WHERE status IN ('FAILED', 'DEAD')) AS failed,
              count(*) FILTER (WHERE status = 'SUPPRESSED') AS suppressed,
              count(*) FILTER (WHERE status IN ('QUEUED', 'DEFERRED', 'SENDING')) AS waiting
         FROM m GROUP BY newsletter_id
     ), fb AS (
       SELECT m.newsletter_id, count(*) FILTER (WHERE f.useful) AS useful_yes,
              count(*) FILTER (WHERE NOT f.useful) AS useful_no
         FROM m JOIN message_feedback f ON f.program_id = :p AND f.message_id = m.id
        GROUP BY m.newsletter_id
     ), un AS (
       SELECT m.newsletter_id, count(DISTINCT u.customer_id) AS unsubscribes
         FROM m JOIN message_unsubscribes u ON u.program_id = :p AND u.customer_id = m.customer_id
              AND u.at >= m.sent_at AND u.at < m.sent_at + make_interval(days => :days)
        WHERE m.status = 'SENT'
        GROUP BY m.newsletter_id
     )
     SELECT n.id, n.title, s.recipients, s.delivered, s.failed, s.suppressed, s.waiting,
            fb.useful_yes, fb.useful_no, un.unsubscribes
       FROM s JOIN newsletters n ON n.program_id = :p AND n.id = s.newsletter_id
       LEFT JOIN fb USING (newsletter_id) LEFT JOIN un USING (newsletter_id)
      ORDER BY n.created_at, n.id`,
    { start, end, days: UNSUBSCRIBE_DAYS },
  );
}

export function suppressionReasons(q: Scoped, start: Date, end: Date) {
  return rows<{ newsletter_id: string; reason: string | null; n: string }>(
    q,
    `SELECT newsletter_id, error AS reason, count(*) AS n FROM messages
      WHERE program_id = :p AND newsletter_id IS NOT NULL AND status = 'SUPPRESSED'
        AND queued_at >= :start AND queued_at < :end
      GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2`,
    { start, end },
  );
}

/** Survey answers per local period: CSAT mean ×100, NPS −100…100. */
export function scoresByPeriod(q: Scoped, a: HealthArgs) {
  return rows<{ b: string; scale: string; responses: string; value: number }>(
    q,
    `SELECT ${bucket('q')} AS b, scale, sum(n) AS responses,
            CASE WHEN scale = 'CSAT' THEN round(sum(total)::numeric / sum(n) * 100)::int
              ELSE round(100.0 * (sum(promoters) - sum(detractors)) / sum(n))::int END AS value
       FROM (
         SELECT ${quarter('answered_at')} AS q, scale, count(*) AS n, sum(score) AS total,
                count(*) FILTER (WHERE score >= 9) AS promoters, count(*) FILTER (WHERE score <= 6) AS detractors
           FROM surveys WHERE program_id = :p AND answered_at >= :start AND answered_at < :end GROUP BY 1, 2
       ) z
      GROUP BY 1, 2 ORDER BY 1, 2`,
    { ...a },
  );
}

/** Follow-up tasks and inbox items opened in the range: how fast someone answered and closed them. */
export async function followUpTimes(q: Scoped, start: Date, end: Date) {
  const [r] = await rows<Record<string, string | null>>(
    q,
    `WITH c AS (
       -- A task's comments come after it: those since the range began are all its tasks have.
       SELECT task_id, min(created_at) AS first_at FROM follow_up_comments
        WHERE program_id = :p AND created_at >= :start GROUP BY task_id
     ), t AS (
       SELECT t.created_at, t.resolved_at, c.first_at
         FROM follow_up_tasks t LEFT JOIN c ON c.task_id = t.id
        WHERE t.program_id = :p AND t.created_at >= :start AND t.created_at < :end
     ), sv AS (
       SELECT count(*) AS sent, count(*) FILTER (WHERE answered_at IS NOT NULL) AS answered
         FROM surveys WHERE program_id = :p AND sent_at >= :start AND sent_at < :end
     ), f AS (
       SELECT created_at, first_response_at, resolved_at FROM feedback_items
        WHERE program_id = :p AND created_at >= :start AND created_at < :end
     )
     SELECT (SELECT count(*) FROM t) AS tasks,
            (SELECT count(resolved_at) FROM t) AS tasks_resolved,
            (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_at - created_at)) FROM t)
              AS task_first_s,
            (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - created_at)) FROM t)
              AS task_resolved_s,
            (SELECT count(*) FROM f) AS items,
            (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_response_at - created_at)) FROM f)
              AS item_first_s,
            (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - created_at)) FROM f)
              AS item_resolved_s,
            (SELECT sent FROM sv) AS surveys_sent, (SELECT answered FROM sv) AS surveys_answered`,
    { start, end },
  );
  return r!;
}
