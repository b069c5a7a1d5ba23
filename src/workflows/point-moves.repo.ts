/**
 * The statements refunds, redemptions and adjustments share (issue 12), in the shape of the
 * purchase's: a first statement claims the idempotency key and takes the customer's locks
 * (its parts here, the rest in each workflow's .repo.ts); a second reads what must be read
 * under those locks; a third writes every fact. The tables and their invariants are the
 * modules' (ledger, purchases, rewards, tiers, audit, idempotency); the SQL mirrors their
 * repository functions, named beside each part.
 */
import { prepared } from '../db/prepared';
import type { Scoped } from '../db/scoped';
import type { Actor } from '../modules/auth/viewer';
import { eventRow, type OutboxRow } from '../modules/events/events';
import type { BalanceRow, LedgerKind, LotRow } from '../modules/ledger/ledger.repo';
import type { PurchaseLineRow } from '../modules/purchases/purchases.repo';
import { earliestStart, metricColumns, type TierRow } from '../modules/tiers/tiers.repo';
import type { Take } from './point-moves.plan';
import { type CachedSettings, type ProgramSettings, parseSettings } from './program-settings';
import { settingsColumns } from './program-settings.repo';
import type { HeldTierRow, TierActivity, TierUpgrade } from './record-purchase.repo';
import { jsonDate, Sql } from './sql';

// biome-ignore lint/suspicious/noExplicitAny: a row of to_jsonb columns, converted field by field
export type JsonRow = Record<string, any>;

export interface ClaimKey {
  key: string;
  operation: string;
  hash: Buffer;
  fieldHashes: Record<string, string>;
  at: Date;
}

/** idempotency.repo claimKey, as the CTE `claim` (a row when this transaction claimed it). */
function claimCte(s: Sql, programId: string, k: ClaimKey): string {
  return `claim AS (
       INSERT INTO idempotency_keys (program_id, key, operation, request_hash, field_hashes, created_at)
       VALUES (${s.v(programId)}::uuid, ${s.v(k.key)}, ${s.v(k.operation)}, ${s.v(k.hash)}, ${s.v(JSON.stringify(k.fieldHashes))}::jsonb,
               ${s.v(k.at)}::timestamptz)
       ON CONFLICT (program_id, key) DO NOTHING
       RETURNING key
     )`;
}

/**
 * ledger.repo lockBalance as the CTE `b`: the balance row of the customer `from` gives (a
 * query with a `customer_id` column), created if absent and locked; RETURNING gives its newest
 * version even after waiting for the lock.
 */
export function balanceLockCte(s: Sql, programId: string, at: Date, from: string): string {
  return `b AS (
       INSERT INTO point_balances (program_id, customer_id, updated_at)
       SELECT ${s.v(programId)}::uuid, f.customer_id, ${s.v(at)}::timestamptz FROM (${from}) f
       ON CONFLICT (program_id, customer_id) DO UPDATE SET updated_at = point_balances.updated_at
       RETURNING *
     )`;
}

/** tiers.repo lockCustomerTier as the CTE `ct`, after `b`, when the program has active tiers. */
export function tierLockCte(s: Sql, programId: string, at: Date): string {
  return `ct AS (
       INSERT INTO customer_tiers (program_id, customer_id, since, updated_at)
       SELECT ${s.v(programId)}::uuid, b.customer_id, ${s.v(at)}::timestamptz, ${s.v(at)}::timestamptz FROM b
        WHERE EXISTS (SELECT 1 FROM tiers WHERE program_id = ${s.v(programId)}::uuid AND archived_at IS NULL)
       ON CONFLICT (program_id, customer_id) DO UPDATE SET since = customer_tiers.since
       RETURNING customer_id, tier_id, tier_version, grace_until
     )`;
}

/**
 * Statement 1 of a refund, redemption or adjustment, in one round trip: the idempotency claim
 * (`claim`), the workflow's CTEs, which lock the customer's balance as `b` (and tier as `ct`),
 * then one row: `claimed`, the locked balance and the workflow's columns (its facts). Each
 * part writes its values into `s` where it is placed, so the order of the values holds.
 */
export async function readClaimed(
  q: Scoped,
  k: ClaimKey,
  parts: { ctes(s: Sql, programId: string): string; columns(s: Sql, programId: string): string },
): Promise<{ claimed: boolean; balance: BalanceRow | null; row: JsonRow }> {
  const s = new Sql();
  const pid = q.programId;
  const { rows } = await prepared<JsonRow>(
    q.knex,
    `WITH ${claimCte(s, pid, k)},
     ${parts.ctes(s, pid)}
     SELECT (SELECT count(*) FROM claim)::int AS claimed,
            (SELECT to_jsonb(b) FROM b) AS balance,
            ${parts.columns(s, pid)}`,
    s.bindings,
  );
  const row = rows[0]!;
  return { claimed: row.claimed > 0, balance: toBalance(row.balance), row };
}

/**
 * The customer as `c` (customers.service requireCustomer; the column `CUSTOMER_FOUND` says
 * whether there is one) and, when the key was claimed, their balance as `b`, locked.
 */
export function customerBalanceCtes(s: Sql, programId: string, customerId: string, at: Date): string {
  return `c AS (SELECT id AS customer_id FROM customers WHERE program_id = ${s.v(programId)}::uuid AND id = ${s.v(customerId)}::uuid),
     ${balanceLockCte(s, programId, at, 'SELECT c.customer_id FROM c, claim')}`;
}
export const CUSTOMER_FOUND = '(SELECT count(*) FROM c)::int AS customer_found';

/** The held tier row (`ct`, tierLockCte) and the program's settings unless cached, as columns. */
export function heldAndSettingsColumns(s: Sql, programId: string, known: CachedSettings | undefined): string {
  return `(SELECT to_jsonb(ct) FROM ct) AS held,
            ${settingsColumns(s, programId, known)}`;
}

/** What `heldAndSettingsColumns` read, as rows. */
export function heldAndSettings(r: JsonRow): {
  held: HeldTierRow | null;
  settingsRevision: string | null;
  settings: ProgramSettings | null;
} {
  return {
    held: toHeld(r.held),
    settingsRevision: r.settings_revision ?? null,
    settings: r.settings ? parseSettings(r.settings) : null,
  };
}

function toBalance(b: JsonRow | null): BalanceRow | null {
  return b
    ? {
        ...(b as BalanceRow),
        points: Number(b.points),
        debt: Number(b.debt),
        lifetime_earned: Number(b.lifetime_earned),
        last_purchase_at: jsonDate(b.last_purchase_at),
        updated_at: jsonDate(b.updated_at)!,
      }
    : null;
}

function toHeld(h: JsonRow | null): HeldTierRow | null {
  return h ? { ...(h as HeldTierRow), grace_until: jsonDate(h.grace_until) } : null;
}

export interface UnderLocks {
  /** Open lots, in spending order (available_at, id), as ledger.repo openLots. */
  lots: LotRow[] | null;
  /** The purchase's lines in line order (purchases.repo linesByPurchaseIds). */
  lines: PurchaseLineRow[] | null;
  /** Whether reward rules wait on the purchase's return window (rules.repo cancelPendingFor). */
  pendingRules: boolean;
  /** Per active tier, its metric before this move (tiers.repo metricsFor); null: no activity. */
  metrics: number[] | null;
  /** tier_activity.purchases of the move's day before it, null when there is no row. */
  dayPurchases: number | null;
}

/**
 * Statement 2: what must be read after statement 1 took the locks (in READ COMMITTED a
 * statement sees the snapshot taken when it began, so reads in the statement that waited for a
 * lock would miss the change of the transaction that held it). Only the parts asked for.
 */
export async function readUnderLocks(
  q: Scoped,
  customerId: string,
  want: {
    lots?: boolean;
    purchaseId?: string;
    tiers?: { tiers: TierRow[]; today: string; day: string };
  },
): Promise<UnderLocks> {
  const pid = q.programId;
  const s = new Sql();
  const cols: string[] = [];
  if (want.lots) {
    cols.push(`(SELECT coalesce(jsonb_agg(to_jsonb(l) ORDER BY l.available_at, l.id), '[]'::jsonb)
                 FROM point_lots l WHERE l.program_id = ${s.v(pid)}::uuid AND l.customer_id = ${s.v(customerId)}::uuid
                  AND l.remaining > 0) AS lots`);
  }
  if (want.purchaseId) {
    cols.push(`(SELECT coalesce(jsonb_agg(to_jsonb(x) ORDER BY x.line_no), '[]'::jsonb)
                 FROM purchase_lines x WHERE x.program_id = ${s.v(pid)}::uuid AND x.purchase_id = ${s.v(want.purchaseId)}::uuid) AS lines`);
    cols.push(`EXISTS (SELECT 1 FROM rule_applications WHERE program_id = ${s.v(pid)}::uuid
                 AND purchase_id = ${s.v(want.purchaseId)}::uuid AND status = 'PENDING') AS pending_rules`);
  }
  if (want.tiers) {
    const { tiers, today, day } = want.tiers;
    const m = metricColumns(tiers, today);
    cols.push(`(SELECT to_jsonb(m) FROM (SELECT ${s.raw(m.sql.join(', '), m.bindings)} FROM tier_activity a
                 WHERE a.program_id = ${s.v(pid)}::uuid AND a.customer_id = ${s.v(customerId)}::uuid
                   AND a.day BETWEEN ${s.v(earliestStart(tiers, today))}::date AND ${s.v(today)}::date) m) AS metrics`);
    cols.push(`(SELECT purchases FROM tier_activity WHERE program_id = ${s.v(pid)}::uuid
                 AND customer_id = ${s.v(customerId)}::uuid AND day = ${s.v(day)}::date) AS day_purchases`);
  }
  const { rows } = await prepared<JsonRow>(q.knex, `SELECT ${cols.join(', ')}`, s.bindings);
  const r = rows[0]!;
  const tiers = want.tiers?.tiers ?? [];
  return {
    lots: r.lots
      ? (r.lots as LotRow[]).map((l) => ({
          ...l,
          points: Number(l.points),
          remaining: Number(l.remaining),
          available_at: jsonDate(l.available_at)!,
          expires_at: jsonDate(l.expires_at),
          created_at: jsonDate(l.created_at)!,
        }))
      : null,
    lines: r.lines
      ? (r.lines as PurchaseLineRow[]).map((l) => ({
          ...l,
          unit_price_minor: Number(l.unit_price_minor),
          unit_weight: Number(l.unit_weight),
        }))
      : null,
    pendingRules: r.pending_rules === true,
    // No activity in any window reads as zeros, as metricsFor's missing row does.
    metrics: r.metrics ? tiers.map((_, i) => Number(r.metrics[`v${i}`])) : null,
    dayPurchases: r.day_purchases == null ? null : Number(r.day_purchases),
  };
}

/** A ledger entry to write (ledger.repo insertEntry); `id` comes back from the write. */
export interface NewEntry {
  kind: LedgerKind;
  points: number;
  reason: string | null;
  purchase_id: string | null;
  reward_id: string | null;
  available_at: Date | null;
  expires_at: Date | null;
}

export interface MoveWrite {
  customerId: string;
  actor: Actor;
  at: Date;
  /** ledger.repo takeFromLot for each, guarded: never below zero (fails the move otherwise). */
  takes: Take[];
  /** Null: no points move (a refund of a purchase that earned nothing). */
  entry: NewEntry | null;
  /** ledger.repo insertLot from the entry (a credit): its points, and what is taken at once for a debt. */
  lot: { points: number; taken: number } | null;
  /** ledger.repo changeBalance (null: unchanged). */
  balance: { points: number; debt: number; lifetime: number } | null;
  /** tiers.repo addActivity: the move's day and amounts (null: not tier activity). */
  activity: TierActivity | null;
  /** planTierMove's upgrade: the tier row, its history, the event. */
  upgrade: (TierUpgrade & { reason: string; purchase_id: string | null }) | null;
  clearGrace: boolean;
  /** Refund: purchases.repo refundLine per line (guarded) and recordRefund. */
  refund: {
    purchaseId: string;
    lines: { lineNo: number; quantity: number }[];
    refundedWeight: number;
    pointsReversed: number;
  } | null;
  /** Redemption: rewards.repo takeStock (guarded, when the item has a stock) and insertReward. */
  reward: {
    id: string;
    catalog_item_id: string;
    code: string;
    name: string;
    cost_points: number;
    expires_at: Date | null;
    takeStock: boolean;
  } | null;
  /** audit.repo recordAudit; `entryId` is added to the details. */
  audit: { action: string; targetType: string; targetId: string; details: Record<string, unknown> } | null;
  /** idempotency.repo storeResult; `entryId` is added to the result when `withEntryId`. */
  idempotency: { key: string; result: object; withEntryId: boolean };
}

export interface MoveWritten {
  entryId: number | null;
  /** Lots taken from, lines refunded, stock taken: each must be what was planned. */
  lotsTaken: number;
  linesRefunded: number;
  stockTaken: boolean;
}

/**
 * Statement 3: every fact of the move, one data-modifying statement. The guarded parts (lots,
 * lines, stock) report how many rows they changed; the caller fails the move, and so rolls
 * back all of it, when that is not what it planned.
 */
/**
 * The domain events of a move (src/modules/events), written as outbox rows by the move's one
 * statement: the points that moved, the tier reached, the refund, the reward issued.
 */
export function moveEvents(w: MoveWrite): OutboxRow[] {
  const customerId = w.customerId;
  const out: OutboxRow[] = [];
  if (w.refund) {
    out.push(
      eventRow(
        'purchase.refunded',
        { customerId, purchaseId: w.refund.purchaseId, pointsReversed: w.refund.pointsReversed },
        w.at,
      ),
    );
  }
  if (w.entry && w.entry.points !== 0) {
    out.push(
      eventRow(
        'points.changed',
        { customerId, points: w.entry.points, kind: w.entry.kind, reason: w.entry.reason ?? null },
        w.at,
      ),
    );
  }
  if (w.reward) out.push(eventRow('reward.issued', { customerId, rewardId: w.reward.id }, w.at));
  if (w.upgrade) {
    out.push(
      eventRow(
        'tier.changed',
        {
          customerId,
          fromTierId: w.upgrade.from_tier_id,
          toTierId: w.upgrade.to_tier_id,
          reason: w.upgrade.reason,
        },
        w.at,
      ),
    );
  }
  return out;
}

/** The move's events as outbox rows: a CTE of its statement (none without events). */
function eventsCte(s: Sql, programId: string, events: OutboxRow[]): string[] {
  if (!events.length) return [];
  return [
    `dev AS (
       INSERT INTO outbox (program_id, task, payload)
       SELECT ${s.v(programId)}::uuid, x.task, x.payload FROM jsonb_to_recordset(${s.json(
         events.map((ev) => ({ task: ev.task, payload: { programId, ...ev.payload } })),
       )}) AS x(task text, payload jsonb)
     )`,
  ];
}

export async function writeMove(q: Scoped, w: MoveWrite): Promise<MoveWritten> {
  const s = new Sql();
  const pid = () => `${s.v(q.programId)}::uuid`;
  const cid = () => `${s.v(w.customerId)}::uuid`;
  const parts: string[] = [];
  const e = w.entry;
  if (e) {
    parts.push(`e AS (
       INSERT INTO ledger_entries (program_id, customer_id, kind, points, reason, purchase_id, reward_id,
                                   available_at, expires_at, actor_kind, actor_id, actor_role, created_at)
       VALUES (${pid()}, ${cid()}, ${s.v(e.kind)}, ${s.v(e.points)}, ${s.v(e.reason)}, ${s.v(e.purchase_id)}::uuid,
               ${s.v(e.reward_id)}::uuid, ${s.v(e.available_at)}::timestamptz, ${s.v(e.expires_at)}::timestamptz,
               ${s.v(w.actor.kind)}, ${s.v(w.actor.id)}, ${s.v(w.actor.role)}, ${s.v(w.at)}::timestamptz)
       RETURNING id
     )`);
  }
  if (w.takes.length) {
    parts.push(`lt AS (
       UPDATE point_lots l SET remaining = l.remaining - x.take
         FROM jsonb_to_recordset(${s.json(w.takes.map((t) => ({ id: t.lotId, take: t.take })))}) AS x(id bigint, take bigint)
        WHERE l.program_id = ${pid()} AND l.id = x.id AND l.remaining >= x.take
       RETURNING l.id
     )`);
  }
  if (w.lot && e) {
    parts.push(`nl AS (
       INSERT INTO point_lots (program_id, customer_id, entry_id, purchase_id, points, remaining, available_at,
                               expires_at, created_at)
       SELECT ${pid()}, ${cid()}, e.id, NULL, ${s.v(w.lot.points)}, ${s.v(w.lot.points - w.lot.taken)},
              ${s.v(e.available_at)}::timestamptz, ${s.v(e.expires_at)}::timestamptz, ${s.v(w.at)}::timestamptz FROM e
     )`);
  }
  if (w.balance) {
    parts.push(`b AS (
       UPDATE point_balances
          SET points = points + ${s.v(w.balance.points)}, debt = debt + ${s.v(w.balance.debt)},
              lifetime_earned = lifetime_earned + ${s.v(w.balance.lifetime)}, updated_at = ${s.v(w.at)}::timestamptz
        WHERE program_id = ${pid()} AND customer_id = ${cid()}
     )`);
  }
  if (w.activity) {
    const a = w.activity;
    parts.push(`t AS (
       INSERT INTO tier_activity (program_id, customer_id, day, spend_minor, points, purchases)
       VALUES (${pid()}, ${cid()}, ${s.v(a.day)}::date, ${s.v(a.spendMinor)}, ${s.v(a.points)}, ${s.v(a.purchases)})
       ON CONFLICT (program_id, customer_id, day) DO UPDATE
         SET spend_minor = tier_activity.spend_minor + excluded.spend_minor,
             points = tier_activity.points + excluded.points,
             purchases = tier_activity.purchases + excluded.purchases
     )`);
  }
  if (w.upgrade) {
    const u = w.upgrade;
    parts.push(`ct AS (
       UPDATE customer_tiers SET tier_id = ${s.v(u.to_tier_id)}::uuid, tier_version = ${s.v(u.to_version)},
                                 since = ${s.v(w.at)}::timestamptz, grace_until = NULL, updated_at = ${s.v(w.at)}::timestamptz
        WHERE program_id = ${pid()} AND customer_id = ${cid()}
     ), th AS (
       INSERT INTO tier_history (program_id, customer_id, from_tier_id, from_version, to_tier_id, to_version,
                                 reason, purchase_id, created_at)
       VALUES (${pid()}, ${cid()}, ${s.v(u.from_tier_id)}::uuid, ${s.v(u.from_version)}::int, ${s.v(u.to_tier_id)}::uuid,
               ${s.v(u.to_version)}::int, ${s.v(u.reason)}, ${s.v(u.purchase_id)}::uuid, ${s.v(w.at)}::timestamptz)
     ), o AS (
       INSERT INTO outbox (program_id, task, payload)
       VALUES (${pid()}, 'tier_changed', ${s.json({
         programId: q.programId,
         customerId: w.customerId,
         fromTierId: u.from_tier_id,
         toTierId: u.to_tier_id,
         reason: u.reason,
       })})
     )`);
  } else if (w.clearGrace) {
    parts.push(`ct AS (
       UPDATE customer_tiers SET grace_until = NULL, updated_at = ${s.v(w.at)}::timestamptz
        WHERE program_id = ${pid()} AND customer_id = ${cid()}
     )`);
  }
  if (w.refund) {
    const r = w.refund;
    parts.push(`rl AS (
       UPDATE purchase_lines x SET refunded_quantity = x.refunded_quantity + r.quantity
         FROM jsonb_to_recordset(${s.json(r.lines.map((l) => ({ line_no: l.lineNo, quantity: l.quantity })))})
              AS r(line_no int, quantity int)
        WHERE x.program_id = ${pid()} AND x.purchase_id = ${s.v(r.purchaseId)}::uuid AND x.line_no = r.line_no
          AND x.refunded_quantity + r.quantity <= x.quantity
       RETURNING x.line_no
     ), rp AS (
       UPDATE purchases SET refunded_weight = refunded_weight + ${s.v(r.refundedWeight)},
                            points_reversed = points_reversed + ${s.v(r.pointsReversed)}
        WHERE program_id = ${pid()} AND id = ${s.v(r.purchaseId)}::uuid
     )`);
  }
  if (w.reward) {
    const r = w.reward;
    if (r.takeStock) {
      parts.push(`st AS (
       UPDATE catalog_items SET stock = stock - 1
        WHERE program_id = ${pid()} AND id = ${s.v(r.catalog_item_id)}::uuid AND (stock IS NULL OR stock > 0)
       RETURNING id
     )`);
    }
    parts.push(`rw AS (
       INSERT INTO issued_rewards (program_id, id, customer_id, catalog_item_id, code, name, cost_points, issued_at,
                                   expires_at)
       VALUES (${pid()}, ${s.v(r.id)}::uuid, ${cid()}, ${s.v(r.catalog_item_id)}::uuid, ${s.v(r.code)}, ${s.v(r.name)},
               ${s.v(r.cost_points)}, ${s.v(w.at)}::timestamptz, ${s.v(r.expires_at)}::timestamptz)
     )`);
  }
  if (w.audit) {
    const a = w.audit;
    const entryId = e ? `jsonb_build_object('entryId', (SELECT id FROM e))` : `'{}'::jsonb`;
    parts.push(`au AS (
       INSERT INTO audit_log (program_id, actor_kind, actor_id, actor_role, action, target_type, target_id, details,
                              created_at)
       SELECT ${pid()}, ${s.v(w.actor.kind)}, ${s.v(w.actor.id)}, ${s.v(w.actor.role)}, ${s.v(a.action)}, ${s.v(a.targetType)},
              ${s.v(a.targetId)}, ${s.json(a.details)} || ${entryId}, ${s.v(w.at)}::timestamptz
     )`);
  }
  parts.push(...eventsCte(s, q.programId, moveEvents(w)));
  const k = w.idempotency;
  parts.push(`k AS (
       UPDATE idempotency_keys
          SET result = ${s.json(k.result)}${k.withEntryId && e ? ` || jsonb_build_object('entryId', (SELECT id FROM e))` : ''}
        WHERE program_id = ${pid()} AND key = ${s.v(k.key)}
     )`);
  const { rows } = await prepared<{ entry_id: number; lots: number; lines: number; stock: number }>(
    q.knex,
    `WITH ${parts.join(',\n')}
     SELECT ${e ? '(SELECT id FROM e)' : 'NULL::bigint'} AS entry_id,
            ${w.takes.length ? '(SELECT count(*) FROM lt)' : '0'}::int AS lots,
            ${w.refund ? '(SELECT count(*) FROM rl)' : '0'}::int AS lines,
            ${w.reward?.takeStock ? '(SELECT count(*) FROM st)' : '1'}::int AS stock`,
    s.bindings,
  );
  const r = rows[0]!;
  return {
    entryId: r.entry_id == null ? null : Number(r.entry_id),
    lotsTaken: r.lots,
    linesRefunded: r.lines,
    stockTaken: r.stock === 1,
  };
}
