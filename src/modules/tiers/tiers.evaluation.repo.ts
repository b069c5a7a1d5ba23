/**
 * The scheduled tier evaluation's statements (tiers.evaluation.ts runs them in order, in one
 * transaction): claim the run, decide every customer into the temporary table tier_decisions,
 * apply it, record it.
 */
import type { Scoped } from '../../db/scoped';
import { addDays } from '../../shared/time';
import { earliestStart, metricColumns, type TierRow, type TierSettingsRow } from './tiers.repo';

/** Claims (program, run date); false when this run already happened. */
export async function claimEvaluationRun(q: Scoped, runDate: string, now: Date): Promise<boolean> {
  const claimed = await q
    .insert('tier_evaluation_runs', { run_date: runDate, started_at: now })
    .onConflict(['program_id', 'run_date'])
    .ignore()
    .returning('run_date');
  return claimed.length > 0;
}

/**
 * One aggregate over every customer: with the 4 MB default its hash tables spill to disk
 * (measured at 1M customers in docs/performance.md). Local to this transaction.
 */
export async function raiseWorkMemForEvaluation(q: Scoped): Promise<void> {
  await q.knex.raw(`SET LOCAL work_mem = '256MB'`);
}

/** What the run did, on its claim row. */
export async function finishEvaluationRun(q: Scoped, runDate: string, updated: number, changed: number) {
  await q('tier_evaluation_runs').where({ run_date: runDate }).update({ updated, changed });
}

/** Fills tier_decisions: one row per customer whose tier or grace changes. Levels: 0 = none. */
export async function decideTiers(q: Scoped, tiers: TierRow[], s: TierSettingsRow, today: string, now: Date) {
  const cols = metricColumns(tiers, today);
  const graceFromNow = addDays(now, s.grace_days);
  const baseLevel = tiers[0]!.threshold === 0 ? 1 : 0;
  await q.knex.raw(
    `CREATE TEMP TABLE tier_decisions ON COMMIT DROP AS
     WITH lv (tier_id, level, version) AS (SELECT * FROM unnest(?::uuid[], ?::int[], ?::int[])),
     agg AS (
       SELECT a.customer_id, ${cols.sql.join(', ')}
         FROM tier_activity a
        WHERE a.program_id = ? AND a.day BETWEEN ?::date AND ?::date
        GROUP BY a.customer_id
     ),
     m AS (
       SELECT customer_id,
              greatest(0, ${tiers.map((_, i) => `CASE WHEN v${i} >= ? THEN ${i + 1} ELSE 0 END`).join(', ')}) AS earned
         FROM agg
     ),
     cur AS (
       SELECT ct.customer_id, ct.tier_id, ct.tier_version, ct.grace_until, coalesce(lv.level, 0) AS level
         FROM customer_tiers ct LEFT JOIN lv ON lv.tier_id = ct.tier_id
        WHERE ct.program_id = ? AND ct.tier_id IS NOT NULL
     ),
     d AS (
       SELECT coalesce(cur.customer_id, m.customer_id) AS customer_id,
              cur.tier_id AS from_tier, cur.tier_version AS from_version,
              coalesce(cur.level, 0) AS cur_level, cur.grace_until AS old_grace,
              greatest(coalesce(m.earned, 0), ?::int) AS earned
         FROM cur FULL JOIN m ON m.customer_id = cur.customer_id
     ),
     x AS (
       SELECT d.*,
              CASE WHEN earned >= cur_level THEN earned
                   WHEN coalesce(old_grace, ?::timestamptz) > ?::timestamptz THEN cur_level
                   ELSE greatest(earned, cur_level - ?::int) END AS new_level
         FROM d
     ),
     y AS (
       SELECT x.*,
              CASE WHEN new_level <= earned THEN NULL
                   WHEN new_level = cur_level THEN coalesce(old_grace, ?::timestamptz)
                   -- stepped down but still above what it earns: a new grace before the next step
                   ELSE ?::timestamptz END AS new_grace
         FROM x
     )
     SELECT y.customer_id, y.from_tier, y.from_version, y.cur_level, y.new_level, y.new_grace,
            lv.tier_id AS to_tier, lv.version AS to_version
       FROM y LEFT JOIN lv ON lv.level = y.new_level
      WHERE y.new_level <> y.cur_level OR y.new_grace IS DISTINCT FROM y.old_grace`,
    [
      tiers.map((t) => t.id),
      tiers.map((_, i) => i + 1),
      tiers.map((t) => t.version),
      ...cols.bindings,
      q.programId,
      earliestStart(tiers, today),
      today,
      ...tiers.map((t) => t.threshold),
      q.programId,
      baseLevel,
      graceFromNow,
      now,
      s.max_downgrade_ranks,
      graceFromNow,
      graceFromNow,
    ],
  );
}

/** Applies tier_decisions to customer_tiers; how many rows it wrote. */
export async function applyTierDecisions(q: Scoped, now: Date): Promise<number> {
  const r = await q.knex.raw(
    `INSERT INTO customer_tiers AS ct (program_id, customer_id, tier_id, tier_version, since, grace_until, updated_at)
     SELECT ?::uuid, customer_id, to_tier, to_version, ?::timestamptz, new_grace, ?::timestamptz FROM tier_decisions
     ON CONFLICT (program_id, customer_id) DO UPDATE SET
       since = CASE WHEN ct.tier_id IS DISTINCT FROM excluded.tier_id THEN excluded.since ELSE ct.since END,
       tier_version = CASE WHEN ct.tier_id IS DISTINCT FROM excluded.tier_id THEN excluded.tier_version
                           ELSE ct.tier_version END,
       tier_id = excluded.tier_id,
       grace_until = excluded.grace_until,
       updated_at = excluded.updated_at`,
    [q.programId, now, now],
  );
  return r.rowCount ?? 0;
}

/** One tier_history row per decision that changes the tier (reason EVALUATION); how many. */
export async function recordTierHistory(q: Scoped, runDate: string, now: Date): Promise<number> {
  const r = await q.knex.raw(
    `INSERT INTO tier_history (program_id, customer_id, from_tier_id, from_version, to_tier_id, to_version,
                               reason, run_date, created_at)
     SELECT ?::uuid, customer_id, from_tier, from_version, to_tier, to_version, 'EVALUATION', ?::date, ?::timestamptz
       FROM tier_decisions WHERE new_level <> cur_level`,
    [q.programId, runDate, now],
  );
  return r.rowCount ?? 0;
}

/** The tier_changed jobs' payloads, one per changed decision (binding: the run date). */
export const CHANGED_TIER_PAYLOADS = `SELECT jsonb_build_object('customerId', customer_id, 'fromTierId', from_tier, 'toTierId', to_tier,
                               'reason', 'EVALUATION', 'runDate', ?::text) AS payload
       FROM tier_decisions WHERE new_level <> cur_level`;

/** The tier.changed events' data, one per changed decision. */
export const CHANGED_TIER_EVENTS = `SELECT jsonb_build_object('customerId', customer_id, 'fromTierId', from_tier, 'toTierId', to_tier,
                               'reason', 'EVALUATION') AS data
       FROM tier_decisions WHERE new_level <> cur_level`;
