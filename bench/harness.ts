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

export async function openBenchDatabase(poolMax: number): Promise<BenchDatabase> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'regulars-bench-'));
  await chmod(dir, 0o755); // as root, PostgreSQL runs as the `postgres` user and must reach it
  const embedded = await startEmbeddedPostgres(dir, { database: 'regulars_bench', persistent: false });
  const db = createDb(embedded.url, { poolMax });
  const close = async () => {
    await db.destroy();
    await embedded.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await migrateLatest(db);
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
