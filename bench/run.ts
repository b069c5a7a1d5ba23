/**
 * `npm run bench`: the API under load on a fresh embedded PostgreSQL, beside its baselines,
 * all in one run (this machine is shared and noisy: only ratios measured together mean much).
 *
 *   bare-yoga       `{ __typename }` from graphql-yoga on node:http alone: the framework's limit
 *   trivial         `{ __typename }` through Koa + auth + yoga
 *   balance         `customer(id) { balance { … } }` for random customers
 *   sql-floor       the same purchase facts in one data-modifying statement through bare `pg`
 *                   (bench/floors.ts): the database's limit for this work
 *   sql-floor-prepared  the same statement prepared (planned once per connection)
 *   sql-purchase    the statements of one recordPurchase replayed through a bare `pg` client
 *                   with fresh keys (bench/sql-replay.ts): our SQL without our code
 *   service-purchase the recordPurchase service called in-process (knex, no HTTP/GraphQL)
 *   recordPurchase  the mutation through HTTP, a new idempotency key per request
 *
 * At each load the scenarios take turns in BENCH_ROUNDS short slices (default 5 × 2 s), so a
 * change in the machine's other load hits them alike; ratios are medians of per-round ratios.
 * Each slice also reads the CPU time (bench/cpu.ts) of the process that serves it (the API,
 * bare yoga, or this process for the in-process scenarios), of PostgreSQL and of the load
 * generator, and reports it per request: what one request costs on each side.
 * Results go to bench/results/<timestamp>.json and a summary table to stdout.
 *
 *   BENCH_SCENARIOS=trivial,balance   run only these (ratios need both of their scenarios)
 *   BENCH_LABEL=before                kept in the results and their file name
 *   BENCH_PROFILE=<dir>               the API process runs with `node --cpu-prof` and writes
 *                                     its profile there on exit; `bench/cpu-top.ts` prints the
 *                                     top ten (profile one scenario at a time to attribute it)
 */
import { randomUUID } from 'node:crypto';
import { readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { scoped } from '../src/db/scoped';
import { RecordPurchaseInput } from '../src/modules/purchases/purchases.inputs';
import { systemClock } from '../src/shared/clock';
import { parseInput } from '../src/shared/errors';
import { recordPurchase } from '../src/workflows/record-purchase';
import { makeKey, makeProgram } from '../test/helpers/factories';
import { spawnTs } from '../test/helpers/process';
import { listeningAt } from '../test/helpers/processes';
import { postgresMs, postmasterPid, selfMs, treeMs } from './cpu';
import { floorPurchase, startBareYoga } from './floors';
import { openBenchDatabase } from './harness';
import { captureStatements, replayStatements } from './sql-replay';

const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
/** Each scenario runs at every load: saturation (throughput) and a light load (latency). */
const LOADS = (process.env.BENCH_LOADS ?? '16,4,2').split(',').map(Number);
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 10_000);
/** Slices per scenario and load: DURATION_S is split into this many turns. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const POOL = 10;
const ONLY = process.env.BENCH_SCENARIOS?.split(',').filter(Boolean) ?? null;
const PROFILE_DIR = process.env.BENCH_PROFILE ?? '';
/** A name for the code under test, kept in the results (`before`, a commit…). */
const LABEL = process.env.BENCH_LABEL ?? '';

interface Figures {
  name: string;
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** Requests completed (for CPU per request). */
  requests: number;
  /**
   * CPU ms per request: the serving process, PostgreSQL's backends, PostgreSQL's background
   * processes (bench/cpu.ts postgresMs), the load generator (this process).
   */
  cpu?: { server: number; postgres: number; pgBackground: number; client: number };
}

const pct = (x: number) => `${(x * 100).toFixed(0)}%`;

function purchaseInput(customerId: string, occurredAt: Date | string = new Date().toISOString()) {
  return {
    idempotencyKey: randomUUID(),
    customerId,
    externalId: randomUUID(),
    storeCode: 'main',
    occurredAt,
    currency: 'USD',
    lines: [
      { sku: 'flat-white', category: 'coffee', quantity: 2, unitPriceMinor: 450 },
      { sku: 'croissant', category: 'bakery', quantity: 1, unitPriceMinor: 325 },
      { sku: 'beans-1kg', category: 'retail', quantity: 1, unitPriceMinor: 2400 },
    ],
  };
}

async function main() {
  const loadavgAtStart = os.loadavg();
  process.stdout.write(`load average at start: ${loadavgAtStart.map((x) => x.toFixed(2)).join(' ')}\n`);
  const bench = await openBenchDatabase(POOL);
  const { db } = bench;
  let server: ReturnType<typeof spawnTs> | null = null;
  let closeBare = async () => {};
  try {
    const program = await makeProgram(db, { slug: 'bench', currency: 'USD' });
    const key = await makeKey(db, program.id, 'pos');
    await db.raw(
      `INSERT INTO customers (program_id, external_id, first_name, enrolled_at, updated_at)
       SELECT ?, 'bench-' || g, 'Customer ' || g, now(), now() FROM generate_series(1, ?) g`,
      [program.id, CUSTOMERS],
    );
    const ids: string[] = (await db('customers').where({ program_id: program.id }).select('id')).map(
      (r) => r.id,
    );
    const pick = () => ids[Math.floor(Math.random() * ids.length)]!;
    process.stdout.write(`seeded ${ids.length} customers\n`);

    server = spawnTs(
      'src/main.ts',
      ['--api'],
      {
        DATABASE_URL: bench.url,
        PORT: '0',
        LOG_LEVEL: 'warn',
        DB_POOL_MAX: String(POOL),
        RATE_LIMIT_PER_SECOND: '1000000',
        RATE_LIMIT_BURST: '1000000',
        // Every load-generator connection comes from one loopback address.
        RATE_LIMIT_PER_ADDRESS_PER_SECOND: '1000000',
        RATE_LIMIT_PER_ADDRESS_BURST: '1000000',
      },
      PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', PROFILE_DIR] : [],
    );
    const url = await listeningAt(server);
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${key}` };

    const bare = await startBareYoga();
    closeBare = bare.close;
    const http = async (
      name: string,
      connections: number,
      body: () => string,
      seconds = DURATION_S,
      target = `${url}/graphql`,
    ): Promise<Figures> => {
      const r = await autocannon({
        url: target,
        connections,
        duration: seconds,
        requests: [{ method: 'POST', headers, setupRequest: (req) => ({ ...req, body: body() }) }],
      });
      return {
        name,
        connections,
        rps: r.requests.average,
        p50: r.latency.p50,
        p99: r.latency.p99,
        errors: r.errors + r.non2xx,
        requests: r.requests.total,
      };
    };

    const direct = async (
      name: string,
      connections: number,
      seconds: number,
      work: () => Promise<unknown>,
    ): Promise<Figures> => {
      const latencies: number[] = [];
      let errors = 0;
      let firstError: unknown = null;
      const end = Date.now() + seconds * 1000;
      await Promise.all(
        Array.from({ length: connections }, async () => {
          while (Date.now() < end) {
            const t = performance.now();
            try {
              await work();
            } catch (err) {
              errors++;
              firstError ??= err;
            }
            latencies.push(performance.now() - t);
          }
        }),
      );
      if (firstError) process.stderr.write(`${name}: ${errors} errors, first: ${String(firstError)}\n`);
      latencies.sort((a, b) => a - b);
      const at = (p: number) => Math.round(latencies[Math.floor((latencies.length - 1) * p)]! * 100) / 100;
      return {
        name,
        connections,
        rps: latencies.length / seconds,
        p50: at(0.5),
        p99: at(0.99),
        errors,
        requests: latencies.length,
      };
    };

    const ctx = {
      programId: program.id,
      q: scoped(db, program.id),
      viewer: null,
      actor: { kind: 'system' as const, id: 'bench', role: null },
      clock: systemClock,
    };
    const balanceQuery =
      'query Balance($id: ID) { customer(id: $id) { balance { available pending lifetimeEarned } } }';
    const purchaseMutation =
      'mutation Purchase($input: RecordPurchaseInput!) { recordPurchase(input: $input) { pointsEarned replayed purchase { id } } }';

    // Warm up (JIT, pools, plan caches) before measuring.
    await http('warmup', 8, () => JSON.stringify({ query: balanceQuery, variables: { id: pick() } }));

    // Capture a warm purchase (caches filled), so the baseline replays what every later one sends.
    await recordPurchase(ctx, parseInput(RecordPurchaseInput, purchaseInput(pick(), new Date())));
    const sample = purchaseInput(pick(), new Date());
    let samplePurchaseId = '';
    const statements = await captureStatements(db, async () => {
      samplePurchaseId = (await recordPurchase(ctx, parseInput(RecordPurchaseInput, sample))).purchaseId;
    });
    const pool = new pg.Pool({ connectionString: bench.url, max: POOL });
    const dataDir = (await db.raw('SHOW data_directory')).rows[0].data_directory as string;
    const pgPid = postmasterPid(dataDir);
    const apiPid = server.pid!;
    const results: Figures[] = [];
    const ratios: Record<
      string,
      {
        recordPurchaseVsFloor: number;
        recordPurchaseVsPreparedFloor: number;
        recordPurchaseVsReplay: number;
        trivialVsBareYoga: number;
        balanceVsTrivial: number;
      }
    > = {};
    // Scenarios take turns in short slices (ROUNDS per load), so that a change in the machine's
    // other load hits them all alike; each ratio is the median of its per-round ratios.
    const allScenarios: [string, (c: number, s: number) => Promise<Figures>][] = [
      [
        'bare-yoga',
        (c, s) => http('bare-yoga', c, () => JSON.stringify({ query: '{ __typename }' }), s, bare.url),
      ],
      ['trivial', (c, s) => http('trivial', c, () => JSON.stringify({ query: '{ __typename }' }), s)],
      [
        'balance',
        (c, s) =>
          http('balance', c, () => JSON.stringify({ query: balanceQuery, variables: { id: pick() } }), s),
      ],
      [
        'sql-floor',
        (c, s) =>
          direct('sql-floor', c, s, () => floorPurchase(pool, program.id, pick(), purchaseInput('x').lines)),
      ],
      [
        'sql-floor-prepared',
        (c, s) =>
          direct('sql-floor-prepared', c, s, () =>
            floorPurchase(pool, program.id, pick(), purchaseInput('x').lines, true),
          ),
      ],
      [
        'sql-purchase',
        (c, s) =>
          direct('sql-purchase', c, s, () => {
            const next = purchaseInput(pick());
            return replayStatements(
              pool,
              statements,
              new Map<unknown, unknown>([
                [sample.idempotencyKey, next.idempotencyKey],
                [sample.externalId, next.externalId],
                [sample.customerId, next.customerId],
                // The workflow makes the purchase id itself (issue 12): a replay needs a new one.
                [samplePurchaseId, randomUUID()],
              ]),
            );
          }),
      ],
      [
        'service-purchase',
        (c, s) =>
          direct('service-purchase', c, s, () =>
            recordPurchase(ctx, parseInput(RecordPurchaseInput, purchaseInput(pick(), new Date()))),
          ),
      ],
      [
        'recordPurchase',
        (c, s) =>
          http(
            'recordPurchase',
            c,
            () => JSON.stringify({ query: purchaseMutation, variables: { input: purchaseInput(pick()) } }),
            s,
          ),
      ],
    ];
    const scenarios = allScenarios.filter(([name]) => !ONLY || ONLY.includes(name));
    // Which process serves each scenario: the in-process ones are served by this one.
    const servedBy = (name: string) =>
      name === 'bare-yoga'
        ? bare.pid
        : ['trivial', 'balance', 'recordPurchase'].includes(name)
          ? apiPid
          : null;
    // When each slice ran, on the monotonic clock a CPU profile's timestamps use (µs), so
    // bench/cpu-top.ts can keep the samples of one scenario.
    const windows: { name: string; connections: number; fromUs: number; toUs: number }[] = [];
    const measured = async (name: string, go: () => Promise<Figures>): Promise<Figures> => {
      const pid = servedBy(name);
      const before = { server: pid ? treeMs(pid) : 0, pg: postgresMs(pgPid), client: selfMs() };
      const fromUs = Number(process.hrtime.bigint() / 1000n);
      const f = await go();
      windows.push({
        name,
        connections: f.connections,
        fromUs,
        toUs: Number(process.hrtime.bigint() / 1000n),
      });
      const n = Math.max(1, f.requests);
      const client = (selfMs() - before.client) / n;
      const pg = postgresMs(pgPid);
      f.cpu = {
        // In-process scenarios: this process is both; its CPU is counted once, as the server's.
        server: pid ? (treeMs(pid) - before.server) / n : client,
        postgres: (pg.backends - before.pg.backends) / n,
        pgBackground: (pg.background - before.pg.background) / n,
        client: pid ? client : 0,
      };
      return f;
    };
    const slice = Math.max(1, Math.round(DURATION_S / ROUNDS));
    for (const c of LOADS) {
      const rounds: Record<string, Figures>[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        const round: Record<string, Figures> = {};
        for (const [name, go] of scenarios) round[name] = await measured(name, () => go(c, slice));
        rounds.push(round);
      }
      const ratio = (a: string, b: string) =>
        rounds[0]![a] && rounds[0]![b] ? median(rounds.map((x) => x[a]!.rps / x[b]!.rps)) : Number.NaN;
      ratios[`connections=${c}`] = {
        recordPurchaseVsFloor: ratio('recordPurchase', 'sql-floor'),
        recordPurchaseVsPreparedFloor: ratio('recordPurchase', 'sql-floor-prepared'),
        recordPurchaseVsReplay: ratio('recordPurchase', 'sql-purchase'),
        trivialVsBareYoga: ratio('trivial', 'bare-yoga'),
        balanceVsTrivial: ratio('balance', 'trivial'),
      };
      for (const [name] of scenarios) {
        const xs = rounds.map((x) => x[name]!);
        results.push({
          name,
          connections: c,
          rps: xs.reduce((sum, x) => sum + x.rps, 0) / xs.length,
          p50: median(xs.map((x) => x.p50)),
          p99: median(xs.map((x) => x.p99)),
          errors: xs.reduce((sum, x) => sum + x.errors, 0),
          requests: xs.reduce((sum, x) => sum + x.requests, 0),
          cpu: {
            server: median(xs.map((x) => x.cpu!.server)),
            postgres: median(xs.map((x) => x.cpu!.postgres)),
            pgBackground: median(xs.map((x) => x.cpu!.pgBackground)),
            client: median(xs.map((x) => x.cpu!.client)),
          },
        });
      }
    }
    await pool.end();

    const report = {
      at: new Date().toISOString(),
      label: LABEL || null,
      machine: {
        cpus: os.cpus().length,
        node: process.version,
        loadavgAtStart,
        loadavg: os.loadavg(),
      },
      settings: {
        durationS: DURATION_S,
        rounds: ROUNDS,
        loads: LOADS,
        customers: CUSTOMERS,
        pool: POOL,
        statementsPerPurchase: statements.length,
      },
      results,
      ratios,
      windows,
      targets: {
        recordPurchaseVsFloor: '>= 0.25 at 16 connections; recordPurchase p99 < 50 ms at 8',
        trivialVsBareYoga: '>= 0.80',
        balanceVsTrivial: '>= 0.80',
      },
    };
    const file = path.join(
      'bench',
      'results',
      `${report.at.replace(/[:.]/g, '-')}${LABEL ? `-${LABEL.replace(/[^\w.-]/g, '_')}` : ''}.json`,
    );
    await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`\n${statements.length} statements per purchase\n`);
    process.stdout.write(
      '\nscenario           conns   req/s   p50 ms   p99 ms  errors | CPU ms/request: server  pg backends  pg other  client\n',
    );
    const ms = (x: number) => x.toFixed(2).padStart(8);
    for (const r of results) {
      process.stdout.write(
        `${r.name.padEnd(18)} ${String(r.connections).padStart(5)} ${r.rps.toFixed(0).padStart(7)} ${String(Math.round(r.p50)).padStart(8)} ${String(Math.round(r.p99)).padStart(8)} ${String(r.errors).padStart(7)} | ${' '.repeat(14)}${ms(r.cpu!.server)}${ms(r.cpu!.postgres).padStart(13)}${ms(r.cpu!.pgBackground).padStart(10)}${ms(r.cpu!.client)}\n`,
      );
    }
    for (const [load, r] of Object.entries(ratios)) {
      process.stdout.write(
        `${load}: recordPurchase / one-statement floor ${pct(r.recordPurchaseVsFloor)} (prepared floor ${pct(r.recordPurchaseVsPreparedFloor)}), / replayed SQL ${pct(r.recordPurchaseVsReplay)}; trivial / bare yoga ${pct(r.trivialVsBareYoga)}; balance / trivial ${pct(r.balanceVsTrivial)}\n`,
      );
    }
    process.stdout.write(`written to ${file}\n`);
  } finally {
    await closeBare();
    if (server && server.exitCode === null) {
      // A profiled server writes its profile as it exits: wait for it.
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
      if (PROFILE_DIR) {
        // The main thread's profile (tsx's loader thread writes one too: thread 1, idle).
        const main = (await readdir(PROFILE_DIR)).find((f) => f.includes(`.${server!.pid}.0.`));
        if (main) process.stdout.write(`API profile: ${path.join(PROFILE_DIR, main)}\n`);
      }
    }
    await bench.close();
  }
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
