import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { startEmbeddedPostgres } from '../src/db/embedded';
import { createDb } from '../src/db/knex';
import { migrateLatest } from '../src/db/migrate';

/** A fresh, migrated, throwaway embedded PostgreSQL for one benchmark run. */
export interface BenchDatabase {
  db: Knex;
  url: string;
  close(): Promise<void>;
}

/**
 * `BENCH_PG_STATEMENTS=1` loads pg_stat_statements, for `topStatements`: which statements the
 * database spends its time on (a profile of the PostgreSQL side; it costs a little itself).
 */
const PG_STATEMENTS = process.env.BENCH_PG_STATEMENTS === '1';

export async function openBenchDatabase(poolMax: number): Promise<BenchDatabase> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'regulars-bench-'));
  await chmod(dir, 0o755); // as root, PostgreSQL runs as the `postgres` user and must reach it
  const embedded = await startEmbeddedPostgres(dir, {
    database: 'regulars_bench',
    persistent: false,
    settings: PG_STATEMENTS
      ? ['shared_preload_libraries=pg_stat_statements', 'pg_stat_statements.track=all']
      : [],
  });
  const db = createDb(embedded.url, { poolMax });
  const close = async () => {
    await db.destroy();
    await embedded.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await migrateLatest(db);
    if (PG_STATEMENTS) await db.raw('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  } catch (err) {
    await close();
    throw err;
  }
  return { db, url: embedded.url, close };
}

/**
 * A database kept in `dir` for the next run (the benchmarks that seed for minutes take it from
 * an environment variable), or a fresh throwaway one when `dir` is not given.
 */
export async function openKeptBenchDatabase(dir: string | undefined, poolMax = 4): Promise<BenchDatabase> {
  if (!dir) return openBenchDatabase(poolMax);
  await mkdir(dir, { recursive: true });
  await chmod(dir, 0o755); // as root, PostgreSQL runs as `postgres` and must reach it
  const embedded = await startEmbeddedPostgres(dir, { database: 'regulars_bench', persistent: true });
  const db = createDb(embedded.url, { poolMax });
  await migrateLatest(db);
  return {
    db,
    url: embedded.url,
    close: async () => {
      await db.destroy();
      await embedded.stop();
    },
  };
}

/** Runs `fn`, prints `label` with its wall time, returns both. */
export async function timed<T>(label: string, fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  const ms = Math.round(performance.now() - t0);
  process.stdout.write(`${label.padEnd(44)} ${String(ms).padStart(8)} ms\n`);
  return { ms, value };
}

/** With BENCH_PG_STATEMENTS=1: forget what was counted so far (call before the measured phase). */
export async function resetStatements(db: Knex): Promise<void> {
  if (PG_STATEMENTS) await db.raw('SELECT pg_stat_statements_reset()');
}

/**
 * With BENCH_PG_STATEMENTS=1: the `n` statements with the most execution time since the last
 * reset, per `per` units of work (e.g. per message), with their calls and rows.
 */
export async function topStatements(db: Knex, per: number, n = 12): Promise<object[]> {
  if (!PG_STATEMENTS) return [];
  const { rows } = await db.raw(
    `SELECT round((total_exec_time / ?)::numeric, 4) AS ms_per, calls, rows,
            round((total_exec_time / greatest(calls, 1))::numeric, 3) AS ms_per_call,
            shared_blks_dirtied + shared_blks_written AS blks_dirtied, wal_bytes::bigint AS wal_bytes,
            left(regexp_replace(query, '\\s+', ' ', 'g'), 160) AS query
       FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT ?`,
    [per, n],
  );
  return rows;
}
