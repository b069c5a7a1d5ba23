import type { Knex } from 'knex';

/**
 * A year of purchases of a `customers`-customer program (`perCustomer` each, one line each),
 * by generate_series: totals $1–$300, times spread over the year before `now` and a month
 * before it, each recorded when it happened; deterministic. Shared by bench/rules.ts and bench/reports.ts.
 */
export async function seedYearOfPurchases(
  db: Knex,
  programId: string,
  o: { customers: number; perCustomer: number; now: Date; yearAgo: Date },
): Promise<void> {
  await db.transaction(async (trx) => {
    await trx.raw('SET LOCAL session_replication_role = replica');
    await trx.raw(
      `INSERT INTO customers (program_id, id, external_id, enrolled_at, updated_at)
       SELECT ?, md5('c' || g)::uuid, 'c' || g, ?, ? FROM generate_series(1, ?) g`,
      [programId, o.yearAgo, o.yearAgo, o.customers],
    );
    await trx.raw(
      `INSERT INTO purchases (program_id, id, customer_id, external_id, store_code, currency, total_minor,
                              earn_weight, points_earned, occurred_at, recorded_at)
       SELECT ?, md5('p' || g)::uuid, md5('c' || (g % ? + 1))::uuid, 'r' || g, 'S' || (g % 5), 'USD', t,
              t * 100, t / 100, at, at
         FROM generate_series(1, ?::bigint) g,
              LATERAL (SELECT 100 + (g * 104729) % 29900 AS t,
                              ?::timestamptz - ((g * 7919) % (395 * 1440)) * interval '1 minute' AS at) x`,
      [programId, o.customers, o.customers * o.perCustomer, o.now],
    );
    await trx.raw(
      `INSERT INTO purchase_lines (program_id, purchase_id, line_no, sku, category, quantity,
                                   unit_price_minor, unit_weight, refunded_quantity)
       SELECT program_id, id, 1, 'SKU' || (total_minor % 40), CASE WHEN total_minor % 3 = 0 THEN 'cake'
              ELSE 'coffee' END, 1, total_minor, earn_weight, 0 FROM purchases WHERE program_id = ?`,
      [programId],
    );
  });
}
