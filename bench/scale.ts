/**
 * `npm run bench:scale` (issue 13): what changes when a program has 10 million customers.
 * Two programs in one embedded PostgreSQL, seeded set-based with `generate_series`:
 *
 *   small   BENCH_SCALE_SMALL customers (default 10,000)
 *   big     BENCH_SCALE_CUSTOMERS customers (default 10,000,000)
 *
 * each with BENCH_SCALE_ENTRIES ledger entries per customer (default 10: 100M at 10M customers),
 * one open lot and a balance row each, one purchase and its day of tier activity each, names,
 * emails and phones for search. Then, for both programs in the same run, on random customers:
 * the balance read (`customersWithBalances`, what `customer { balance }` runs), a purchase
 * (the `recordPurchase` workflow in-process), three kinds of customer search, and the nightly
 * tier evaluation (first run, which places the ~1% who qualify, then the next day's), beside a
 * `count(*)` of each program's ledger (what one full scan costs). Disk use per table.
 *
 *   BENCH_SCALE_DIR=/some/dir   keep the database there and reuse it on the next run (seeding
 *                               10M customers and 100M entries takes most of an hour on 2 cores);
 *                               a stopped seed goes on from its last chunk
 *   BENCH_SCALE_SEED_ONLY=1     seed, then stop (measure later, on a quiet machine)
 *   BENCH_SCALE_EXPLAIN=1       print the plans of the balance read and the searches at each size
 *
 * The big program's bulk load drops the secondary indexes of the tables it fills and builds
 * them again afterwards (sorted builds instead of 100M random index inserts); primary keys stay.
 * Progress goes to stderr. Results: bench/results/scale-<timestamp>.json and a table on stdout.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { scoped } from '../src/db/scoped';
import { findProgramBySlug } from '../src/modules/programs/programs.repo';
import { RecordPurchaseInput } from '../src/modules/purchases/purchases.inputs';
import { runTierEvaluation } from '../src/modules/tiers/tiers.evaluation';
import { CreateTierInput } from '../src/modules/tiers/tiers.inputs';
import { createTier } from '../src/modules/tiers/tiers.service';
import { ManualClock } from '../src/shared/clock';
import type { RequestContext } from '../src/shared/context';
import { parseInput } from '../src/shared/errors';
import { customersWithBalances } from '../src/workflows/customer-balance';
import { recordPurchase } from '../src/workflows/record-purchase';
import { findCustomers } from '../src/workflows/search-customers';
import { makeProgram } from '../test/helpers/factories';
import { openKeptBenchDatabase } from './harness';

const BIG = Number(process.env.BENCH_SCALE_CUSTOMERS ?? 10_000_000);
const SMALL = Number(process.env.BENCH_SCALE_SMALL ?? 10_000);
const ENTRIES = Number(process.env.BENCH_SCALE_ENTRIES ?? 10);
const EXPLAIN = process.env.BENCH_SCALE_EXPLAIN === '1';
/** Customers per seeding transaction (and per progress step). */
const CHUNK = 500_000;
const NOW = new Date('2026-11-30T12:00:00Z');
const TABLES = ['customers', 'ledger_entries', 'point_lots', 'point_balances', 'purchases', 'tier_activity'];

const log = (m: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${m}\n`);
const round = (x: number) => Math.round(x * 100) / 100;
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
/** The id the seed gives customer `g` of a program: md5(slug-g) as a uuid, so we can pick at random. */
const customerId = (slug: string, g: number) => {
  const h = createHash('md5').update(`${slug}-${g}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

/** Secondary indexes of the tables the seed fills (not those behind a constraint). */
async function secondaryIndexes(db: Knex): Promise<{ name: string; def: string }[]> {
  const { rows } = await db.raw(
    `SELECT i.indexname AS name, i.indexdef AS def
       FROM pg_indexes i
      WHERE i.schemaname = 'public' AND i.tablename = ANY(?)
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    [TABLES],
  );
  return rows;
}

/**
 * One chunk of customers [from, to] and everything they own, in one transaction with triggers
 * and foreign-key checks off (consistent by construction).
 */
async function seedChunk(db: Knex, programId: string, slug: string, from: number, to: number) {
  await db.transaction(async (trx) => {
    await trx.raw('SET LOCAL session_replication_role = replica');
    const b = { p: programId, slug, from, to, now: NOW, entries: ENTRIES };
    await trx.raw(
      `INSERT INTO customers (program_id, id, external_id, email, phone, first_name, last_name, enrolled_at, updated_at)
       SELECT :p::uuid, md5(:slug || '-' || g)::uuid, 'card-' || g, 'person' || g || '@example.com',
              '+1' || (2012000000 + (g::bigint * 7919) % 7987000000)::text,
              (ARRAY['Ada','Ben','Chen','Dalia','Emil','Fatima','Hugo','Ines','Jonas','Kenji'])[1 + g % 10],
              'Surname' || (g % 20000), :now::timestamptz - (g % 1000) * interval '1 day', :now
         FROM generate_series(:from::bigint, :to::bigint) g`,
      b,
    );
    await trx.raw(
      `INSERT INTO ledger_entries (program_id, customer_id, kind, points, actor_kind, available_at, created_at)
       SELECT :p::uuid, md5(:slug || '-' || g)::uuid, 'EARN', 10 + (g * 31 + k * 7) % 90, 'system', t, t
         FROM generate_series(:from::bigint, :to::bigint) g, generate_series(1, :entries) k,
              LATERAL (SELECT :now::timestamptz - ((g * 7919 + k * 104729) % 365) * interval '1 day' AS t) x`,
      b,
    );
    await trx.raw(
      `INSERT INTO point_lots (program_id, customer_id, entry_id, points, remaining, available_at, expires_at, created_at)
       SELECT :p::uuid, md5(:slug || '-' || g)::uuid, g, 500, 500, :now::timestamptz - interval '30 days', NULL,
              :now::timestamptz - interval '30 days'
         FROM generate_series(:from::bigint, :to::bigint) g`,
      b,
    );
    await trx.raw(
      `INSERT INTO point_balances (program_id, customer_id, points, lifetime_earned, last_purchase_at, updated_at)
       SELECT :p::uuid, md5(:slug || '-' || g)::uuid, 500, 500, :now::timestamptz - (g % 300) * interval '1 day', :now
         FROM generate_series(:from::bigint, :to::bigint) g`,
      b,
    );
    await trx.raw(
      `INSERT INTO purchases (program_id, id, customer_id, external_id, store_code, currency, total_minor,
                              earn_weight, points_earned, occurred_at, recorded_at)
       SELECT :p::uuid, md5('p' || :slug || '-' || g)::uuid, md5(:slug || '-' || g)::uuid, 'r' || g, 'S1', 'USD',
              t, t * 100, t / 100, d, d
         FROM generate_series(:from::bigint, :to::bigint) g,
              LATERAL (SELECT 100 + (g * 104729) % 29900 AS t,
                              :now::timestamptz - (g % 300) * interval '1 day' AS d) x`,
      b,
    );
    await trx.raw(
      `INSERT INTO tier_activity (program_id, customer_id, day, spend_minor, points, purchases)
       SELECT :p::uuid, md5(:slug || '-' || g)::uuid, (d AT TIME ZONE 'UTC')::date, t, t / 100, 1
         FROM generate_series(:from::bigint, :to::bigint) g,
              LATERAL (SELECT 100 + (g * 104729) % 29900 AS t,
                              :now::timestamptz - (g % 300) * interval '1 day' AS d) x`,
      b,
    );
  });
}

/**
 * Seeds a program, resumably: with BENCH_SCALE_DIR the progress (the next chunk, the indexes
 * dropped for the bulk load) is kept in seed-<slug>.json there, so a stopped run goes on.
 */
async function seed(db: Knex, slug: string, n: number): Promise<{ id: string; seedMs: number }> {
  const stateFile = process.env.BENCH_SCALE_DIR
    ? path.join(process.env.BENCH_SCALE_DIR, `seed-${slug}.json`)
    : null;
  const existing = await findProgramBySlug(db, slug);
  let state: { next: number; dropped: { name: string; def: string }[]; done: boolean } | null = null;
  if (existing && stateFile) state = JSON.parse(await readFile(stateFile, 'utf8').catch(() => 'null'));
  if (existing && (!state || state.done)) return { id: existing.id, seedMs: 0 };
  const t0 = performance.now();
  const program = existing ?? (await makeProgram(db, { slug, currency: 'USD', timeZone: 'UTC' }));
  if (!state) {
    state = { next: 1, dropped: n > CHUNK ? await secondaryIndexes(db) : [], done: false };
    for (const i of state.dropped) await db.raw(`DROP INDEX ${i.name}`);
  }
  const save = async () => {
    if (stateFile) await writeFile(stateFile, JSON.stringify(state));
  };
  await save();
  for (let from = state.next; from <= n; from += CHUNK) {
    const to = Math.min(n, from + CHUNK - 1);
    await seedChunk(db, program.id, slug, from, to);
    state.next = to + 1;
    await save();
    log(`${slug}: ${to.toLocaleString('en')} of ${n.toLocaleString('en')} customers seeded`);
  }
  // The names list the search reads (kept by a statement trigger, off during the bulk load).
  await db.raw(
    `INSERT INTO customer_names (program_id, name)
     SELECT DISTINCT program_id, lower(x.name) FROM customers
      CROSS JOIN LATERAL (VALUES (first_name), (last_name)) x (name) WHERE program_id = ?
     ON CONFLICT DO NOTHING`,
    [program.id],
  );
  for (const i of [...state.dropped]) {
    const t = performance.now();
    await db.transaction(async (trx) => {
      await trx.raw(`SET LOCAL maintenance_work_mem = '1GB'`);
      await trx.raw('SET LOCAL max_parallel_maintenance_workers = 2');
      await trx.raw(i.def);
    });
    state.dropped = state.dropped.filter((d) => d.name !== i.name);
    await save();
    log(`index ${i.name} built in ${Math.round((performance.now() - t) / 1000)} s`);
  }
  await db.raw(`VACUUM ANALYZE ${TABLES.join(', ')}, customer_names`);
  state.done = true;
  await save();
  return { id: program.id, seedMs: Math.round(performance.now() - t0) };
}

type Timings = { p50: number; p99: number; max: number; runs: number };
async function timeRuns(runs: number, fn: (i: number) => Promise<unknown>): Promise<Timings> {
  for (let i = 0; i < 20; i++) await fn(runs + i); // warm-up: plans, caches, JIT
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn(i);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return {
    p50: round(percentile(times, 50)),
    p99: round(percentile(times, 99)),
    max: round(times.at(-1)!),
    runs,
  };
}

async function measure(db: Knex, slug: string, programId: string, n: number) {
  const clock = new ManualClock(NOW);
  const ctx: RequestContext = {
    programId,
    q: scoped(db, programId),
    viewer: null,
    actor: { kind: 'system', id: 'bench', role: null },
    clock,
  };
  // The same random customers' numbers for every measurement of this program.
  let x = 987654321;
  const rand = () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return 1 + (x % n);
  };
  const picks = Array.from({ length: 2000 }, rand);
  const pick = (i: number) => picks[i % picks.length]!;
  const out: Record<string, unknown> = {};

  out.balance = await timeRuns(500, (i) =>
    customersWithBalances(ctx.q, [{ id: customerId(slug, pick(i)) }], clock.now()),
  );
  out.purchase = await timeRuns(300, (i) =>
    recordPurchase(
      ctx,
      parseInput(RecordPurchaseInput, {
        idempotencyKey: randomUUID(),
        // By card number: the seed's ids are md5 digests, not RFC 4122 UUIDs the API's input accepts.
        customerExternalId: `card-${pick(i + 1000)}`,
        externalId: randomUUID(),
        storeCode: 'main',
        occurredAt: NOW,
        currency: 'USD',
        lines: [{ sku: 'flat-white', category: 'coffee', quantity: 2, unitPriceMinor: 450 }],
      }),
    ),
  );
  const searches: Record<string, (g: number) => string> = {
    'search: full email': (g) => `person${g}@example.com`,
    'search: phone digits': (g) => String(2012000000 + ((g * 7919) % 7987000000)),
    'search: external id': (g) => `card-${g}`,
    'search: surname': (g) => `Surname${g % 20000}`,
  };
  for (const [kind, make] of Object.entries(searches)) {
    if (EXPLAIN) log(`${slug} ${kind}: ${make(pick(0))}`);
    out[kind] = await timeRuns(200, (i) => findCustomers(ctx, { search: make(pick(i)), first: 20 }));
  }
  if (EXPLAIN) {
    const plan = await db.raw(
      `EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM point_lots l WHERE l.program_id = ? AND l.customer_id = ? AND l.remaining > 0`,
      [programId, customerId(slug, pick(0))],
    );
    log(
      `${slug} lots of one customer:\n${plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n')}`,
    );
  }

  const t0 = performance.now();
  const count = (
    await db.raw('SELECT count(*)::bigint AS n FROM ledger_entries WHERE program_id = ?', [programId])
  ).rows[0].n;
  out.countLedgerMs = Math.round(performance.now() - t0);
  out.ledgerEntries = Number(count);

  // Nightly tier evaluation: SPEND over 365 days at $296, which about 1% of customers reach.
  const tiers = await db('tiers').where({ program_id: programId }).count<{ count: string }[]>('* as count');
  if (Number(tiers[0]!.count) === 0) {
    await createTier(
      ctx,
      parseInput(CreateTierInput, {
        name: 'Gold',
        rank: 1,
        metric: 'SPEND',
        threshold: 29_600,
        window: { kind: 'ROLLING_DAYS', days: 365 },
      }),
    );
  }
  let t = performance.now();
  const first = await runTierEvaluation(ctx);
  out.tierEvaluationFirstMs = Math.round(performance.now() - t);
  out.tierEvaluationFirst = first;
  clock.set(new Date(NOW.getTime() + 86_400_000));
  t = performance.now();
  const next = await runTierEvaluation(ctx);
  out.tierEvaluationNextDayMs = Math.round(performance.now() - t);
  out.tierEvaluationNextDay = next;
  return out;
}

async function sizes(db: Knex) {
  const { rows } = await db.raw(
    `SELECT c.relname AS table, pg_total_relation_size(c.oid) AS total, pg_relation_size(c.oid) AS heap,
            pg_indexes_size(c.oid) AS indexes
       FROM pg_class c WHERE c.relname = ANY(?) ORDER BY 2 DESC`,
    [[...TABLES, 'customer_names']],
  );
  const db_ = (await db.raw('SELECT pg_database_size(current_database()) AS n')).rows[0].n;
  const mb = (v: string | number) => Math.round(Number(v) / 1024 / 1024);
  return {
    databaseMb: mb(db_),
    tables: rows.map((r: Record<string, string>) => ({
      table: r.table,
      totalMb: mb(r.total!),
      heapMb: mb(r.heap!),
      indexesMb: mb(r.indexes!),
    })),
  };
}

async function main() {
  const loadAtStart = os.loadavg();
  const bench = await openKeptBenchDatabase(process.env.BENCH_SCALE_DIR);
  const { db } = bench;
  try {
    // The bulk load is a throwaway database's: room for its WAL between checkpoints, and no
    // waiting for the disk. Durability is back on (and the server reloaded) before measuring.
    const loading = ['max_wal_size', 'fsync', 'full_page_writes', 'synchronous_commit'];
    await db.raw(`ALTER SYSTEM SET max_wal_size = '8GB'`);
    await db.raw('ALTER SYSTEM SET fsync = off');
    await db.raw('ALTER SYSTEM SET full_page_writes = off');
    await db.raw('ALTER SYSTEM SET synchronous_commit = off');
    await db.raw('SELECT pg_reload_conf()');
    const small = await seed(db, 'scale-small', SMALL);
    log(`small program ready (${small.seedMs} ms)`);
    const big = await seed(db, 'scale-big', BIG);
    log(`big program ready (${big.seedMs} ms)`);
    for (const setting of loading) await db.raw(`ALTER SYSTEM RESET ${setting}`);
    await db.raw('SELECT pg_reload_conf()');
    await db.raw('CHECKPOINT');
    if (process.env.BENCH_SCALE_SEED_ONLY === '1') return;
    const disk = await sizes(db);
    log('measuring the small program');
    const atSmall = await measure(db, 'scale-small', small.id, SMALL);
    log('measuring the big program');
    const atBig = await measure(db, 'scale-big', big.id, BIG);

    const report = {
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, node: process.version, loadAtStart, loadAtEnd: os.loadavg() },
      settings: { small: SMALL, big: BIG, entriesPerCustomer: ENTRIES },
      seedMs: { small: small.seedMs, big: big.seedMs },
      disk,
      small: atSmall,
      big: atBig,
    };
    process.stdout.write(`\n${'measure'.padEnd(28)} ${`${SMALL}`.padStart(22)} ${`${BIG}`.padStart(22)}\n`);
    for (const key of Object.keys(atSmall)) {
      const show = (v: unknown) =>
        v && typeof v === 'object' && 'p50' in v
          ? `${(v as Timings).p50} / ${(v as Timings).p99} ms`
          : typeof v === 'object'
            ? JSON.stringify(v).slice(0, 22)
            : String(v);
      process.stdout.write(
        `${key.padEnd(28)} ${show(atSmall[key]).padStart(22)} ${show(atBig[key]).padStart(22)}\n`,
      );
    }
    process.stdout.write(`database ${disk.databaseMb} MB\n`);
    for (const t of disk.tables)
      process.stdout.write(
        `  ${t.table.padEnd(16)} ${t.totalMb} MB (heap ${t.heapMb}, indexes ${t.indexesMb})\n`,
      );
    const file = path.join('bench', 'results', `scale-${report.at.replace(/[:.]/g, '-')}.json`);
    await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`written to ${file}\n`);
  } finally {
    await bench.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
