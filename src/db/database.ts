import type { Knex } from 'knex';
import type { Config } from '../config';
import { startEmbeddedPostgres } from './embedded';
import { createDb, type DbLogger } from './knex';
import { migrateLatest } from './migrate';

export interface Database {
  db: Knex;
  url: string;
  /** True when no DATABASE_URL was given and the embedded PostgreSQL is in use. */
  embedded: boolean;
  close(): Promise<void>;
}

/**
 * DATABASE_URL when set; otherwise the embedded PostgreSQL under REGULARS_DATA_DIR (started,
 * or attached to when another process already runs it). Migrates unless told not to.
 */
export async function openDatabase(
  config: Config,
  opts: { migrate?: boolean; applicationName?: string; log?: (m: string) => void; logger?: DbLogger } = {},
): Promise<Database> {
  const embedded = config.DATABASE_URL
    ? null
    : await startEmbeddedPostgres(config.dataDir, { log: opts.log });
  const url = config.DATABASE_URL ?? embedded!.url;
  const db = createDb(url, {
    poolMax: config.DB_POOL_MAX,
    applicationName: opts.applicationName,
    log: opts.logger,
  });
  try {
    if (opts.migrate ?? true) await migrateLatest(db);
  } catch (e) {
    await db.destroy();
    await embedded?.stop();
    throw e;
  }
  return {
    db,
    url,
    embedded: embedded !== null,
    async close() {
      await db.destroy();
      await embedded?.stop();
    },
  };
}
