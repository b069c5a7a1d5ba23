import type { Knex } from 'knex';

export interface Hit {
  table: string;
  column: string;
  term: string;
  count: number;
}

/**
 * Searches every text-like column (text, varchar, char, json, jsonb, arrays of them) of every
 * table in every schema of the database — ours and graphile-worker's — for each term,
 * case-insensitively. Returns where each term was found.
 */
export async function searchWholeDatabase(db: Knex, terms: string[]): Promise<Hit[]> {
  const { rows: columns } = await db.raw<{
    rows: { table_schema: string; table_name: string; column_name: string }[];
  }>(
    `SELECT c.table_schema, c.table_name, c.column_name
       FROM information_schema.columns c
       JOIN information_schema.tables t
         ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      WHERE c.table_schema NOT IN ('pg_catalog', 'information_schema')
        AND (c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY', 'USER-DEFINED'))
      ORDER BY 1, 2, 3`,
  );
  const hits: Hit[] = [];
  for (const c of columns) {
    const table = `"${c.table_schema}"."${c.table_name}"`;
    for (const term of terms) {
      const { rows } = await db.raw<{ rows: { n: number }[] }>(
        `SELECT count(*)::int AS n FROM ${table} WHERE "${c.column_name}"::text ILIKE ?`,
        [`%${term.replace(/[\\%_]/g, (m) => `\\${m}`)}%`],
      );
      if (rows[0]!.n > 0) hits.push({ table, column: c.column_name, term, count: rows[0]!.n });
    }
  }
  return hits;
}
