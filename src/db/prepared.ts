import { createHash } from 'node:crypto';
import type { Knex } from 'knex';

const names = new Map<string, string>();

/** The statement's name: from its text, so one text is one statement on every connection. */
function nameOf(sql: string): string {
  let name = names.get(sql);
  if (!name) {
    name = `r_${createHash('sha256').update(sql).digest('base64url').slice(0, 22)}`;
    if (names.size >= 10_000) names.clear();
    names.set(sql, name);
  }
  return name;
}

/**
 * A raw statement sent as a named prepared statement (knex passes `name` through to `pg`):
 * PostgreSQL parses and plans it once per connection instead of on every call. For the hot
 * paths' few large statements (the purchase's read and write, the balance) planning was most
 * of PostgreSQL's CPU: the balance statement took 0.6–1.6 ms of it unnamed and 0.1 ms named
 * (issue 12, docs/performance.md). Knex still runs it, so its query events (the round-trip
 * tests) see it as any other.
 *
 * One rule: a prepared statement's result columns must not come from `*` (`SELECT c.*`, a
 * top-level `RETURNING *`). A migration that adds a column would change the result type of a
 * statement already prepared, and PostgreSQL refuses to run it again ("cached plan must not
 * change result type") on every connection that prepared it. Name the columns, or return the
 * row as `to_jsonb(c)`. Only for texts made from a bounded set of variants: each distinct
 * text is one more prepared statement on every pooled connection.
 */
export function prepared<R = Record<string, unknown>>(
  db: Knex | Knex.Transaction,
  sql: string,
  bindings: readonly unknown[],
): Promise<{ rows: R[]; rowCount: number }> {
  // knex expands an array binding into one placeholder per element: the text would vary under
  // one name. Pass lists as one JSON parameter instead.
  if (bindings.some(Array.isArray))
    throw new Error('prepared(): pass a list as JSON, not as an array binding');
  return db.raw(sql, bindings as Knex.RawBinding[]).options({ name: nameOf(sql) }) as unknown as Promise<{
    rows: R[];
    rowCount: number;
  }>;
}
