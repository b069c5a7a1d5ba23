import knex, { type Knex } from 'knex';
import pg from 'pg';

// int8 (bigint, count(*)) as a JS number: points and minor units stay far below 2^53, and a
// value that does not fits is a bug we want to hear about, not a silently rounded balance.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new Error(`int8 value ${v} exceeds the safe integer range`);
  return n;
});
// `date` columns stay 'YYYY-MM-DD' strings: a birthday has no time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

export type Db = Knex;

export function createDb(url: string, opts: { poolMax?: number; applicationName?: string } = {}): Knex {
  return knex({
    client: 'pg',
    connection: { connectionString: url, application_name: opts.applicationName ?? 'regulars' },
    pool: { min: 0, max: opts.poolMax ?? 10, idleTimeoutMillis: 30_000 },
    acquireConnectionTimeout: 10_000,
  });
}
