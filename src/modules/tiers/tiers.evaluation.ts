import type { Scoped } from '../../db/scoped';
import { enqueueFromSelect } from '../../jobs/outbox';
import type { RequestContext } from '../../shared/context';
import { addDays, localDate } from '../../shared/time';
import { raiseFromSelect } from '../events/events';
import { programOf } from '../programs/programs.service';
import { tierChangedJob } from './tiers.jobs-contract';
import {
  activeTiers,
  earliestStart,
  metricColumns,
  type TierRow,
  type TierSettingsRow,
  tierSettings,
} from './tiers.repo';

export interface EvaluationResult {
  runDate: string;
  /** True when this program's run for runDate had already happened: nothing was done. */
  skipped: boolean;
  updated: number;
  changed: number;
  /** Milliseconds per step (decide, apply, record), for the benchmark and the logs. */
  timings?: Record<string, number>;
}

/**
 * The scheduled evaluation of one program, set-based: one scan of tier_activity decides every
 * customer at once into a temporary table, then three statements apply it (tier rows, history,
 * outbox events). Upgrades the in-transaction checks missed (a definition changed), starts the
 * grace period of customers who stopped qualifying, and moves down, by at most
 * max_downgrade_ranks, those whose grace has run out. All in one transaction that first claims
 * (program, local date): a crash rolls everything back, and a second run of the day is a no-op.
 */
export async function runTierEvaluation(ctx: RequestContext): Promise<EvaluationResult> {
  const now = ctx.clock.now();
  return ctx.q.transaction(async (q) => {
    const runDate = localDate(now, (await programOf(q)).time_zone);
    const claimed = await q
      .insert('tier_evaluation_runs', { run_date: runDate, started_at: now })
      .onConflict(['program_id', 'run_date'])
      .ignore()
      .returning('run_date');
    if (claimed.length === 0) return { runDate, skipped: true, updated: 0, changed: 0 };
    const tiers = await activeTiers(q);
    if (tiers.length === 0) return { runDate, skipped: false, updated: 0, changed: 0 };
    const settings = await tierSettings(q);
    // One aggregate over every customer: with the 4 MB default its hash tables spill to disk
    // (measured at 1M customers in docs/performance.md). Local to this transaction.
    await q.knex.raw(`SET LOCAL work_mem = '256MB'`);
    const timings: Record<string, number> = {};
    const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
      const t0 = performance.now();
      const v = await fn();
      timings[name] = Math.round(performance.now() - t0);
      return v;
    };
    await step('decide', () => decide(q, tiers, settings, runDate, now));
    const updated = await step('apply', () => apply(q, now));
    const changed = await step('record', () => recordChanges(q, runDate, now));
    await q('tier_evaluation_runs').where({ run_date: runDate }).update({ updated, changed });
    return { runDate, skipped: false, updated, changed, timings };
  });
}

/** Fills tier_decisions: one row per customer whose tier or grace changes. Levels: 0 = none. */
async function decide(q: Scoped, tiers: TierRow[], s: TierSettingsRow, today: string, now: Date) {
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

async function apply(q: Scoped, now: Date): Promise<number> {
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

async function recordChanges(q: Scoped, runDate: string, now: Date): Promise<number> {
  const r = await q.knex.raw(
    `INSERT INTO tier_history (program_id, customer_id, from_tier_id, from_version, to_tier_id, to_version,
                               reason, run_date, created_at)
     SELECT ?::uuid, customer_id, from_tier, from_version, to_tier, to_version, 'EVALUATION', ?::date, ?::timestamptz
       FROM tier_decisions WHERE new_level <> cur_level`,
    [q.programId, runDate, now],
  );
  await enqueueFromSelect(
    q,
    tierChangedJob,
    `SELECT jsonb_build_object('customerId', customer_id, 'fromTierId', from_tier, 'toTierId', to_tier,
                               'reason', 'EVALUATION', 'runDate', ?::text) AS payload
       FROM tier_decisions WHERE new_level <> cur_level`,
    [runDate],
  );
  await raiseFromSelect(
    q,
    now,
    'tier.changed',
    `SELECT jsonb_build_object('customerId', customer_id, 'fromTierId', from_tier, 'toTierId', to_tier,
                               'reason', 'EVALUATION') AS data
       FROM tier_decisions WHERE new_level <> cur_level`,
    [],
  );
  return r.rowCount ?? 0;
}
