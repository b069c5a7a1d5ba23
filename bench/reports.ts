/**
 * `npm run bench:reports`: every report over a year of a BENCH_REPORT_CUSTOMERS-customer
 * program (default 100,000 customers, BENCH_REPORT_PURCHASES each, default 12: 1.2M
 * purchases, from bench/generator.ts as bench:rules), with its ledger (an EARN entry and a
 * lot per purchase, 365-day expiry written off, two redemptions per customer), rewards, tier
 * moves, a 50%-holdout rule, a 100k-recipient newsletter, surveys and follow-up tasks.
 * The report_rollups job runs once (it builds the roll-ups and the liability snapshots); then
 * each report is run twice (cold, then warm) and the slower time is reported.
 * Results to bench/results/reports-<timestamp>.json. BENCH_REPORTS_DIR=/some/dir keeps the
 * seeded database there and reuses it on the next run (for working on the queries).
 */
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { scoped } from '../src/db/scoped';
import { findProgramBySlug } from '../src/modules/programs/programs.repo';
import { exportCsv } from '../src/modules/reports/reports.csv';
import { rollUp } from '../src/modules/reports/reports.rollups';
import {
  healthReport,
  liabilityReport,
  messagingReport,
  rulesReport,
} from '../src/modules/reports/reports.service';
import { snapshotLiability } from '../src/modules/reports/reports.snapshots';
import { ManualClock } from '../src/shared/clock';
import type { RequestContext } from '../src/shared/context';
import { makeProgram } from '../test/helpers/factories';
import { seedYearOfPurchases } from './generator';
import { openKeptBenchDatabase, timed } from './harness';

const CUSTOMERS = Number(process.env.BENCH_REPORT_CUSTOMERS ?? 100_000);
const PER_CUSTOMER = Number(process.env.BENCH_REPORT_PURCHASES ?? 12);
const NOW = new Date('2026-11-22T09:00:00Z');
const YEAR_AGO = new Date(NOW.getTime() - 365 * 86_400_000);
const FROM = '2025-11-23';
const TO = '2026-11-21';

async function main() {
  const bench = await openKeptBenchDatabase(process.env.BENCH_REPORTS_DIR);
  const { db } = bench;
  try {
    const existing = await findProgramBySlug(db, 'bench-reports');
    const program =
      existing ??
      (await makeProgram(db, { slug: 'bench-reports', currency: 'USD', timeZone: 'Europe/Paris' }));
    const p = program.id;
    const ctx: RequestContext = {
      programId: p,
      q: scoped(db, p),
      viewer: null,
      actor: { kind: 'system', id: 'bench', role: null },
      clock: new ManualClock(NOW),
    };
    const seed = await timed(`seed ${CUSTOMERS} customers and a year of activity`, async () => {
      if (existing) return; // a kept database, seeded by an earlier run
      await seedYearOfPurchases(db, p, {
        customers: CUSTOMERS,
        perCustomer: PER_CUSTOMER,
        now: NOW,
        yearAgo: YEAR_AGO,
      });
      await db.transaction(async (trx) => {
        await trx.raw('SET LOCAL session_replication_role = replica');
        const run = (sql: string, b: unknown[]) => trx.raw(sql, b as never);
        await run(
          `INSERT INTO earning_configs (program_id, pending_days, expiry_policy, expiry_days, updated_at)
           VALUES (?, 14, 'FIXED_DAYS', 365, ?)`,
          [p, NOW],
        );
        await run(
          `INSERT INTO report_settings (program_id, point_value_minor_per_100, updated_at) VALUES (?, 50, now())`,
          [p],
        );
        await run(
          `UPDATE customers SET enrolled_at = ?::timestamptz + (abs(hashtext(id::text)) % 365) * interval '1 day'
            WHERE program_id = ?`,
          [YEAR_AGO, p],
        );
        await run(
          `INSERT INTO ledger_entries (program_id, customer_id, kind, points, base_points, bonus_points, purchase_id,
                                       available_at, expires_at, actor_kind, created_at)
           SELECT program_id, customer_id, 'EARN', points_earned, points_earned, 0, id,
                  occurred_at + interval '14 days', occurred_at + interval '365 days', 'system', occurred_at
             FROM purchases WHERE program_id = ? AND points_earned > 0`,
          [p],
        );
        await run(
          `INSERT INTO point_lots (program_id, customer_id, entry_id, purchase_id, points, remaining, available_at,
                                   expires_at, created_at)
           SELECT program_id, customer_id, id, purchase_id, points, points, available_at, expires_at, created_at
             FROM ledger_entries WHERE program_id = ? AND kind = 'EARN'`,
          [p],
        );
        // Lots that lapsed more than a day ago were written off the day after.
        await run(
          `INSERT INTO ledger_entries (program_id, customer_id, kind, points, lot_id, expires_at, actor_kind, created_at)
           SELECT program_id, customer_id, 'EXPIRE', -remaining, id, expires_at, 'system', expires_at + interval '1 day'
             FROM point_lots WHERE program_id = ? AND expires_at <= ?::timestamptz - interval '1 day'`,
          [p, NOW],
        );
        await run(
          `UPDATE point_lots SET remaining = 0 WHERE program_id = ? AND expires_at <= ?::timestamptz - interval '1 day'`,
          [p, NOW],
        );
        const item = (
          await run(
            `INSERT INTO catalog_items (program_id, name, cost_points, created_at, updated_at)
             VALUES (?, 'Coffee', 100, now(), now()) RETURNING id`,
            [p],
          )
        ).rows[0].id;
        // Two redemptions per customer, the second one used.
        await run(
          `WITH r AS (
             SELECT c.id AS customer_id, k,
                    ?::timestamptz + ((abs(hashtext(c.id::text || k)) % 330) + 30) * interval '1 day' AS at
               FROM customers c, generate_series(1, 2) k WHERE c.program_id = ?
           ), e AS (
             INSERT INTO ledger_entries (program_id, customer_id, kind, points, actor_kind, created_at)
             SELECT ?::uuid, customer_id, 'REDEEM', -100, 'system', at FROM r
           )
           INSERT INTO issued_rewards (program_id, customer_id, catalog_item_id, code, name, cost_points, status,
                                       issued_at, used_at)
           SELECT ?::uuid, customer_id, ?::uuid, md5(customer_id::text || k), 'Coffee', 100,
                  CASE WHEN k = 2 THEN 'USED' ELSE 'AVAILABLE' END, at,
                  CASE WHEN k = 2 THEN at + interval '2 days' END
             FROM r`,
          [YEAR_AGO, p, p, p, item],
        );
        // Two tiers; 30% of customers moved up once, a tenth of those back down.
        await run(
          `INSERT INTO tiers (program_id, id, name, rank, metric, threshold, window_kind, window_days, created_at, updated_at)
           VALUES (?, md5('silver')::uuid, 'Silver', 1, 'SPEND', 10000, 'ROLLING_DAYS', 365, now(), now()),
                  (?, md5('gold')::uuid, 'Gold', 2, 'SPEND', 50000, 'ROLLING_DAYS', 365, now(), now())`,
          [p, p],
        );
        await run(
          `INSERT INTO tier_history (program_id, customer_id, from_tier_id, to_tier_id, reason, created_at)
           SELECT ?::uuid, id, NULL::uuid, md5('silver')::uuid, 'PURCHASE', enrolled_at + interval '20 days'
             FROM customers WHERE program_id = ? AND abs(hashtext(id::text)) % 10 < 3
           UNION ALL
           SELECT ?::uuid, id, md5('silver')::uuid, NULL::uuid, 'ADJUSTMENT', enrolled_at + interval '200 days'
             FROM customers WHERE program_id = ? AND abs(hashtext(id::text)) % 100 < 3`,
          [p, p, p, p],
        );
        // A rule with a 50% holdout: half the customers treated at their first purchase, half held out.
        await run(
          `INSERT INTO rules (program_id, id, name, status, trigger, created_at, updated_at)
           VALUES (?, md5('rule')::uuid, 'Fifth coffee free', 'ACTIVE', 'PURCHASE_RECORDED', now(), now())`,
          [p],
        );
        await run(
          `INSERT INTO rule_versions (program_id, id, rule_id, version, label, definition, created_at)
           VALUES (?, md5('rule-v1')::uuid, md5('rule')::uuid, 1, 'Thanks',
                   '{"trigger":{"type":"PURCHASE_RECORDED"},"actions":[{"type":"AWARD_POINTS","args":{"points":50}}],"holdoutPercent":50}',
                   now())`,
          [p],
        );
        await run(
          `WITH f AS (
             SELECT DISTINCT ON (customer_id) customer_id, id, occurred_at FROM purchases
              WHERE program_id = ? AND occurred_at >= ? ORDER BY customer_id, occurred_at
           ), a AS (
             INSERT INTO rule_applications (program_id, rule_id, rule_version_id, customer_id, purchase_id, points, applied_at)
             SELECT ?, md5('rule')::uuid, md5('rule-v1')::uuid, customer_id, id, 50, occurred_at
               FROM f WHERE abs(hashtext(customer_id::text)) % 2 = 0
           ), b AS (
             INSERT INTO ledger_entries (program_id, customer_id, kind, points, rule_version_id, actor_kind, created_at)
             SELECT ?, customer_id, 'BONUS', 50, md5('rule-v1')::uuid, 'system', occurred_at
               FROM f WHERE abs(hashtext(customer_id::text)) % 2 = 0
           )
           INSERT INTO rule_holdouts (program_id, rule_id, rule_version_id, customer_id, purchase_id, held_at)
           SELECT ?, md5('rule')::uuid, md5('rule-v1')::uuid, customer_id, id, occurred_at
             FROM f WHERE abs(hashtext(customer_id::text)) % 2 = 1`,
          [p, YEAR_AGO, p, p, p],
        );
        // Balance rows: the ledger's running sum per customer, as the ledger module keeps it.
        await run(
          `INSERT INTO point_balances (program_id, customer_id, points, lifetime_earned, updated_at)
           SELECT program_id, customer_id, sum(points), coalesce(sum(points) FILTER (WHERE points > 0), 0), ?
             FROM ledger_entries WHERE program_id = ? GROUP BY program_id, customer_id`,
          [NOW, p],
        );
        // A newsletter to everyone (10% suppressed), feedback and unsubscribes.
        await run(
          `INSERT INTO newsletters (program_id, id, title, subject, body, audience, status, created_at, updated_at)
           VALUES (?, md5('nl')::uuid, 'Autumn', 'News', 'Hello', '{}', 'SENT', ?, ?)`,
          [p, NOW, NOW],
        );
        await run(
          `INSERT INTO messages (program_id, id, customer_id, channel, kind, newsletter_id, template_key, status, error,
                                 dedupe_key, queued_at, sent_at, updated_at)
           SELECT ?, md5('m' || id::text)::uuid, id, 'EMAIL', 'NEWSLETTER', md5('nl')::uuid, 'newsletter',
                  CASE WHEN abs(hashtext(id::text)) % 10 = 0 THEN 'SUPPRESSED' ELSE 'SENT' END,
                  CASE WHEN abs(hashtext(id::text)) % 10 = 0 THEN 'contact budget used up' END,
                  'nl:' || id, ?::timestamptz - interval '30 days', ?::timestamptz - interval '30 days', ?
             FROM customers WHERE program_id = ?`,
          [p, NOW, NOW, NOW, p],
        );
        await run(
          `INSERT INTO message_feedback (program_id, message_id, useful, at)
           SELECT ?, md5('m' || id::text)::uuid, abs(hashtext(id::text)) % 3 > 0, ?::timestamptz - interval '29 days'
             FROM customers WHERE program_id = ? AND abs(hashtext(id::text)) % 10 = 1`,
          [p, NOW, p],
        );
        await run(
          `INSERT INTO message_unsubscribes (program_id, customer_id, channel, method, at)
           SELECT ?, id, 'EMAIL', 'link', ?::timestamptz - interval '28 days'
             FROM customers WHERE program_id = ? AND abs(hashtext(id::text)) % 50 = 2`,
          [p, NOW, p],
        );
        // A survey after one purchase in eight, half answered; a follow-up task per low score.
        await run(
          `INSERT INTO surveys (program_id, customer_id, purchase_id, scale, ask_comment, sent_at, answered_at, score)
           SELECT ?, customer_id, id, 'CSAT', false, occurred_at + interval '1 hour',
                  CASE WHEN total_minor % 2 = 0 THEN occurred_at + interval '3 hours' END,
                  CASE WHEN total_minor % 2 = 0 THEN 1 + total_minor % 5 END
             FROM purchases WHERE program_id = ? AND occurred_at >= ? AND abs(hashtext(id::text)) % 8 = 0`,
          [p, p, YEAR_AGO],
        );
        await run(
          `INSERT INTO follow_up_tasks (program_id, kind, customer_id, survey_id, score, due_at, status, created_at, resolved_at)
           SELECT ?, 'LOW_SCORE', customer_id, id, score, answered_at + interval '1 day',
                  CASE WHEN score = 1 THEN 'RESOLVED' ELSE 'OPEN' END, answered_at,
                  CASE WHEN score = 1 THEN answered_at + interval '5 hours' END
             FROM surveys WHERE program_id = ? AND score <= 2`,
          [p, p],
        );
      });
      // A running program's rows lie on disk in the order they were written (by time); the
      // generator writes them shuffled, which would make every scan of recent rows (pending
      // lots, say) read the whole table.
      await db.raw(`CLUSTER purchases USING purchases_recorded;
        CLUSTER ledger_entries USING ledger_entries_created;
        CLUSTER point_lots USING point_lots_available`);
      await db.raw('VACUUM ANALYZE');
    });
    // The report_rollups job, as the worker runs it every 10 minutes: the first run builds the
    // roll-ups and the liability snapshots from nothing (a kept database has them already).
    const rollup = await timed('report_rollups job: health and rules roll-ups', () =>
      rollUp(db, p, program.time_zone, NOW),
    );
    const snapshots = await timed('report_rollups job: liability snapshots', () =>
      snapshotLiability(db, p, program.time_zone, false, NOW),
    );
    const counts = (
      await db.raw(
        `SELECT (SELECT count(*) FROM purchases) AS purchases, (SELECT count(*) FROM ledger_entries) AS ledger_entries,
                (SELECT count(*) FROM point_lots) AS lots, (SELECT count(*) FROM issued_rewards) AS rewards,
                (SELECT count(*) FROM messages) AS messages, (SELECT count(*) FROM surveys) AS surveys`,
      )
    ).rows[0];
    process.stdout.write(`${JSON.stringify(counts)}\n`);

    const year = { from: FROM, to: TO };
    const twice = async <T>(label: string, fn: () => Promise<T>) => {
      const a = await timed(`${label} (cold)`, fn);
      const b = await timed(`${label} (warm)`, fn);
      return { ms: Math.max(a.ms, b.ms), value: b.value };
    };
    const results: Record<string, number> = {};
    results.liabilityTotalsNow = (
      await twice('liability totals (no schedule), as of now', () =>
        liabilityReport(ctx, {}, { schedule: false }),
      )
    ).ms;
    results.liabilityTotalsHalfYearAgo = (
      await twice('liability totals, as of six months ago', () =>
        liabilityReport(ctx, { asOf: new Date(NOW.getTime() - 182 * 86_400_000) }, { schedule: false }),
      )
    ).ms;
    const liability = await twice('liability with expiry schedule, as of now', () =>
      liabilityReport(ctx, {}),
    );
    results.liabilityNow = liability.ms;
    results.liabilityHalfYearAgo = (
      await twice('liability with expiry schedule, six months ago', () =>
        liabilityReport(ctx, { asOf: new Date(NOW.getTime() - 182 * 86_400_000) }),
      )
    ).ms;
    const day = await twice('health, a year by day', () => healthReport(ctx, { ...year, period: 'DAY' }));
    results.healthByDay = day.ms;
    results.healthByWeek = (
      await twice('health, a year by week', () => healthReport(ctx, { ...year, period: 'WEEK' }))
    ).ms;
    results.healthByMonth = (
      await twice('health, a year by month', () => healthReport(ctx, { ...year, period: 'MONTH' }))
    ).ms;
    const rules = await twice('rules, a year, 30-day follow-up', () =>
      rulesReport(ctx, { ...year, followUpDays: 30 }),
    );
    results.rules = rules.ms;
    results.messaging = (
      await twice('messaging and feedback, a year by week', () =>
        messagingReport(ctx, { ...year, period: 'WEEK' }),
      )
    ).ms;
    let bytes = 0;
    let rows = 0;
    results.csvLiabilityCustomers = (
      await timed(`CSV: per-customer liability (${CUSTOMERS} rows)`, () =>
        exportCsv(
          ctx,
          'liability-customers',
          {},
          {
            async write(line) {
              bytes += line.length;
              rows++;
            },
          },
        ),
      )
    ).ms;
    results.csvHealthByDay = (
      await timed('CSV: health, a year by day', () =>
        exportCsv(ctx, 'health', { ...year, period: 'DAY' }, { write: async () => {} }),
      )
    ).ms;
    const result = {
      at: new Date().toISOString(),
      customers: CUSTOMERS,
      counts,
      seedMs: seed.ms,
      rollupMs: rollup.value ? rollup.ms : 0,
      snapshotMs: snapshots.value?.written ? snapshots.ms : 0,
      snapshots: snapshots.value,
      ms: results,
      csvRows: rows,
      csvBytes: bytes,
      sample: {
        liability: { ...liability.value, expirySchedule: liability.value.expirySchedule.length },
        effect: rules.value.rules[0]?.effect,
        periods: day.value.periods.length,
        cohorts: day.value.cohorts.length,
      },
      cpus: os.cpus().length,
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    const file = path.join('bench/results', `reports-${result.at.replace(/[:.]/g, '-')}.json`);
    await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`written to ${file}\n`);
  } finally {
    await bench.close();
  }
}

await main();
