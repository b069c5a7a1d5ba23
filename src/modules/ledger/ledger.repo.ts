import { newestFirst } from '../../db/page';
import { prepared } from '../../db/prepared';
import type { Scoped } from '../../db/scoped';
import type { Page } from '../../shared/pagination';
import type { Actor } from '../auth/viewer';
import { withEvents } from '../events/events';
import type { EarningConfig, ExpiryPolicy, Rounding } from './earning';

export const LEDGER_KINDS = ['EARN', 'BONUS', 'REDEEM', 'REVERSAL', 'EXPIRE', 'ADJUST'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

export interface LedgerEntryRow {
  id: number;
  customer_id: string;
  kind: LedgerKind;
  points: number;
  purchase_id: string | null;
  reward_id: string | null;
  lot_id: number | null;
  reason: string | null;
  /** EARN of a purchase: the points before the tier multiplier, and the multiplier's bonus. */
  base_points: number | null;
  bonus_points: number | null;
  actor_kind: string;
  actor_id: string | null;
  actor_role: string | null;
  available_at: Date | null;
  expires_at: Date | null;
  created_at: Date;
}

export interface LotRow {
  id: number;
  customer_id: string;
  entry_id: number;
  purchase_id: string | null;
  points: number;
  remaining: number;
  available_at: Date;
  expires_at: Date | null;
  created_at: Date;
}

export interface BalanceRow {
  customer_id: string;
  points: number;
  debt: number;
  lifetime_earned: number;
  last_purchase_at: Date | null;
  updated_at: Date;
}

export interface EarningConfigRow {
  points_per_unit: number;
  category_multipliers: Record<string, number>;
  sku_multipliers: Record<string, number>;
  excluded_categories: string[];
  rounding: Rounding;
  pending_days: number;
  expiry_policy: ExpiryPolicy;
  expiry_days: number | null;
  auto_enroll: boolean;
  backdating_days: number;
  updated_at: Date | string;
}

export async function earningConfigRow(q: Scoped): Promise<EarningConfig | null> {
  const r: EarningConfigRow | undefined = await q('earning_configs').first();
  return r ? toEarningConfig(r) : null;
}

/** An earning_configs row (or its to_jsonb form, dates as strings) as the EarningConfig. */
export function toEarningConfig(r: EarningConfigRow): EarningConfig {
  return {
    pointsPerUnit: r.points_per_unit,
    categoryMultipliers: Object.entries(r.category_multipliers).map(([category, percent]) => ({
      category,
      percent,
    })),
    skuMultipliers: Object.entries(r.sku_multipliers).map(([sku, percent]) => ({ sku, percent })),
    excludedCategories: r.excluded_categories,
    rounding: r.rounding,
    pendingDays: r.pending_days,
    expiryPolicy: r.expiry_policy,
    expiryDays: r.expiry_days,
    autoEnroll: r.auto_enroll,
    backdatingDays: r.backdating_days,
    updatedAt: r.updated_at == null ? null : new Date(r.updated_at),
  };
}

export async function saveEarningConfig(q: Scoped, c: EarningConfig, at: Date): Promise<void> {
  const row = {
    points_per_unit: c.pointsPerUnit,
    category_multipliers: JSON.stringify(
      Object.fromEntries(c.categoryMultipliers.map((m) => [m.category, m.percent])),
    ),
    sku_multipliers: JSON.stringify(Object.fromEntries(c.skuMultipliers.map((m) => [m.sku, m.percent]))),
    excluded_categories: c.excludedCategories,
    rounding: c.rounding,
    pending_days: c.pendingDays,
    expiry_policy: c.expiryPolicy,
    expiry_days: c.expiryDays,
    auto_enroll: c.autoEnroll,
    backdating_days: c.backdatingDays,
    updated_at: at,
  };
  await q.insert('earning_configs', row).onConflict('program_id').merge(Object.keys(row));
}

/** Creates the customer's balance row if absent, then locks it for this transaction. */
/**
 * Creates the customer's balance row if needed and locks it, in one round trip: an upsert
 * that "updates" an existing row to itself takes its row lock as UPDATE does, so every
 * writer of this customer's points queues here until the lock holder commits.
 */
export async function lockBalance(q: Scoped, customerId: string, at: Date): Promise<BalanceRow> {
  const { rows } = await q.knex.raw<{ rows: BalanceRow[] }>(
    `INSERT INTO point_balances (program_id, customer_id, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (program_id, customer_id) DO UPDATE SET updated_at = point_balances.updated_at
     RETURNING *`,
    [q.programId, customerId, at],
  );
  return rows[0]!;
}

export async function changeBalance(
  q: Scoped,
  customerId: string,
  d: { points?: number; debt?: number; lifetime?: number; lastPurchaseAt?: Date },
  at: Date,
  /** Raised in the same statement (the points.changed of the change). */
  events: Parameters<typeof withEvents>[3] = [],
): Promise<void> {
  const raw = q.knex.raw.bind(q.knex);
  const update = q('point_balances')
    .where({ customer_id: customerId })
    .update({
      points: raw('points + ?', [d.points ?? 0]),
      debt: raw('debt + ?', [d.debt ?? 0]),
      lifetime_earned: raw('lifetime_earned + ?', [d.lifetime ?? 0]),
      ...(d.lastPurchaseAt
        ? { last_purchase_at: raw('greatest(last_purchase_at, ?)', [d.lastPurchaseAt]) }
        : {}),
      updated_at: at,
    });
  if (events.length) await withEvents(q, update.returning('customer_id'), at, events);
  else await update;
}

export interface NewEntry {
  customer_id: string;
  kind: LedgerKind;
  points: number;
  purchase_id?: string | null;
  reward_id?: string | null;
  lot_id?: number | null;
  reason?: string | null;
  base_points?: number | null;
  bonus_points?: number | null;
  available_at?: Date | null;
  expires_at?: Date | null;
  /** BONUS of a reward rule: the rule version that gave it. */
  rule_version_id?: string | null;
}

export async function insertEntry(q: Scoped, e: NewEntry, actor: Actor, at: Date): Promise<LedgerEntryRow> {
  const [row] = await q
    .insert('ledger_entries', {
      ...e,
      actor_kind: actor.kind,
      actor_id: actor.id,
      actor_role: actor.role,
      created_at: at,
    })
    .returning('*');
  return row;
}

export async function insertLot(
  q: Scoped,
  l: Omit<LotRow, 'id' | 'remaining' | 'created_at'>,
  at: Date,
): Promise<LotRow> {
  const [row] = await q.insert('point_lots', { ...l, remaining: l.points, created_at: at }).returning('*');
  return row;
}

/** Lots with points left, oldest first: the order in which points are spent. */
export function openLots(q: Scoped, customerId: string): Promise<LotRow[]> {
  return q('point_lots')
    .where({ customer_id: customerId })
    .where('remaining', '>', 0)
    .orderBy([
      { column: 'available_at', order: 'asc' },
      { column: 'id', order: 'asc' },
    ]);
}

/** Guarded: never takes a lot below zero, whatever the caller believed. */
export async function takeFromLot(q: Scoped, lotId: number, points: number): Promise<void> {
  const n = await q('point_lots')
    .where({ id: lotId })
    .where('remaining', '>=', points)
    .update({ remaining: q.knex.raw('remaining - ?', [points]) });
  if (n !== 1) throw new Error(`lot ${lotId} has fewer than ${points} points left`);
}

/** INACTIVITY: a purchase pushes the expiry of every lot that has not lapsed yet. */
export async function extendExpiry(q: Scoped, customerId: string, until: Date, now: Date): Promise<void> {
  await q('point_lots')
    .where({ customer_id: customerId })
    .where('remaining', '>', 0)
    .where((w) => w.whereNull('expires_at').orWhere('expires_at', '>', now))
    .where((w) => w.whereNull('expires_at').orWhere('expires_at', '<', until))
    .update({ expires_at: until });
}

/**
 * A list of uuids as one parameter (a JSON array): knex.raw would expand a JS array into one
 * placeholder per element, and a text array literal would need quoting.
 */
export const UUID_LIST = 'ARRAY(SELECT jsonb_array_elements_text(?::jsonb)::uuid)';

export interface BalanceSummary {
  customer_id: string;
  available: number;
  pending: number;
  lifetime_earned: number;
  /**
   * Points of live lots expiring after now and by the summary's `expiringUntil`, summed per
   * instant, soonest first (what `expiringPoints` returns); empty without `expiringUntil`.
   */
  expiring: { expires_at: Date; points: number }[];
}

/**
 * The lots part of a balance summary, as a LATERAL subquery over the live lots (remaining,
 * not expired at `now`) of the balance row aliased `b`: available and pending sums, and the
 * lots expiring by `until` as a JSON list. Shared by `balanceSummaries` and statements that
 * read a customer with their balance in one round trip.
 */
export function lotsSummaryLateral(now: Date, until: Date | null): { sql: string; bindings: unknown[] } {
  return {
    sql: `LEFT JOIN LATERAL (
        SELECT sum(l.remaining) FILTER (WHERE l.available_at <= ?::timestamptz)::bigint AS available,
               sum(l.remaining) FILTER (WHERE l.available_at > ?::timestamptz)::bigint AS pending,
               jsonb_agg(jsonb_build_array(l.expires_at, l.remaining) ORDER BY l.expires_at)
                 FILTER (WHERE l.expires_at <= ?::timestamptz) AS expiring
          FROM point_lots l
         WHERE l.program_id = b.program_id AND l.customer_id = b.customer_id AND l.remaining > 0
           AND (l.expires_at IS NULL OR l.expires_at > ?::timestamptz)
      ) s ON true`,
    bindings: [now, now, until ?? new Date(0), now],
  };
}

/** A row selected with `lotsSummaryLateral` (columns named as `balanceSummaries` names them). */
export function toBalanceSummary(r: {
  customer_id: string;
  lifetime_earned: number | null;
  available: number | null;
  pending: number | null;
  expiring: [string, number][] | null;
}): BalanceSummary {
  const expiring: BalanceSummary['expiring'] = [];
  for (const [at, points] of r.expiring ?? []) {
    const t = new Date(at);
    const last = expiring[expiring.length - 1];
    if (last && last.expires_at.getTime() === t.getTime()) last.points += Number(points);
    else expiring.push({ expires_at: t, points: Number(points) });
  }
  return {
    customer_id: r.customer_id,
    available: Number(r.available ?? 0),
    pending: Number(r.pending ?? 0),
    lifetime_earned: Number(r.lifetime_earned ?? 0),
    expiring,
  };
}

/**
 * available and pending at `now`, straight from the lots, so points past their expiry never
 * count even before the expiry job writes them off; with `expiringUntil`, the points expiring
 * by then too. One statement for any number of customers; a customer with no balance row is
 * left out (the caller's default: nothing).
 */
export async function balanceSummaries(
  q: Scoped,
  customerIds: readonly string[],
  now: Date,
  expiringUntil: Date | null = null,
): Promise<BalanceSummary[]> {
  const lots = lotsSummaryLateral(now, expiringUntil);
  const { rows } = await prepared<Parameters<typeof toBalanceSummary>[0]>(
    q.knex,
    `SELECT b.customer_id, b.lifetime_earned, coalesce(s.available, 0) - b.debt AS available, s.pending, s.expiring
       FROM point_balances b ${lots.sql}
      WHERE b.program_id = ?::uuid AND b.customer_id = ANY(${UUID_LIST})`,
    [...lots.bindings, q.programId, JSON.stringify(customerIds)],
  );
  return rows.map(toBalanceSummary);
}

export function lapsedLots(q: Scoped, customerId: string, now: Date): Promise<LotRow[]> {
  return q('point_lots')
    .where({ customer_id: customerId })
    .where('remaining', '>', 0)
    .where('expires_at', '<=', now)
    .orderBy('id');
}

export async function customersWithLapsedLots(q: Scoped, now: Date): Promise<string[]> {
  const rows: { customer_id: string }[] = await q('point_lots')
    .where('remaining', '>', 0)
    .where('expires_at', '<=', now)
    .distinct('customer_id');
  return rows.map((r) => r.customer_id);
}

export function ledgerPage(q: Scoped, customerId: string, page: Page): Promise<LedgerEntryRow[]> {
  return newestFirst(q('ledger_entries').where({ customer_id: customerId }), page, 'created_at');
}

export function entriesByIds(q: Scoped, ids: readonly number[]): Promise<LedgerEntryRow[]> {
  return q('ledger_entries').whereIn('id', ids);
}

/**
 * For messaging's "points about to expire" notice: each customer with points lapsing in
 * (now, until], with the earliest such date and the points lapsing by `until`. Read only.
 */
export function customersWithPointsExpiring(
  q: Scoped,
  now: Date,
  until: Date,
): Promise<{ customer_id: string; expires_at: Date; points: number }[]> {
  return q('point_lots')
    .where('remaining', '>', 0)
    .where('expires_at', '>', now)
    .where('expires_at', '<=', until)
    .groupBy('customer_id')
    .select(
      'customer_id',
      q.knex.raw('min(expires_at) AS expires_at'),
      q.knex.raw('sum(remaining)::int AS points'),
    );
}

/**
 * For messaging's "your points are now available" notice: per customer, the points of lots
 * whose return window ended in (from, to] (lots available at once are not news). Read only.
 */
export function customersWithPointsAvailable(
  q: Scoped,
  from: Date,
  to: Date,
): Promise<{ customer_id: string; last_lot: number; points: number; available_at: Date }[]> {
  return q('point_lots')
    .where('remaining', '>', 0)
    .where('available_at', '>', from)
    .where('available_at', '<=', to)
    .whereRaw('available_at > created_at')
    .groupBy('customer_id')
    .select(
      'customer_id',
      q.knex.raw('max(id)::bigint AS last_lot'),
      q.knex.raw('sum(remaining)::int AS points'),
      q.knex.raw('max(available_at) AS available_at'),
    );
}

export interface EarnedRow {
  customer_id: string;
  purchase_id: string;
  points: number;
  base_points: number;
  bonus_points: number;
  reason: string | null;
  /** When the purchase happened: the entry's and the lot's created_at. */
  at: Date;
  available_at: Date;
  expires_at: Date | null;
}

/**
 * A history of earning purchases in one statement (the demo seed), for customers with no
 * points yet: one EARN entry and one lot per purchase, then each customer's balance row as
 * the sum of the entries just written. The invariants hold by construction: a lot holds its
 * entry's points, a balance is the sum of its entries, last_purchase_at their latest time.
 */
export async function insertEarnedHistory(
  q: Scoped,
  rows: EarnedRow[],
  actor: Actor,
  now: Date,
): Promise<void> {
  if (rows.length === 0) return;
  await q.knex.raw(
    `WITH x AS (
       SELECT * FROM jsonb_to_recordset(?::jsonb) AS x(customer_id uuid, purchase_id uuid, points bigint,
         base_points bigint, bonus_points bigint, reason text, at timestamptz, available_at timestamptz,
         expires_at timestamptz)
     ), e AS (
       INSERT INTO ledger_entries (program_id, customer_id, kind, points, base_points, bonus_points, reason,
                                   purchase_id, available_at, expires_at, actor_kind, actor_id, actor_role,
                                   created_at)
       SELECT ?::uuid, customer_id, 'EARN', points, base_points, bonus_points, reason, purchase_id,
              available_at, expires_at, ?, ?, ?, at
         FROM x ORDER BY at
       RETURNING program_id, id, customer_id, purchase_id, points, available_at, expires_at, created_at
     ), l AS (
       INSERT INTO point_lots (program_id, customer_id, entry_id, purchase_id, points, remaining,
                               available_at, expires_at, created_at)
       SELECT program_id, customer_id, id, purchase_id, points, points, available_at, expires_at, created_at
         FROM e
     )
     INSERT INTO point_balances (program_id, customer_id, points, lifetime_earned, last_purchase_at, updated_at)
     SELECT program_id, customer_id, sum(points), sum(points), max(created_at), ?::timestamptz
       FROM e GROUP BY program_id, customer_id`,
    [JSON.stringify(rows), q.programId, actor.kind, actor.id, actor.role, now],
  );
}

/**
 * Opening balances, set-based: per customer one ADJUST entry, one lot and the balance row
 * (three statements for any number of customers; see openBalances in ledger.service.ts).
 */
export async function insertOpeningBalances(
  q: Scoped,
  actor: Actor,
  list: readonly { customerId: string; points: number }[],
  reason: string,
  at: Date,
  expiresAt: Date | null,
): Promise<void> {
  const entries: { id: number; customer_id: string; points: number }[] = await q
    .insert(
      'ledger_entries',
      list.map((o) => ({
        customer_id: o.customerId,
        kind: 'ADJUST',
        points: o.points,
        reason,
        actor_kind: actor.kind,
        actor_id: actor.id,
        actor_role: actor.role,
        available_at: at,
        expires_at: expiresAt,
        created_at: at,
      })),
    )
    .returning(['id', 'customer_id', 'points']);
  await q.insert(
    'point_lots',
    entries.map((e) => ({
      customer_id: e.customer_id,
      entry_id: e.id,
      purchase_id: null,
      points: e.points,
      remaining: e.points,
      available_at: at,
      expires_at: expiresAt,
      created_at: at,
    })),
  );
  await q.insert(
    'point_balances',
    list.map((o) => ({ customer_id: o.customerId, points: o.points, updated_at: at })),
  );
}
