import type { Scoped } from '../../db/scoped';
import { enqueueFromSelect } from '../../jobs/outbox';
import { raiseFromSelect } from '../events/events';
import type { TierMetric } from './tiers.inputs';
import { type TierChangeReason, tierChangedJob } from './tiers.jobs-contract';
import { type WindowKind, windowStart } from './windows';

export interface TierRow {
  id: string;
  version: number;
  name: string;
  rank: number;
  metric: TierMetric;
  threshold: number;
  window_kind: WindowKind;
  window_days: number | null;
  multiplier_percent: number;
  benefits: string | null;
  welcome_item_id: string | null;
  archived_at: Date | null;
  archived_to: string | null;
  created_at: Date;
  updated_at: Date;
}

export type TierFields = Pick<
  TierRow,
  | 'name'
  | 'rank'
  | 'metric'
  | 'threshold'
  | 'window_kind'
  | 'window_days'
  | 'multiplier_percent'
  | 'benefits'
  | 'welcome_item_id'
>;

export interface CustomerTierRow {
  customer_id: string;
  tier_id: string | null;
  tier_version: number | null;
  since: Date;
  grace_until: Date | null;
}

export { TIER_CHANGE_REASONS, type TierChangeReason } from './tiers.jobs-contract';

export interface TierHistoryRow {
  id: number;
  customer_id: string;
  from_tier_id: string | null;
  from_version: number | null;
  to_tier_id: string | null;
  to_version: number | null;
  reason: TierChangeReason;
  purchase_id: string | null;
  run_date: string | null;
  created_at: Date;
}

export interface TierSettingsRow {
  grace_days: number;
  max_downgrade_ranks: number;
}

export const DEFAULT_TIER_SETTINGS: TierSettingsRow = { grace_days: 0, max_downgrade_ranks: 1 };

/** Serialises changes to a program's tier definitions (their validation reads all of them). */
export async function lockTierDefinitions(q: Scoped): Promise<void> {
  await q.knex.raw(`SELECT pg_advisory_xact_lock(hashtext('tiers:' || ?))`, [q.programId]);
}

/** Active tiers, lowest rank first: their position + 1 is the tier's level. */
/** Memoised per transaction helper: the bonus and the upgrade check of one purchase share it. */
export function activeTiers(q: Scoped): Promise<TierRow[]> {
  return q.memo('tiers:active', () => q('tiers').whereNull('archived_at').orderBy('rank'));
}

export function listTiers(q: Scoped, includeArchived: boolean): Promise<TierRow[]> {
  const query = q('tiers').orderBy([{ column: 'archived_at', order: 'desc', nulls: 'first' }, 'rank']);
  if (!includeArchived) query.whereNull('archived_at');
  return query;
}

export function tiersByIds(q: Scoped, ids: readonly string[]): Promise<TierRow[]> {
  return q('tiers').whereIn('id', ids);
}

export function lockTier(q: Scoped, id: string): Promise<TierRow | undefined> {
  return q('tiers').where({ id }).forUpdate().first();
}

export async function insertTier(q: Scoped, f: TierFields, at: Date): Promise<TierRow> {
  const [row] = await q.insert('tiers', { ...f, created_at: at, updated_at: at }).returning('*');
  await insertVersion(q, row, at);
  return row;
}

/** Saves a new version: evaluations from now on use it; history keeps the version it used. */
export async function updateTier(q: Scoped, id: string, f: TierFields, at: Date): Promise<TierRow> {
  const [row] = await q('tiers')
    .where({ id })
    .update({ ...f, version: q.knex.raw('version + 1'), updated_at: at })
    .returning('*');
  await insertVersion(q, row, at);
  return row;
}

async function insertVersion(q: Scoped, t: TierRow, at: Date): Promise<void> {
  const { id, version, created_at, updated_at, archived_at, archived_to, ...definition } = t;
  await q.insert('tier_versions', {
    tier_id: id,
    version,
    definition: JSON.stringify(definition),
    created_at: at,
  });
}

export async function archiveTier(q: Scoped, id: string, to: string | null, at: Date): Promise<TierRow> {
  const [row] = await q('tiers')
    .where({ id })
    .update({ archived_at: at, archived_to: to, updated_at: at })
    .returning('*');
  return row;
}

export async function deleteTier(q: Scoped, id: string): Promise<void> {
  await q('tiers').where({ id }).delete();
}

export async function holderCount(q: Scoped, tierId: string): Promise<number> {
  const r = await q('customer_tiers').where({ tier_id: tierId }).count<{ n: number }[]>('* as n');
  return r[0]?.n ?? 0;
}

export async function everHeld(q: Scoped, tierId: string): Promise<boolean> {
  const r = await q('tier_history')
    .where((w) => w.where({ to_tier_id: tierId }).orWhere({ from_tier_id: tierId }))
    .first('id');
  return r != null;
}

export async function tierSettings(q: Scoped): Promise<TierSettingsRow> {
  return (await q('tier_settings').first('grace_days', 'max_downgrade_ranks')) ?? DEFAULT_TIER_SETTINGS;
}

export async function saveTierSettings(q: Scoped, s: TierSettingsRow, at: Date): Promise<void> {
  const row = { ...s, updated_at: at };
  await q.insert('tier_settings', row).onConflict('program_id').merge(Object.keys(row));
}

/**
 * One aggregate column per tier, `v0`, `v1`…: the tier's metric over its own window ending
 * `today`. One scan of tier_activity serves every tier, whatever their metrics and windows.
 */
export function metricColumns(tiers: TierRow[], today: string): { sql: string[]; bindings: string[] } {
  const sql: string[] = [];
  const bindings: string[] = [];
  tiers.forEach((t, i) => {
    bindings.push(windowStart({ kind: t.window_kind, days: t.window_days }, today));
    const agg =
      t.metric === 'SPEND'
        ? 'sum(a.spend_minor) FILTER (WHERE a.day >= ?::date)'
        : t.metric === 'POINTS'
          ? 'sum(a.points) FILTER (WHERE a.day >= ?::date)'
          : 'count(*) FILTER (WHERE a.day >= ?::date AND a.purchases > 0)';
    sql.push(`coalesce(${agg}, 0)::bigint AS v${i}`);
  });
  return { sql, bindings };
}

/** The earliest day any tier's window reaches back to. */
export function earliestStart(tiers: TierRow[], today: string): string {
  return tiers
    .map((t) => windowStart({ kind: t.window_kind, days: t.window_days }, today))
    .reduce((a, b) => (a < b ? a : b));
}

/** Each customer's metric value per active tier (in `tiers` order), today. */
export async function metricsFor(
  q: Scoped,
  tiers: TierRow[],
  today: string,
  customerIds: readonly string[],
): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>();
  if (tiers.length === 0) return out;
  const cols = metricColumns(tiers, today);
  const rows: Record<string, number | string>[] = await q('tier_activity as a')
    .whereIn('a.customer_id', customerIds)
    .whereBetween('a.day', [earliestStart(tiers, today), today])
    .groupBy('a.customer_id')
    .select('a.customer_id', q.knex.raw(cols.sql.join(', '), cols.bindings));
  for (const r of rows)
    out.set(
      r.customer_id as string,
      tiers.map((_, i) => Number(r[`v${i}`])),
    );
  return out;
}

/** Creates the customer's tier row if absent, then locks it for this transaction. */
export async function lockCustomerTier(q: Scoped, customerId: string, at: Date): Promise<CustomerTierRow> {
  await q
    .insert('customer_tiers', { customer_id: customerId, since: at, updated_at: at })
    .onConflict(['program_id', 'customer_id'])
    .ignore();
  return q('customer_tiers').where({ customer_id: customerId }).forUpdate().first();
}

export function customerTiersByIds(q: Scoped, ids: readonly string[]): Promise<CustomerTierRow[]> {
  return q('customer_tiers').whereIn('customer_id', ids);
}

export function historyByCustomerIds(q: Scoped, ids: readonly string[]): Promise<TierHistoryRow[]> {
  return q('tier_history')
    .whereIn('customer_id', ids)
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ]);
}

/** Moves every holder of `from` to `to` (archiving), with history and events, set-based. */
export async function moveHolders(q: Scoped, from: TierRow, to: TierRow, at: Date): Promise<number> {
  const holders = `SELECT customer_id, tier_version FROM customer_tiers WHERE program_id = ? AND tier_id = ?`;
  await q.knex.raw(
    `INSERT INTO tier_history (program_id, customer_id, from_tier_id, from_version, to_tier_id, to_version,
                               reason, created_at)
     SELECT ?::uuid, h.customer_id, ?::uuid, h.tier_version, ?::uuid, ?::int, 'ARCHIVE', ?::timestamptz
       FROM (${holders}) h`,
    [q.programId, from.id, to.id, to.version, at, q.programId, from.id],
  );
  await enqueueFromSelect(
    q,
    tierChangedJob,
    `SELECT jsonb_build_object('customerId', h.customer_id, 'fromTierId', ?::text, 'toTierId', ?::text,
                               'reason', 'ARCHIVE') AS payload
       FROM (${holders}) h`,
    [from.id, to.id, q.programId, from.id],
  );
  await raiseFromSelect(
    q,
    at,
    'tier.changed',
    `SELECT jsonb_build_object('customerId', h.customer_id, 'fromTierId', ?::text, 'toTierId', ?::text,
                               'reason', 'ARCHIVE') AS data
       FROM (${holders}) h`,
    [from.id, to.id, q.programId, from.id],
  );
  return q('customer_tiers')
    .where({ tier_id: from.id })
    .update({ tier_id: to.id, tier_version: to.version, since: at, grace_until: null, updated_at: at });
}

/**
 * Places new customers (no tier row yet) in a tier directly, with a history row each: an
 * import carrying the tier held in the system the program came from. Two statements for any
 * number of customers; no tier_changed event (nothing changed for the customer).
 */
export async function placeCustomerTiers(
  q: Scoped,
  placed: readonly { customerId: string; tier: TierRow }[],
  reason: Extract<TierChangeReason, 'IMPORT'>,
  at: Date,
): Promise<void> {
  if (!placed.length) return;
  await q.insert(
    'customer_tiers',
    placed.map((p) => ({
      customer_id: p.customerId,
      tier_id: p.tier.id,
      tier_version: p.tier.version,
      since: at,
      updated_at: at,
    })),
  );
  await q.insert(
    'tier_history',
    placed.map((p) => ({
      customer_id: p.customerId,
      from_tier_id: null,
      from_version: null,
      to_tier_id: p.tier.id,
      to_version: p.tier.version,
      reason,
      created_at: at,
    })),
  );
}

/** The customer's tier row's tier id (undefined when they have no row). */
export function heldTierRow(q: Scoped, customerId: string): Promise<{ tier_id: string | null } | undefined> {
  return q('customer_tiers').where({ customer_id: customerId }).first('tier_id');
}
