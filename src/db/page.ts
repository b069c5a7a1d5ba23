import type { Knex } from 'knex';
import type { Page } from '../shared/pagination';

/**
 * A page of a list newest first by (`at`, `id`) (shared/pagination.ts): the rows after the
 * cursor's, one more than the page so that toConnection can tell there is a next one.
 * `idCast` types the cursor's id where Postgres cannot infer it (`::uuid`).
 */
export function newestFirst<Q extends Knex.QueryBuilder>(
  query: Q,
  page: Page,
  at: string,
  id = 'id',
  idCast = '',
): Q {
  query
    .orderBy([
      { column: at, order: 'desc' },
      { column: id, order: 'desc' },
    ])
    .limit(page.first + 1);
  if (page.after) query.whereRaw(`(${at}, ${id}) < (?, ?${idCast})`, [page.after.at, page.after.id]);
  return query;
}
