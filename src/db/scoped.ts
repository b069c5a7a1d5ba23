import type { Knex } from 'knex';

/**
 * The one program-scoped query helper every repository uses. `q('customers')` starts a
 * query already filtered on `program_id`; `q.insert` stamps `program_id` on every row. No
 * repository builds a query on a tenant table any other way, so one program can never read
 * or write another's rows by accident.
 */
export interface Scoped {
  (table: string): Knex.QueryBuilder;
  readonly programId: string;
  readonly knex: Knex | Knex.Transaction;
  insert<T extends object>(table: string, rows: T | T[]): Knex.QueryBuilder;
  /** Runs `fn` in a transaction (or a savepoint when already inside one). */
  transaction<T>(fn: (q: Scoped) => Promise<T>): Promise<T>;
  /**
   * Reads `key` once per helper: inside a transaction, a value several steps need (the
   * program's active tiers, say) costs one query. Only for data the transaction itself does
   * not change.
   */
  memo<T>(key: string, load: () => Promise<T>): Promise<T>;
}

export function scoped(db: Knex | Knex.Transaction, programId: string): Scoped {
  const q = ((table: string) => {
    // 'customers as c' → filter on c.program_id
    const alias = table.split(/\s+as\s+/i)[1] ?? table;
    return db(table).where(`${alias}.program_id`, programId);
  }) as Scoped;
  Object.defineProperties(q, {
    programId: { value: programId },
    knex: { value: db },
  });
  q.insert = (table, rows) => {
    const list = (Array.isArray(rows) ? rows : [rows]).map((r) => ({ ...r, program_id: programId }));
    return db(table).insert(list);
  };
  q.transaction = (fn) => db.transaction((trx) => fn(scoped(trx, programId)));
  const memos = new Map<string, Promise<unknown>>();
  q.memo = <T>(key: string, load: () => Promise<T>) => {
    let p = memos.get(key) as Promise<T> | undefined;
    if (!p) {
      // Promise.resolve runs a knex builder once: a builder is a thenable that would run its
      // query again on every await (and on .catch).
      p = Promise.resolve(load());
      memos.set(key, p);
      p.catch(() => memos.delete(key));
    }
    return p;
  };
  return q;
}
