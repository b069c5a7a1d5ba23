/**
 * The real floors the API is measured against, in the same run (issue 12):
 * - `bare-yoga`: graphql-yoga on `node:http` answering `{ __typename }`, no Koa, no auth, no
 *   logging: what this GraphQL framework can do on this machine.
 * - `floorPurchase`: the facts of one purchase (idempotency row with its result, purchase,
 *   lines, ledger entry, lot, balance, tier day) written by one data-modifying statement
 *   through bare `pg`: what the database can do for this work.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { spawnTs, waitForOutput } from '../test/helpers/process';

/**
 * Bare graphql-yoga in a process of its own, as the API runs in its own (in the bench's
 * process it would share an event loop with the load generator and look slower than it is).
 */
export async function startBareYoga(): Promise<{ url: string; pid: number; close(): Promise<void> }> {
  const child = spawnTs('bench/bare-yoga.ts', [], {});
  const out = await waitForOutput(child, /listening at (\S+)/);
  return {
    url: /listening at (\S+)/.exec(out)![1]!,
    pid: child.pid!,
    close: async () => {
      child.kill('SIGTERM');
    },
  };
}

const FLOOR_SQL = `
WITH claim AS (
  INSERT INTO idempotency_keys (program_id, key, operation, request_hash, created_at, result)
  VALUES ($1, $2, 'recordPurchase', $3, now(), $9)
  ON CONFLICT (program_id, key) DO NOTHING RETURNING key
), p AS (
  INSERT INTO purchases (program_id, customer_id, external_id, store_code, currency, total_minor,
                         earn_weight, points_earned, occurred_at, recorded_at)
  SELECT $1, $4, $5, 'main', 'USD', $6, $6, $7, now(), now() FROM claim
  RETURNING id
), l AS (
  INSERT INTO purchase_lines (program_id, purchase_id, line_no, sku, category, quantity,
                              unit_price_minor, unit_weight)
  SELECT $1, p.id, x.n, x.sku, x.category, x.quantity, x.price, x.price
    FROM p, jsonb_to_recordset($8::jsonb) AS x(n int, sku text, category text, quantity int, price bigint)
), e AS (
  INSERT INTO ledger_entries (program_id, customer_id, kind, points, purchase_id, actor_kind,
                              available_at, created_at)
  SELECT $1, $4, 'EARN', $7, p.id, 'api_key', now(), now() FROM p
  RETURNING id, purchase_id
), lot AS (
  INSERT INTO point_lots (program_id, customer_id, entry_id, purchase_id, points, remaining,
                          available_at, created_at)
  SELECT $1, $4, e.id, e.purchase_id, $7, $7, now(), now() FROM e
), b AS (
  INSERT INTO point_balances (program_id, customer_id, points, lifetime_earned, last_purchase_at, updated_at)
  SELECT $1, $4, $7, $7, now(), now() FROM p
  ON CONFLICT (program_id, customer_id) DO UPDATE
    SET points = point_balances.points + excluded.points,
        lifetime_earned = point_balances.lifetime_earned + excluded.lifetime_earned,
        last_purchase_at = excluded.last_purchase_at, updated_at = excluded.updated_at
), t AS (
  INSERT INTO tier_activity (program_id, customer_id, day, spend_minor, points, purchases)
  SELECT $1, $4, current_date, $6, $7, 1 FROM p
  ON CONFLICT (program_id, customer_id, day) DO UPDATE
    SET spend_minor = tier_activity.spend_minor + excluded.spend_minor,
        points = tier_activity.points + excluded.points,
        purchases = tier_activity.purchases + 1
)
SELECT id FROM p`;

/**
 * One purchase's facts in one statement (autocommit: BEGIN and COMMIT are implicit). With
 * `prepared`, a named prepared statement: PostgreSQL plans it once per connection, as our
 * hot statements are since issue 12 (src/db/prepared.ts): the floor for prepared work.
 */
export async function floorPurchase(
  pool: pg.Pool,
  programId: string,
  customerId: string,
  lines: { sku: string; category: string; quantity: number; unitPriceMinor: number }[],
  prepared = false,
): Promise<void> {
  const total = lines.reduce((s, l) => s + l.quantity * l.unitPriceMinor, 0);
  const points = Math.floor(total / 100);
  const r = await pool.query({ text: FLOOR_SQL, ...(prepared ? { name: 'bench_floor' } : {}) }, [
    programId,
    randomUUID(),
    Buffer.alloc(32),
    customerId,
    randomUUID(),
    total,
    points,
    JSON.stringify(
      lines.map((l, i) => ({
        n: i + 1,
        sku: l.sku,
        category: l.category,
        quantity: l.quantity,
        price: l.unitPriceMinor,
      })),
    ),
    JSON.stringify({ points }),
  ]);
  if (r.rowCount !== 1) throw new Error('floor purchase wrote nothing');
}
