/**
 * Plans of one report's statements on a kept bench database (BENCH_REPORTS_DIR, seeded by
 * `npm run bench:reports`): `node --import tsx bench/reports-explain.ts liability|health|rules|messaging`.
 */
import { startEmbeddedPostgres } from '../src/db/embedded';
import { createDb } from '../src/db/knex';
import { scoped } from '../src/db/scoped';
import { findProgramBySlug } from '../src/modules/programs/programs.repo';
import { HealthInput, RulesReportInput } from '../src/modules/reports/reports.inputs';
import {
  healthReport,
  liabilityReport,
  messagingReport,
  rulesReport,
} from '../src/modules/reports/reports.service';
import { ManualClock } from '../src/shared/clock';
import { parseInput } from '../src/shared/errors';

if (process.argv.includes('--explain')) process.env.REPORTS_EXPLAIN = '1';
const dir = process.env.BENCH_REPORTS_DIR;
if (!dir) throw new Error('BENCH_REPORTS_DIR is required');
const embedded = await startEmbeddedPostgres(dir, { database: 'regulars_bench', persistent: true });
const db = createDb(embedded.url, { poolMax: 4 });
const program = (await findProgramBySlug(db, 'bench-reports'))!;
const ctx = {
  programId: program.id,
  q: scoped(db, program.id),
  viewer: null,
  actor: { kind: 'system' as const, id: 'bench', role: null },
  clock: new ManualClock('2026-11-22T09:00:00Z'),
};
if (process.argv.includes('--upgrade')) {
  // A database kept from before the reports migration gained indexes and balance rows.
  await db.raw(`DROP INDEX IF EXISTS ledger_entries_created;
    CREATE INDEX ledger_entries_created ON ledger_entries (program_id, created_at) INCLUDE (kind, points);
    CREATE INDEX IF NOT EXISTS point_lots_fifo ON point_lots (program_id, customer_id, available_at DESC, id DESC)
      INCLUDE (points, expires_at, created_at);
    CREATE INDEX IF NOT EXISTS point_lots_available ON point_lots (program_id, available_at);
    CREATE INDEX IF NOT EXISTS ledger_entries_reversals ON ledger_entries (program_id, purchase_id, created_at)
      INCLUDE (points) WHERE kind = 'REVERSAL';
    INSERT INTO point_balances (program_id, customer_id, points, lifetime_earned, updated_at)
    SELECT program_id, customer_id, sum(points), 0, now() FROM ledger_entries GROUP BY 1, 2
    ON CONFLICT DO NOTHING;`);
  await db.raw('VACUUM ANALYZE');
}
const year = { from: '2025-11-23', to: '2026-11-21' };
const which = process.argv[2] ?? 'liability';
const t0 = performance.now();
if (which === 'sql') {
  for (const sql of process.argv.slice(3)) {
    const t = performance.now();
    const r = await db.raw(sql);
    process.stderr.write(
      `${Math.round(performance.now() - t)} ms  ${JSON.stringify(r.rows?.slice(0, 3))}  ${sql.slice(0, 90)}\n`,
    );
  }
}
if (which === 'liability') await liabilityReport(ctx, {});
if (which === 'health')
  await healthReport(
    ctx,
    parseInput(
      HealthInput,
      { ...year, period: process.argv[3]?.startsWith('--') ? 'DAY' : (process.argv[3] ?? 'DAY') },
      [],
    ),
  );
if (which === 'rules') await rulesReport(ctx, parseInput(RulesReportInput, year, []));
if (which === 'messaging') await messagingReport(ctx, { ...year, period: 'WEEK' });
process.stderr.write(
  `${which}: ${Math.round(performance.now() - t0)} ms (with EXPLAIN ANALYZE: twice the work)\n`,
);
await db.destroy();
// Started here (no other process had the data directory up): stopped here, or the process waits on it.
if (embedded.owned) await embedded.stop();
