/**
 * Soak: the default combined process (API + worker) on a throwaway embedded PostgreSQL, under
 * a steady mix of requests on loopback for a long time (10 minutes unless told otherwise).
 * Reports 5xx and network errors, the server's RSS over time, and the ledger invariant
 * (every balance row = the sum of that customer's ledger entries).
 *
 *   npm run soak                       # 600 s
 *   SOAK_DURATION=60 npm run soak      # or: npm run soak -- --duration=60
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { makeKey, makeProgram } from '../test/helpers/factories';
import { spawnTs } from '../test/helpers/process';
import { listeningAt } from '../test/helpers/processes';
import { openBenchDatabase } from './harness';

const flag = process.argv.find((a) => a.startsWith('--duration='))?.split('=')[1];
const DURATION_S = Number(flag ?? process.env.SOAK_DURATION ?? 600);
const CLIENTS = Number(process.env.SOAK_CLIENTS ?? 8);
const CUSTOMERS = 500;
const SAMPLE_MS = Math.min(10_000, Math.max(1000, (DURATION_S * 1000) / 20));

const PURCHASE = `mutation($input: RecordPurchaseInput!) { recordPurchase(input: $input) { pointsEarned } }`;
const BALANCE = `query($id: ID!) { customer(id: $id) { balance { available pending } } }`;

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

async function main() {
  const bench = await openBenchDatabase(4);
  const { db } = bench;
  let server: ReturnType<typeof spawnTs> | null = null;
  try {
    const program = await makeProgram(db, { slug: 'soak', currency: 'USD' });
    const key = await makeKey(db, program.id, 'pos');
    await db.raw(
      `INSERT INTO customers (program_id, external_id, first_name, enrolled_at, updated_at)
       SELECT ?, 'soak-' || g, 'Customer ' || g, now(), now() FROM generate_series(1, ?) g`,
      [program.id, CUSTOMERS],
    );
    const ids: string[] = (await db('customers').where({ program_id: program.id }).select('id')).map(
      (r) => r.id,
    );
    const pick = () => ids[Math.floor(Math.random() * ids.length)]!;

    server = spawnTs('src/main.ts', [], {
      DATABASE_URL: bench.url,
      PORT: '0',
      LOG_LEVEL: 'warn',
      // Every client is on loopback: one address, one key. The limits are not what is soaked.
      RATE_LIMIT_PER_SECOND: '1000000',
      RATE_LIMIT_BURST: '1000000',
      RATE_LIMIT_PER_ADDRESS_PER_SECOND: '1000000',
      RATE_LIMIT_PER_ADDRESS_BURST: '1000000',
    });
    const url = await listeningAt(server);
    const pid = server.pid!;
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${key}` };
    process.stdout.write(`soak: ${DURATION_S} s, ${CLIENTS} clients, server pid ${pid}\n`);

    const counts = { requests: 0, purchases: 0, reads: 0, probes: 0, s5xx: 0, s429: 0, network: 0, other: 0 };
    const rss: { s: number; mb: number }[] = [];
    const start = Date.now();
    const end = start + DURATION_S * 1000;
    const sampler = setInterval(async () => {
      const s = Math.round((Date.now() - start) / 1000);
      const mb = await rssMb(pid);
      rss.push({ s, mb });
      process.stdout.write(`  t=${s}s rss=${mb} MB requests=${counts.requests} 5xx=${counts.s5xx}\n`);
    }, SAMPLE_MS);
    rss.push({ s: 0, mb: await rssMb(pid) });

    const one = async () => {
      const r = Math.random();
      let res: Response;
      if (r < 0.6) {
        counts.purchases++;
        const input = {
          idempotencyKey: randomUUID(),
          customerId: pick(),
          externalId: randomUUID(),
          storeCode: 'main',
          occurredAt: new Date().toISOString(),
          currency: 'USD',
          lines: [{ sku: 'flat-white', category: 'coffee', quantity: 2, unitPriceMinor: 450 }],
        };
        res = await fetch(`${url}/graphql`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ query: PURCHASE, variables: { input } }),
        });
      } else if (r < 0.9) {
        counts.reads++;
        res = await fetch(`${url}/graphql`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ query: BALANCE, variables: { id: pick() } }),
        });
      } else {
        counts.probes++;
        res = await fetch(`${url}/${r < 0.95 ? 'readyz' : 'healthz'}`);
      }
      await res.arrayBuffer();
      if (res.status >= 500) counts.s5xx++;
      else if (res.status === 429) counts.s429++;
      else if (res.status !== 200) counts.other++;
    };
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (Date.now() < end) {
          counts.requests++;
          try {
            await one();
          } catch {
            counts.network++;
          }
        }
      }),
    );
    clearInterval(sampler);
    rss.push({ s: Math.round((Date.now() - start) / 1000), mb: await rssMb(pid) });

    // Let the worker drain what the purchases queued, then check the books.
    await new Promise((r) => setTimeout(r, 2000));
    const { rows } = await db.raw<{
      rows: { customers: number; mismatched: number; balance: string; ledger: string }[];
    }>(
      `SELECT count(*)::int AS customers,
              count(*) FILTER (WHERE b.points <> coalesce(e.sum, 0))::int AS mismatched,
              coalesce(sum(b.points), 0)::text AS balance, coalesce(sum(e.sum), 0)::text AS ledger
         FROM point_balances b
         LEFT JOIN (SELECT program_id, customer_id, sum(points) AS sum FROM ledger_entries
                     GROUP BY program_id, customer_id) e USING (program_id, customer_id)
        WHERE b.program_id = ?`,
      [program.id],
    );
    const books = rows[0]!;
    const seconds = (Date.now() - start) / 1000;
    const report = {
      seconds: Math.round(seconds),
      clients: CLIENTS,
      ...counts,
      rps: Math.round(counts.requests / seconds),
      rssMb: { first: rss[0]!.mb, max: Math.max(...rss.map((r) => r.mb)), last: rss.at(-1)!.mb },
      rss,
      ledger: books,
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    // Every request answered 200 (no 5xx, no refusals, no dropped connections) and the books agree.
    const ok =
      counts.s5xx + counts.s429 + counts.other + counts.network === 0 &&
      books.mismatched === 0 &&
      books.balance === books.ledger;
    process.stdout.write(ok ? 'soak: OK\n' : 'soak: FAILED\n');
    process.exitCode = ok ? 0 : 1;
  } finally {
    server?.kill('SIGTERM');
    if (server) await new Promise((r) => server!.once('close', r));
    await bench.close();
  }
}

main().catch((err) => {
  process.stderr.write(`soak failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
