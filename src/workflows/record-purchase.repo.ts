/**
 * The statements of the purchase workflow: one to claim the key, lock the customer's accounts
 * and read the program's settings; one (only when something needs it) to read what must be
 * read under those locks; one to write every fact of the purchase. Data-modifying CTEs; the
 * tables and their invariants are the modules' (ledger, tiers, feedback, idempotency), the SQL
 * mirrors their repository functions (named beside each part).
 */
import { prepared } from '../db/prepared';
import type { Scoped } from '../db/scoped';
import type { Actor } from '../modules/auth/viewer';
import { type CustomerRow, customerFromJson } from '../modules/customers/customers.repo';
import type { BalanceRow, LotRow } from '../modules/ledger/ledger.repo';
import type { PurchaseLineRow, PurchaseRow } from '../modules/purchases/purchases.repo';
import { earliestStart, metricColumns, type TierRow } from '../modules/tiers/tiers.repo';
import { NO_REVISION, type ProgramSettings, parseSettings } from './program-settings';
import { jsonDate } from './sql';

// biome-ignore lint/suspicious/noExplicitAny: a row of to_jsonb columns, converted field by field
type JsonRow = Record<string, any>;

export interface HeldTierRow {
  customer_id: string;
  tier_id: string | null;
  tier_version: number | null;
  grace_until: Date | null;
}

export interface PurchaseFacts {
  claimed: boolean;
  customer: CustomerRow | null;
  /** Locked (created if absent) when the key was claimed and the customer exists. */
  balance: BalanceRow | null;
  /** Locked (created if absent) like the balance, when the program has active tiers. */
  held: HeldTierRow | null;
  /** The program's settings revision in this statement's snapshot (null: never changed). */
  settingsRevision: string | null;
  /** The settings, read only when the revision is not the one the caller has them for. */
  settings: ProgramSettings | null;
}

/**
 * Statement 1. The idempotency claim (idempotency.repo claimKey: a concurrent duplicate waits
 * here on the key until the first transaction ends); the customer (by id or externalId); the
 * balance row created if absent and locked (ledger.repo lockBalance) and, when the program has
 * active tiers, the customer's tier row likewise (tiers.repo lockCustomerTier), both only when
 * the key was claimed; the program's settings revision (migration 20261203110000) and, only
 * when it differs from `knownRevision` (the revision of the caller's cached settings;
 * undefined: none cached), the settings: earning config, survey settings, rule revision and
 * active tiers. Both in the same snapshot as the locks: a settings change committed before
 * this statement, or made earlier in this transaction, is always seen.
 * RETURNING of an upsert gives the newest row version even after waiting for its lock.
 */
// long: one statement and its 22 bindings in order; split, the ?s and their values drift apart
export async function readPurchaseFacts(
  q: Scoped,
  k: {
    key: string;
    operation: string;
    hash: Buffer;
    fieldHashes: Record<string, string>;
    at: Date;
    customer: { id: string } | { externalId: string };
    knownRevision: string | null | undefined;
  },
): Promise<PurchaseFacts> {
  const pid = q.programId;
  const byId = 'id' in k.customer;
  const who = 'id' in k.customer ? k.customer.id : k.customer.externalId;
  const { rows } = await prepared<JsonRow>(
    q.knex,
    `WITH claim AS (
       INSERT INTO idempotency_keys (program_id, key, operation, request_hash, field_hashes, created_at)
       VALUES (?::uuid, ?, ?, ?, ?::jsonb, ?::timestamptz)
       ON CONFLICT (program_id, key) DO NOTHING
       RETURNING key
     ), c AS (
       SELECT * FROM customers WHERE program_id = ?::uuid AND ${byId ? 'id = ?::uuid' : 'external_id = ?'}
     ), b AS (
       INSERT INTO point_balances (program_id, customer_id, updated_at)
       SELECT ?::uuid, c.id, ?::timestamptz FROM c, claim
       ON CONFLICT (program_id, customer_id) DO UPDATE SET updated_at = point_balances.updated_at
       RETURNING *
     ), ct AS (
       INSERT INTO customer_tiers (program_id, customer_id, since, updated_at)
       SELECT ?::uuid, b.customer_id, ?::timestamptz, ?::timestamptz FROM b
        WHERE EXISTS (SELECT 1 FROM tiers WHERE program_id = ?::uuid AND archived_at IS NULL)
       ON CONFLICT (program_id, customer_id) DO UPDATE SET since = customer_tiers.since
       RETURNING customer_id, tier_id, tier_version, grace_until
     ), sv AS (
       SELECT (SELECT revision FROM program_settings_revisions WHERE program_id = ?::uuid) AS revision
     )
     SELECT (SELECT count(*) FROM claim)::int AS claimed,
            (SELECT to_jsonb(c) FROM c) AS customer,
            (SELECT to_jsonb(b) FROM b) AS balance,
            (SELECT to_jsonb(ct) FROM ct) AS held,
            sv.revision AS settings_revision,
            CASE WHEN sv.revision IS DISTINCT FROM ?::uuid THEN jsonb_build_object(
              'earning', (SELECT to_jsonb(e) FROM earning_configs e WHERE e.program_id = ?::uuid),
              'survey', (SELECT to_jsonb(s) FROM survey_settings s WHERE s.program_id = ?::uuid),
              'rule_revision', (SELECT r.revision FROM rule_settings r WHERE r.program_id = ?::uuid),
              'tiers', (SELECT coalesce(jsonb_agg(to_jsonb(t) ORDER BY t.rank), '[]'::jsonb) FROM tiers t
                         WHERE t.program_id = ?::uuid AND t.archived_at IS NULL)
            ) END AS settings
       FROM sv`,
    [
      pid,
      k.key,
      k.operation,
      k.hash,
      JSON.stringify(k.fieldHashes),
      k.at,
      pid,
      who,
      pid,
      k.at,
      pid,
      k.at,
      k.at,
      pid,
      pid,
      k.knownRevision === undefined ? NO_REVISION : k.knownRevision,
      pid,
      pid,
      pid,
      pid,
    ],
  );
  const r = rows[0]!;
  const c = r.customer;
  const b = r.balance;
  const h = r.held;
  const st = r.settings;
  return {
    claimed: r.claimed > 0,
    customer: c ? customerFromJson(c) : null,
    balance: b
      ? {
          ...b,
          points: Number(b.points),
          debt: Number(b.debt),
          lifetime_earned: Number(b.lifetime_earned),
          last_purchase_at: jsonDate(b.last_purchase_at),
          updated_at: jsonDate(b.updated_at),
        }
      : null,
    held: h ? { ...h, grace_until: jsonDate(h.grace_until) } : null,
    settingsRevision: r.settings_revision ?? null,
    settings: st ? parseSettings(st) : null,
  };
}

export interface AfterLock {
  stats: { visits: number; spendMinor: number; previousAt: Date | null } | null;
  lots: LotRow[] | null;
  /** Per active tier, its metric before this purchase (tiers.repo metricsFor). */
  metrics: number[] | null;
  /** tier_activity.purchases of the purchase's day before it, null when there is no row. */
  dayPurchases: number | null;
}

/**
 * Statement 2, only when one of its parts is needed, and after statement 1 took the locks (so
 * its snapshot sees every purchase of this customer committed before ours): visit statistics
 * for reward rules (purchases.repo visitStats, this purchase not yet written), open lots to pay
 * a debt from (ledger.repo openLots), tier metrics and the purchase day's activity row.
 */
export async function readAfterLock(
  q: Scoped,
  customerId: string,
  want: {
    statsAt?: Date;
    lots?: boolean;
    tiers?: { tiers: TierRow[]; today: string; day: string };
  },
): Promise<AfterLock> {
  const pid = q.programId;
  const sql: string[] = [];
  const bindings: unknown[] = [];
  if (want.statsAt) {
    sql.push(`(SELECT jsonb_build_object('visits', count(*), 'spend', coalesce(sum(total_minor), 0),
                 'previous', max(occurred_at) FILTER (WHERE occurred_at <= ?::timestamptz))
                 FROM purchases WHERE program_id = ?::uuid AND customer_id = ?::uuid) AS stats`);
    bindings.push(want.statsAt, pid, customerId);
  }
  if (want.lots) {
    sql.push(`(SELECT coalesce(jsonb_agg(to_jsonb(l) ORDER BY l.available_at, l.id), '[]'::jsonb)
                 FROM point_lots l WHERE l.program_id = ?::uuid AND l.customer_id = ?::uuid AND l.remaining > 0) AS lots`);
    bindings.push(pid, customerId);
  }
  if (want.tiers) {
    const { tiers, today, day } = want.tiers;
    const cols = metricColumns(tiers, today);
    sql.push(`(SELECT to_jsonb(m) FROM (SELECT ${cols.sql.join(', ')} FROM tier_activity a
                 WHERE a.program_id = ?::uuid AND a.customer_id = ?::uuid
                   AND a.day BETWEEN ?::date AND ?::date) m) AS metrics`);
    bindings.push(...cols.bindings, pid, customerId, earliestStart(tiers, today), today);
    sql.push(`(SELECT purchases FROM tier_activity
                WHERE program_id = ?::uuid AND customer_id = ?::uuid AND day = ?::date) AS day_purchases`);
    bindings.push(pid, customerId, day);
  }
  const { rows } = await prepared<JsonRow>(q.knex, `SELECT ${sql.join(', ')}`, bindings);
  const r = rows[0]!;
  const tiers = want.tiers?.tiers ?? [];
  return {
    stats: r.stats
      ? {
          visits: Number(r.stats.visits),
          spendMinor: Number(r.stats.spend),
          previousAt: jsonDate(r.stats.previous),
        }
      : null,
    lots: r.lots
      ? (r.lots as LotRow[]).map((l) => ({
          ...l,
          available_at: jsonDate(l.available_at)!,
          expires_at: jsonDate(l.expires_at),
          created_at: jsonDate(l.created_at)!,
        }))
      : null,
    // No activity in any window reads as zeros, as metricsFor's missing row does.
    metrics: r.metrics ? tiers.map((_, i) => Number(r.metrics[`v${i}`])) : null,
    dayPurchases: r.day_purchases == null ? null : Number(r.day_purchases),
  };
}

/** tiers.repo addActivity: a move's local day and amounts. */
export interface TierActivity {
  day: string;
  spendMinor: number;
  points: number;
  purchases: number;
}

/** A tier upgrade (planTierMove): the customer's tier row and its history. */
export interface TierUpgrade {
  from_tier_id: string | null;
  from_version: number | null;
  to_tier_id: string;
  to_version: number;
}

export interface PurchaseWrite {
  purchase: Omit<PurchaseRow, 'refunded_weight' | 'points_reversed'>;
  lines: Omit<PurchaseLineRow, 'purchase_id' | 'refunded_quantity'>[];
  /** The EARN entry and its lot (ledger.service earnForPurchase); null when 0 points. */
  earn: {
    points: number;
    base_points: number;
    bonus_points: number;
    reason: string | null;
    available_at: Date;
    expires_at: Date | null;
  } | null;
  actor: Actor;
  at: Date;
  /** INACTIVITY: push live lots' expiry to this (ledger.repo extendExpiry). */
  extendTo: Date | null;
  balance: { points: number; debtPaid: number; lifetime: number; lastPurchaseAt: Date };
  activity: TierActivity;
  /** Tier upgrade (planTierMove): the customer's tier row and its history. */
  upgrade: TierUpgrade | null;
  clearGrace: boolean;
  /** Outbox rows in order (jobs/outbox: payload gets programId, job_key the program prefix). */
  outbox: { task: string; payload: object; job_key: string | null; run_at: Date | null }[];
  /** The idempotency result to store, or null when it is stored later (rules ran). */
  idempotency: { key: string; result: object } | null;
}

/**
 * Statement 3: every fact of the purchase. Everything hangs off the purchase row: when the
 * receipt is already recorded (the insert does nothing) nothing else is written and it
 * returns false (the caller fails the request and the transaction rolls back).
 */
export async function writePurchase(q: Scoped, w: PurchaseWrite): Promise<boolean> {
  const pid = q.programId;
  const parts = [
    insertPurchase(pid, w),
    insertLines(pid, w),
    w.earn ? insertEarning(pid, w, w.earn) : null,
    // The lot written above is not seen by this update (one snapshot), as it was not yet
    // written when earnForPurchase extended the others.
    w.extendTo ? extendLots(pid, w, w.extendTo) : null,
    updateBalance(pid, w),
    addActivity(pid, w),
    w.upgrade ? upgradeTier(pid, w, w.upgrade) : w.clearGrace ? clearGrace(pid, w) : null,
    w.outbox.length ? insertOutbox(pid, w) : null,
    w.idempotency ? storeIdempotency(pid, w.idempotency) : null,
  ].filter((x): x is Part => x !== null);
  const { rows } = await prepared<{ n: number }>(
    q.knex,
    `WITH ${parts.map((x) => x.sql).join(',\n')}\nSELECT count(*)::int AS n FROM p`,
    parts.flatMap((x) => x.bindings),
  );
  return rows[0]?.n === 1;
}

/** One CTE of statement 3 with its bindings, in the order of its `?`s. */
interface Part {
  sql: string;
  bindings: unknown[];
}

const part = (sql: string, ...bindings: unknown[]): Part => ({ sql, bindings });

/** The purchase row (purchases.repo insertPurchase): everything below hangs off it. */
function insertPurchase(pid: string, w: PurchaseWrite): Part {
  const p = w.purchase;
  return part(
    `p AS (
       INSERT INTO purchases (program_id, id, customer_id, external_id, store_code, currency, total_minor,
                              earn_weight, points_earned, occurred_at, recorded_at)
       VALUES (?::uuid, ?::uuid, ?::uuid, ?, ?, ?, ?, ?, ?, ?::timestamptz, ?::timestamptz)
       ON CONFLICT DO NOTHING
       RETURNING id
     )`,
    pid,
    p.id,
    p.customer_id,
    p.external_id,
    p.store_code,
    p.currency,
    p.total_minor,
    p.earn_weight,
    p.points_earned,
    p.occurred_at,
    p.recorded_at,
  );
}

/** Its lines. */
function insertLines(pid: string, w: PurchaseWrite): Part {
  return part(
    `l AS (
       INSERT INTO purchase_lines (program_id, purchase_id, line_no, sku, category, quantity, unit_price_minor,
                                   unit_weight, refunded_quantity)
       SELECT ?::uuid, p.id, x.line_no, x.sku, x.category, x.quantity, x.unit_price_minor, x.unit_weight, 0
         FROM p, jsonb_to_recordset(?::jsonb) AS x(line_no int, sku text, category text, quantity int,
                                                 unit_price_minor bigint, unit_weight bigint)
     )`,
    pid,
    JSON.stringify(w.lines),
  );
}

/** The EARN entry and its lot (ledger.service earnForPurchase). */
function insertEarning(pid: string, w: PurchaseWrite, e: NonNullable<PurchaseWrite['earn']>): Part {
  const p = w.purchase;
  return part(
    `e AS (
       INSERT INTO ledger_entries (program_id, customer_id, kind, points, base_points, bonus_points, reason,
                                   purchase_id, available_at, expires_at, actor_kind, actor_id, actor_role,
                                   created_at)
       SELECT ?::uuid, ?::uuid, 'EARN', ?, ?, ?, ?, p.id, ?::timestamptz, ?::timestamptz, ?, ?, ?, ?::timestamptz
         FROM p
       RETURNING id, purchase_id
     ), lot AS (
       INSERT INTO point_lots (program_id, customer_id, entry_id, purchase_id, points, remaining, available_at,
                               expires_at, created_at)
       SELECT ?::uuid, ?::uuid, e.id, e.purchase_id, ?, ?, ?::timestamptz, ?::timestamptz, ?::timestamptz FROM e
     )`,
    pid,
    p.customer_id,
    e.points,
    e.base_points,
    e.bonus_points,
    e.reason,
    e.available_at,
    e.expires_at,
    w.actor.kind,
    w.actor.id,
    w.actor.role,
    w.at,
    pid,
    p.customer_id,
    e.points,
    e.points,
    e.available_at,
    e.expires_at,
    w.at,
  );
}

/** INACTIVITY: live lots' expiry pushed to extendTo (ledger.repo extendExpiry). */
function extendLots(pid: string, w: PurchaseWrite, extendTo: Date): Part {
  const p = w.purchase;
  return part(
    `x AS (
       UPDATE point_lots SET expires_at = ?::timestamptz
        WHERE program_id = ?::uuid AND customer_id = ?::uuid AND remaining > 0
          AND (expires_at IS NULL OR expires_at > ?::timestamptz)
          AND (expires_at IS NULL OR expires_at < ?::timestamptz)
          AND EXISTS (SELECT 1 FROM p)
     )`,
    extendTo,
    pid,
    p.customer_id,
    w.at,
    extendTo,
  );
}

/** The balance: points earned, debt paid, the last purchase. */
function updateBalance(pid: string, w: PurchaseWrite): Part {
  const p = w.purchase;
  return part(
    `b AS (
       UPDATE point_balances
          SET points = points + ?, debt = debt - ?, lifetime_earned = lifetime_earned + ?,
              last_purchase_at = greatest(last_purchase_at, ?::timestamptz), updated_at = ?::timestamptz
        WHERE program_id = ?::uuid AND customer_id = ?::uuid AND EXISTS (SELECT 1 FROM p)
     )`,
    w.balance.points,
    w.balance.debtPaid,
    w.balance.lifetime,
    w.balance.lastPurchaseAt,
    w.at,
    pid,
    p.customer_id,
  );
}

/** The purchase day's tier activity. */
function addActivity(pid: string, w: PurchaseWrite): Part {
  const p = w.purchase;
  return part(
    `t AS (
       INSERT INTO tier_activity (program_id, customer_id, day, spend_minor, points, purchases)
       SELECT ?::uuid, ?::uuid, ?::date, ?, ?, ? FROM p
       ON CONFLICT (program_id, customer_id, day) DO UPDATE
         SET spend_minor = tier_activity.spend_minor + excluded.spend_minor,
             points = tier_activity.points + excluded.points,
             purchases = tier_activity.purchases + excluded.purchases
     )`,
    pid,
    p.customer_id,
    w.activity.day,
    w.activity.spendMinor,
    w.activity.points,
    w.activity.purchases,
  );
}

/** A tier upgrade: the customer's tier row and its history. */
function upgradeTier(pid: string, w: PurchaseWrite, u: NonNullable<PurchaseWrite['upgrade']>): Part {
  const p = w.purchase;
  return part(
    `ct AS (
       UPDATE customer_tiers SET tier_id = ?::uuid, tier_version = ?, since = ?::timestamptz,
                                 grace_until = NULL, updated_at = ?::timestamptz
        WHERE program_id = ?::uuid AND customer_id = ?::uuid AND EXISTS (SELECT 1 FROM p)
     ), th AS (
       INSERT INTO tier_history (program_id, customer_id, from_tier_id, from_version, to_tier_id, to_version,
                                 reason, purchase_id, created_at)
       SELECT ?::uuid, ?::uuid, ?::uuid, ?::int, ?::uuid, ?::int, 'PURCHASE', p.id, ?::timestamptz FROM p
     )`,
    u.to_tier_id,
    u.to_version,
    w.at,
    w.at,
    pid,
    p.customer_id,
    pid,
    p.customer_id,
    u.from_tier_id,
    u.from_version,
    u.to_tier_id,
    u.to_version,
    w.at,
  );
}

/** A grace period the purchase ends. */
function clearGrace(pid: string, w: PurchaseWrite): Part {
  const p = w.purchase;
  return part(
    `ct AS (
       UPDATE customer_tiers SET grace_until = NULL, updated_at = ?::timestamptz
        WHERE program_id = ?::uuid AND customer_id = ?::uuid AND EXISTS (SELECT 1 FROM p)
     )`,
    w.at,
    pid,
    p.customer_id,
  );
}

/** The outbox rows in order (jobs/outbox: payload gets programId, job_key the program prefix). */
function insertOutbox(pid: string, w: PurchaseWrite): Part {
  return part(
    `o AS (
       INSERT INTO outbox (program_id, task, payload, job_key, run_at)
       SELECT ?::uuid, x.task, x.payload, x.job_key, x.run_at
         FROM p, ROWS FROM (jsonb_to_recordset(?::jsonb)
                   AS (task text, payload jsonb, job_key text, run_at timestamptz))
                 WITH ORDINALITY AS x(task, payload, job_key, run_at, n)
        ORDER BY x.n
     )`,
    pid,
    JSON.stringify(
      w.outbox.map((o) => ({
        task: o.task,
        payload: { programId: pid, ...o.payload },
        job_key: o.job_key ? `${pid}:${o.job_key}` : null,
        run_at: o.run_at,
      })),
    ),
  );
}

/** The idempotency result. */
function storeIdempotency(pid: string, k: NonNullable<PurchaseWrite['idempotency']>): Part {
  return part(
    `k AS (
       UPDATE idempotency_keys SET result = ?::jsonb
        WHERE program_id = ?::uuid AND key = ? AND EXISTS (SELECT 1 FROM p)
     )`,
    JSON.stringify(k.result),
    pid,
    k.key,
  );
}
