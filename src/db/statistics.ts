import type { Knex } from 'knex';

/**
 * Refreshes the planner's statistics of `table` when more rows changed since its last ANALYZE
 * than `share` of its size (at least `minRows`). A bulk load (a newsletter's fan-out) can make
 * the statistics describe a much smaller table for a minute, until autovacuum gets to it, and
 * the planner then reads every row of a programme to find a few by id (measured: 8–37 ms per
 * statement instead of well under one). ANALYZE samples a bounded number of rows, takes a lock
 * that does not block reads or writes, and is skipped (with the caller none the wiser) when
 * another session is analysing the table: this is an optimisation, never a step to wait on.
 * Returns whether it analysed.
 */
export async function analyzeIfStale(
  db: Knex,
  table: string,
  o: { minRows?: number; share?: number } = {},
): Promise<boolean> {
  const { rows } = await db.raw<{ rows: { mods: string; tuples: number }[] }>(
    `SELECT s.n_mod_since_analyze AS mods, greatest(c.reltuples, 0) AS tuples
       FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
      WHERE s.relid = to_regclass(?)`,
    [table],
  );
  const r = rows[0];
  if (!r || Number(r.mods) < Math.max(o.minRows ?? 1000, (o.share ?? 0.2) * r.tuples)) return false;
  return db.transaction(async (trx) => {
    // Not behind another ANALYZE of the same table (they take the same self-conflicting lock).
    await trx.raw(`SET LOCAL lock_timeout = '100ms'`);
    try {
      await trx.raw('ANALYZE ??', [table]);
      return true;
    } catch (err) {
      if ((err as { code?: string }).code === '55P03') return false; // lock_not_available
      throw err;
    }
  });
}
