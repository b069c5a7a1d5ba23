/**
 * `npm run bench:import`: generates a CSV of BENCH_IMPORT_ROWS customers (default 1,000,000;
 * consent, tier and opening balance on every row, one row in 1000 bad) on disk, then imports
 * it into a fresh embedded PostgreSQL with the service the CLI uses, sampling the process's
 * RSS every 500 ms. Memory must stay flat: the reader holds one record, the importer one batch.
 * Results go to bench/results/import-<timestamp>.json and a summary to stdout.
 */

import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { scoped } from '../src/db/scoped';
import { importCustomers } from '../src/modules/data/import.service';
import { UpdateEarningConfigInput } from '../src/modules/ledger/ledger.inputs';
import { updateEarningConfig } from '../src/modules/ledger/ledger.service';
import { systemClock } from '../src/shared/clock';
import type { RequestContext } from '../src/shared/context';
import { parseInput } from '../src/shared/errors';
import { makeProgram, makeSpendTiers } from '../test/helpers/factories';
import { openBenchDatabase } from './harness';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 1_000_000);
const BATCH = Number(process.env.BENCH_IMPORT_BATCH ?? 500);
const MB = 1024 * 1024;

async function generate(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write(
    'external_id,first_name,last_name,email,phone,time_zone,locale,email_consent,email_consent_source,email_consent_at,tier,points\n',
  );
  let chunk = '';
  for (let i = 1; i <= rows; i++) {
    const bad = i % 1000 === 0; // a negative opening balance: rejected, reported
    chunk += `b-${i},First${i},"Last, ${i}",u${i}@example.com,+1555${String(i).padStart(7, '0')},Europe/Paris,fr-FR,${i % 3 ? 'granted' : 'denied'},old app,2024-01-0${(i % 9) + 1}T10:00:00Z,${i % 10 === 0 ? 'Gold' : 'Regular'},${bad ? -1 : i % 500}\n`;
    if (chunk.length > 256 * 1024) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  out.end();
  await once(out, 'finish');
}

async function main() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'regulars-bench-import-'));
  const file = path.join(dir, 'customers.csv');
  const t0 = performance.now();
  await generate(file, ROWS);
  const size = (await stat(file)).size;
  process.stdout.write(
    `generated ${ROWS} rows, ${(size / MB).toFixed(1)} MB in ${Math.round(performance.now() - t0)} ms\n`,
  );

  const bench = await openBenchDatabase(2);
  const { db } = bench;
  try {
    const program = await makeProgram(db, { slug: 'bench-import' });
    const ctx: RequestContext = {
      programId: program.id,
      q: scoped(db, program.id),
      viewer: null,
      actor: { kind: 'cli', id: 'bench', role: 'admin' },
      clock: systemClock,
    };
    await makeSpendTiers(ctx, 100_000);
    await updateEarningConfig(
      ctx,
      parseInput(UpdateEarningConfigInput, { expiryPolicy: 'FIXED_DAYS', expiryDays: 365 }),
    );

    global.gc?.();
    const rssStart = process.memoryUsage().rss;
    let peak = rssStart;
    const samples: { rows: number; rssMb: number; s: number }[] = [];
    let rows = 0;
    const started = performance.now();
    const timer = setInterval(() => {
      const rss = process.memoryUsage().rss;
      peak = Math.max(peak, rss);
      samples.push({
        rows,
        rssMb: Math.round(rss / MB),
        s: Math.round((performance.now() - started) / 1000),
      });
    }, 500);
    let lastPrint = 0;
    const report = await importCustomers(ctx, createReadStream(file, { highWaterMark: 256 * 1024 }), {
      fileId: 'bench',
      batchSize: BATCH,
      onProgress: (p) => {
        rows = p.rows;
        if (p.rows - lastPrint >= ROWS / 20) {
          lastPrint = p.rows;
          const s = (performance.now() - started) / 1000;
          process.stdout.write(
            `${String(p.rows).padStart(8)} rows ${Math.round(p.rows / s)} rows/s rss ${Math.round(process.memoryUsage().rss / MB)} MB\n`,
          );
        }
      },
    });
    clearInterval(timer);
    const seconds = (performance.now() - started) / 1000;
    peak = Math.max(peak, process.memoryUsage().rss);
    const tenth = samples.filter((x) => x.rows >= ROWS * 0.1);
    const result = {
      at: new Date().toISOString(),
      rows: ROWS,
      fileMb: Math.round(size / MB),
      batch: BATCH,
      imported: report.imported,
      rejected: report.rejected,
      seconds: Math.round(seconds),
      rowsPerSecond: Math.round(ROWS / seconds),
      rssStartMb: Math.round(rssStart / MB),
      rssPeakMb: Math.round(peak / MB),
      // Flatness: RSS after the first 10% of rows against the end.
      rssAt10PercentMb: tenth[0]?.rssMb ?? null,
      rssAtEndMb: samples.at(-1)?.rssMb ?? null,
      loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
      samples: samples.filter((_, i) => i % Math.max(1, Math.floor(samples.length / 40)) === 0),
    };
    const count = await db('customers').where({ program_id: program.id }).count({ n: '*' });
    process.stdout.write(
      `\nimported ${report.imported}, rejected ${report.rejected} (customers in the database: ${count[0]!.n})\n` +
        `${result.rowsPerSecond} rows/s over ${result.seconds} s; RSS ${result.rssStartMb} MB at start, ` +
        `${result.rssAt10PercentMb} MB at 10%, ${result.rssAtEndMb} MB at the end, peak ${result.rssPeakMb} MB\n`,
    );
    const out = path.join('bench/results', `import-${result.at.replace(/[:.]/g, '-')}.json`);
    await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`results: ${out}\n`);
  } finally {
    await bench.close();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
