import type { Knex } from 'knex';
import type pg from 'pg';

/**
 * The direct-SQL baseline: the exact statements one recordPurchase sends (captured from
 * knex's query events, with their RETURNING rows), replayed through a bare `pg` client with
 * fresh keys and ids. Same SQL text, same round trips, prepared when the code prepares them,
 * no knex, no HTTP, no GraphQL.
 */
export interface CapturedStatement {
  sql: string;
  /** The prepared statement's name, when the code sent it prepared (src/db/prepared.ts). */
  name?: string;
  bindings: unknown[];
  rows: Record<string, unknown>[];
}

const keyOf = (v: unknown) =>
  v instanceof Date ? `d:${v.toISOString()}` : Buffer.isBuffer(v) ? null : `v:${String(v)}`;

export async function captureStatements(db: Knex, run: () => Promise<unknown>): Promise<CapturedStatement[]> {
  const byUid = new Map<string, CapturedStatement>();
  const order: CapturedStatement[] = [];
  const onQuery = (q: {
    __knexQueryUid: string;
    sql: string;
    bindings?: unknown[];
    options?: { name?: string };
  }) => {
    const st = {
      sql: q.sql.replace(/;$/, ''),
      ...(q.options?.name ? { name: q.options.name } : {}),
      bindings: q.bindings ?? [],
      rows: [],
    };
    byUid.set(q.__knexQueryUid, st);
    order.push(st);
  };
  const onResponse = (response: unknown, q: { __knexQueryUid: string }) => {
    const st = byUid.get(q.__knexQueryUid);
    if (st && Array.isArray(response)) st.rows = response.filter((r) => r && typeof r === 'object');
  };
  db.on('query', onQuery);
  db.on('query-response', onResponse);
  try {
    await run();
  } finally {
    db.off('query', onQuery);
    db.off('query-response', onResponse);
  }
  return order;
}

/** Replays the captured statements; `fresh` maps captured values (keys, ids) to new ones. */
export async function replayStatements(
  pool: pg.Pool,
  statements: CapturedStatement[],
  fresh: Map<unknown, unknown>,
): Promise<void> {
  const map = new Map<string | null, unknown>([...fresh].map(([k, v]) => [keyOf(k), v]));
  const client = await pool.connect();
  try {
    for (const st of statements) {
      const values = st.bindings.map((b) => {
        const k = keyOf(b);
        return k !== null && map.has(k) ? map.get(k) : b;
      });
      const res = await client.query({ text: st.sql, values, ...(st.name ? { name: st.name } : {}) });
      // Ids the database made (purchase, ledger entry…) differ on replay: learn them.
      st.rows.forEach((row, i) => {
        for (const [col, old] of Object.entries(row)) {
          const now = res.rows[i]?.[col];
          const k = keyOf(old);
          if (k !== null && now !== undefined && keyOf(now) !== k) map.set(k, now);
        }
      });
    }
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
