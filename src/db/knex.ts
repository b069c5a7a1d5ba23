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

/** Where knex's own warnings go (it prints plain text with console.log otherwise). */
export interface DbLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
}

/**
 * knex's messages ("Acquire connection error: …" during an outage, deprecations) as
 * structured log lines, so the JSON log stays JSON. The first line is the message; a stack,
 * if any, goes in its own field.
 */
export function knexLog(log: DbLogger): Knex.Config['log'] {
  const entry = (m: unknown) => {
    const text = typeof m === 'string' ? m : m instanceof Error ? (m.stack ?? m.message) : String(m);
    const [first, ...rest] = text.split('\n');
    return {
      fields: { component: 'knex', ...(rest.length ? { stack: rest.join('\n') } : {}) },
      msg: first ?? '',
    };
  };
  return {
    warn: (m: unknown) => {
      const e = entry(m);
      log.warn(e.fields, e.msg);
    },
    error: (m: unknown) => {
      const e = entry(m);
      log.error(e.fields, e.msg);
    },
    deprecate: (method: string, alternative: string) =>
      log.warn({ component: 'knex' }, `${method} is deprecated, use ${alternative}`),
    debug: (m: unknown) => {
      const e = entry(m);
      log.debug(e.fields, e.msg);
    },
  };
}

export function createDb(
  url: string,
  opts: { poolMax?: number; applicationName?: string; log?: DbLogger } = {},
): Knex {
  return knex({
    client: 'pg',
    ...(opts.log ? { log: knexLog(opts.log) } : {}),
    connection: { connectionString: url, application_name: opts.applicationName ?? 'regulars' },
    pool: { min: 0, max: opts.poolMax ?? 10, idleTimeoutMillis: 30_000 },
    acquireConnectionTimeout: 10_000,
  });
}
