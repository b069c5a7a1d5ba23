import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../src/db/embedded';
import { createDb } from '../src/db/knex';
import { migrateLatest } from '../src/db/migrate';

export const TEMPLATE = 'regulars_template';

declare module 'vitest' {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
  }
}

/**
 * One throwaway PostgreSQL per run (or TEST_DATABASE_URL's server), with a migrated template
 * database that every test file clones (`test/helpers/db.ts`).
 */
export default async function setup(project: TestProject) {
  let stop = async () => {};
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'regulars-test-'));
    await chmod(dir, 0o755); // as root, PostgreSQL runs as the `postgres` user and must reach it
    const embedded = await startEmbeddedPostgres(dir, { database: 'postgres', persistent: false });
    adminUrl = embedded.url;
    stop = async () => {
      await embedded.stop();
      await rm(dir, { recursive: true, force: true });
    };
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${TEMPLATE}`);
  await admin.end();

  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${TEMPLATE}`;
  const db = createDb(templateUrl.toString());
  await migrateLatest(db);
  await db.destroy();

  project.provide('adminDatabaseUrl', adminUrl);
  return stop;
}
