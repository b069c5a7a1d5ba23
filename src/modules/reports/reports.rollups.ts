import type { Knex } from 'knex';
import { type Scoped, scoped } from '../../db/scoped';
import { MEDIAN, named, POINTS_BY_KIND, PURCHASE_FACTS, quarter } from './reports.repo';

/**
 * The health report's roll-ups (ADR 0018), kept by the report_rollups job: per local day of
 * the program's time zone, what purchases, ledger entries and rewards come to (report_days),
 * the median gap of every day, week and month (report_medians), and first purchases in each
 * month by enrolment day (report_cohorts). They cover purchases recorded, and entries and
 * rewards written, before the state's cutoff; the report adds what came after (reports.repo).
 *
 * A run moves the cutoff from c0 to c1 = now − ROLLUP_MARGIN: the customers with a purchase
 * recorded in [c0, c1) have their purchases counted again with everything recorded before
 * c1, less what the roll-up counted (recorded before c0), so a purchase recorded late (with
 * an earlier occurred_at) moves its customer's later purchase's gap and first-in-month too.
 * Ledger entries, rewards issued and used in [c0, c1) are added to their local days. The
 * same customers' rows of report_customers (their purchases in order, for the rules
 * report's follow-up windows) are written again.
 */

/**
 * Everything recorded before `now − ROLLUP_MARGIN` is taken as committed: a till's
 * transaction stamps recorded_at / created_at when it starts and commits within seconds.
 */
export const ROLLUP_MARGIN_MS = 10 * 60_000;

export interface RollupState {
  time_zone: string;
  cutoff: Date;
}

export async function rollupState(q: Scoped): Promise<RollupState | null> {
  const r = await q('report_rollups').first('time_zone', 'cutoff');
  return r ?? null;
}

const run = (trx: Knex.Transaction, sql: string, params: Record<string, unknown>) => named(trx, sql, params);

/** The day-level purchase columns of report_days, with the facts in rollup_facts added. */
const APPLY_DAYS = `
  WITH dd AS (
    SELECT day, sum(s) AS n, sum(s * total_minor) AS sales, coalesce(sum(s) FILTER (WHERE prev_day IS NULL), 0) AS no_prev
      FROM rollup_facts GROUP BY day
  ), dk AS (
    SELECT day, day - prev_day AS k, sum(s) AS n FROM rollup_facts WHERE prev_day IS NOT NULL GROUP BY 1, 2
  ), dh AS (
    SELECT day, h, sum(s) AS n FROM rollup_facts WHERE h IS NOT NULL GROUP BY 1, 2
  ), cur AS (
    SELECT r.* FROM report_days r WHERE r.program_id = :p AND r.day IN (SELECT day FROM dd)
  ), nk AS (
    SELECT day, k, sum(n) AS n FROM (
      SELECT c.day, u.i - 1 AS k, u.c - coalesce(lag(u.c) OVER (PARTITION BY c.day ORDER BY u.i), 0) AS n
        FROM cur c, unnest(c.prev_cum) WITH ORDINALITY u(c, i)
      UNION ALL SELECT day, k, n FROM dk
    ) z GROUP BY 1, 2 HAVING sum(n) <> 0
  ), kc AS (
    SELECT day, array_agg(cum::int ORDER BY k) AS prev_cum FROM (
      SELECT m.day, g.k, sum(coalesce(nk.n, 0)) OVER (PARTITION BY m.day ORDER BY g.k) AS cum
        FROM (SELECT day, max(k) AS mk FROM nk GROUP BY day) m
        CROSS JOIN LATERAL generate_series(0, m.mk) g(k)
        LEFT JOIN nk ON nk.day = m.day AND nk.k = g.k
    ) x GROUP BY day
  ), nh AS (
    SELECT day, array_agg(h ORDER BY h) AS gap_h, array_agg(n::int ORDER BY h) AS gap_n FROM (
      SELECT day, h, sum(n) AS n FROM (
        SELECT c.day, u.h, u.n FROM cur c, unnest(c.gap_h, c.gap_n) u(h, n)
        UNION ALL SELECT day, h, n FROM dh
      ) z GROUP BY 1, 2 HAVING sum(n) <> 0
    ) y GROUP BY day
  )
  INSERT INTO report_days (program_id, day, purchases, sales_minor, no_prev, prev_cum, gap_h, gap_n)
  SELECT :p, dd.day, coalesce(c.purchases, 0) + dd.n, coalesce(c.sales_minor, 0) + dd.sales,
         coalesce(c.no_prev, 0) + dd.no_prev, coalesce(kc.prev_cum, '{}'), coalesce(nh.gap_h, '{}'),
         coalesce(nh.gap_n, '{}')
    FROM dd LEFT JOIN cur c USING (day) LEFT JOIN kc USING (day) LEFT JOIN nh USING (day)
  ON CONFLICT (program_id, day) DO UPDATE SET
    purchases = excluded.purchases, sales_minor = excluded.sales_minor, no_prev = excluded.no_prev,
    prev_cum = excluded.prev_cum, gap_h = excluded.gap_h, gap_n = excluded.gap_n`;

/** The days, weeks and months a fact with a gap fell in. */
const PERIODS_HIT = `
  SELECT DISTINCT u.unit, date_trunc(u.unit, d.day::timestamp)::date AS start
    FROM (SELECT DISTINCT day FROM rollup_facts WHERE h IS NOT NULL) d,
         (VALUES ('day'), ('week'), ('month')) u(unit)`;

/** Their medians again, from their days' histograms (after APPLY_DAYS). */
const APPLY_MEDIANS = [
  `DELETE FROM report_medians m USING (${PERIODS_HIT}) per
    WHERE m.program_id = :p AND m.unit = per.unit AND m.start = per.start`,
  `WITH per AS (${PERIODS_HIT}), hist AS (
     SELECT per.unit || ' ' || per.start AS k, g.h, sum(g.n) AS n
       FROM per
       JOIN report_days r ON r.program_id = :p AND r.day >= per.start
        AND r.day < per.start + CAST('1 ' || per.unit AS interval)
       CROSS JOIN LATERAL unnest(r.gap_h, r.gap_n) g(h, n)
      GROUP BY 1, 2
   ), med AS (${MEDIAN('hist')})
   INSERT INTO report_medians (program_id, unit, start, median_gap_h)
   SELECT :p, split_part(k, ' ', 1), CAST(split_part(k, ' ', 2) AS date), median FROM med`,
];

/** report_cohorts with the first purchases in a month the facts moved. */
const APPLY_COHORTS = `
  WITH dc AS (
    SELECT (cu.enrolled_at AT TIME ZONE :tz)::date AS enrol_day, date_trunc('month', f.day::timestamp)::date AS month,
           extract(day FROM f.day)::int AS dom, sum(f.s) AS n
      FROM rollup_facts f JOIN customers cu ON cu.program_id = :p AND cu.id = f.customer_id
     WHERE f.prev_day IS NULL OR date_trunc('month', f.prev_day::timestamp) <> date_trunc('month', f.day::timestamp)
     GROUP BY 1, 2, 3 HAVING sum(f.s) <> 0
  ), aff AS (
    SELECT DISTINCT enrol_day, month FROM dc
  ), cur AS (
    SELECT c.* FROM report_cohorts c JOIN aff USING (enrol_day, month) WHERE c.program_id = :p
  ), tot AS (
    SELECT enrol_day, month, dom, sum(n) AS n FROM (
      SELECT c.enrol_day, c.month, u.i::int AS dom,
             u.c - coalesce(lag(u.c) OVER (PARTITION BY c.enrol_day, c.month ORDER BY u.i), 0) AS n
        FROM cur c, unnest(c.first_cum) WITH ORDINALITY u(c, i)
      UNION ALL SELECT enrol_day, month, dom, n FROM dc
    ) z GROUP BY 1, 2, 3
  )
  INSERT INTO report_cohorts (program_id, enrol_day, month, first_cum)
  SELECT :p, enrol_day, month, array_agg(cum::int ORDER BY dom) FROM (
    SELECT a.enrol_day, a.month, g.dom,
           sum(coalesce(t.n, 0)) OVER (PARTITION BY a.enrol_day, a.month ORDER BY g.dom) AS cum
      FROM aff a
      CROSS JOIN LATERAL generate_series(1, ((a.month + interval '1 month')::date - a.month)) g(dom)
      LEFT JOIN tot t ON t.enrol_day = a.enrol_day AND t.month = a.month AND t.dom = g.dom
  ) x GROUP BY enrol_day, month
  ON CONFLICT (program_id, enrol_day, month) DO UPDATE SET first_cum = excluded.first_cum`;

/**
 * report_customers for the customers in rollup_facts (every customer on a rebuild): their
 * purchases recorded before :c1, in order, with the running sum of what they came to.
 */
const APPLY_CUSTOMERS = `
  INSERT INTO report_customers (program_id, customer_id, purchase_at, spend_cum)
  SELECT :p, customer_id, array_agg(occurred_at ORDER BY occurred_at, id), array_agg(cum ORDER BY occurred_at, id)
    FROM (
      SELECT customer_id, id, occurred_at,
             sum(total_minor) OVER (PARTITION BY customer_id ORDER BY occurred_at, id) AS cum
        FROM purchases
       WHERE program_id = :p AND recorded_at < :c1
         AND customer_id IN (SELECT DISTINCT customer_id FROM rollup_facts)
    ) z
   GROUP BY customer_id
  ON CONFLICT (program_id, customer_id) DO UPDATE SET purchase_at = excluded.purchase_at, spend_cum = excluded.spend_cum`;

/** Points by kind and rewards issued and used, written in [c0, c1), added to their local days. */
const APPLY_LEDGER = `
  WITH z AS (
    SELECT ${quarter('created_at')} AS q,
           ${POINTS_BY_KIND},
           0 AS ri, 0 AS ru
      FROM ledger_entries WHERE program_id = :p AND created_at >= :c0 AND created_at < :c1 GROUP BY 1
    UNION ALL
    SELECT ${quarter('issued_at')}, 0, 0, 0, 0, 0, 0, count(*), 0 FROM issued_rewards
     WHERE program_id = :p AND issued_at >= :c0 AND issued_at < :c1 GROUP BY 1
    UNION ALL
    SELECT ${quarter('used_at')}, 0, 0, 0, 0, 0, 0, 0, count(*) FROM issued_rewards
     WHERE program_id = :p AND used_at >= :c0 AND used_at < :c1 GROUP BY 1
  )
  INSERT INTO report_days AS r (program_id, day, points_issued, points_redeemed, points_expired, points_reversed,
                                points_returned, points_adjusted, rewards_issued, rewards_used)
  SELECT :p, (q AT TIME ZONE :tz)::date, sum(issued), sum(redeemed), sum(expired), sum(reversed), sum(returned),
         sum(adjusted), sum(ri), sum(ru)
    FROM z GROUP BY 2
  ON CONFLICT (program_id, day) DO UPDATE SET
    points_issued = r.points_issued + excluded.points_issued,
    points_redeemed = r.points_redeemed + excluded.points_redeemed,
    points_expired = r.points_expired + excluded.points_expired,
    points_reversed = r.points_reversed + excluded.points_reversed,
    points_returned = r.points_returned + excluded.points_returned,
    points_adjusted = r.points_adjusted + excluded.points_adjusted,
    rewards_issued = r.rewards_issued + excluded.rewards_issued,
    rewards_used = r.rewards_used + excluded.rewards_used`;

export interface RollupResult {
  rebuilt: boolean;
  from: Date | null;
  cutoff: Date;
  customers: number;
}

/**
 * Moves one program's roll-ups to `now − ROLLUP_MARGIN` (or builds them from nothing, in the
 * program's time zone, when there are none or the program's time zone changed). One
 * REPEATABLE READ transaction: the state row is locked (two runs queue, the second finds
 * nothing to do), and the report, which reads in one snapshot too, sees the old or the new
 * roll-ups, never half of a run. It locks no row a till writes.
 */
export async function rollUp(
  db: Knex,
  programId: string,
  timeZone: string,
  now: Date,
): Promise<RollupResult | null> {
  const c1 = new Date(now.getTime() - ROLLUP_MARGIN_MS);
  return db.transaction(
    async (trx) => {
      await trx.raw(`SET LOCAL work_mem = '128MB'`);
      const q = scoped(trx, programId);
      await q
        .insert('report_rollups', { time_zone: timeZone, cutoff: '-infinity', updated_at: now })
        .onConflict('program_id')
        .ignore();
      const state = (await q('report_rollups').forUpdate().first('time_zone', 'cutoff')) as {
        time_zone: string;
        cutoff: Date | number;
      };
      const rebuild = state.time_zone !== timeZone || !(state.cutoff instanceof Date);
      const c0 = rebuild ? null : (state.cutoff as Date);
      if (c0 && c0 >= c1) return null;
      if (rebuild) {
        for (const t of ['report_days', 'report_medians', 'report_cohorts', 'report_customers']) {
          await q(t).delete();
        }
      }
      const params = { p: programId, tz: timeZone, c0: c0 ?? '-infinity', c1 };
      await run(
        trx,
        `CREATE TEMP TABLE rollup_facts ON COMMIT DROP AS WITH ${PURCHASE_FACTS(rebuild ? 'all' : 'since')} SELECT * FROM f`,
        params,
      );
      const [{ n }] = (await trx.raw('SELECT count(DISTINCT customer_id)::int AS n FROM rollup_facts')).rows;
      await trx.raw('ANALYZE rollup_facts');
      await run(trx, APPLY_DAYS, params);
      for (const sql of APPLY_MEDIANS) await run(trx, sql, params);
      await run(trx, APPLY_COHORTS, params);
      await run(trx, APPLY_LEDGER, params);
      await run(trx, APPLY_CUSTOMERS, params);
      await q('report_rollups').update({ time_zone: timeZone, cutoff: c1, updated_at: now });
      return { rebuilt: rebuild, from: c0, cutoff: c1, customers: n };
    },
    { isolationLevel: 'repeatable read' },
  );
}
