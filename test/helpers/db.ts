import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import pg from 'pg';
import { inject } from 'vitest';
import { createDb } from '../../src/db/knex';

export interface TestDb {
  db: Knex;
  url: string;
  name: string;
  drop(): Promise<void>;
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: inject('adminDatabaseUrl') });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A fresh, migrated database for one test file: `CREATE DATABASE … TEMPLATE`. */
export async function createTestDb(opts: { poolMax?: number } = {}): Promise<TestDb> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  await admin(async (c) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await c.query(`CREATE DATABASE ${name} TEMPLATE regulars_template`);
        return;
      } catch (e) {
        // Another file's clone briefly holds the template.
        if (attempt > 20 || (e as { code?: string }).code !== '55006') throw e;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  });
  const url = new URL(inject('adminDatabaseUrl'));
  url.pathname = `/${name}`;
  const db = createDb(url.toString(), { poolMax: opts.poolMax ?? 10 });
  return {
    db,
    url: url.toString(),
    name,
    async drop() {
      await db.destroy();
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
