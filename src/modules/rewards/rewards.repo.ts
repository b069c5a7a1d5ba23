import type { Scoped } from '../../db/scoped';
import { withEvents } from '../events/events';
import type { RewardStatus } from './rewards.inputs';

export interface CatalogItemRow {
  id: string;
  name: string;
  description: string | null;
  cost_points: number;
  active: boolean;
  valid_days: number | null;
  active_from: Date | null;
  active_until: Date | null;
  stock: number | null;
  created_at: Date;
  updated_at: Date;
}

export interface IssuedRewardRow {
  id: string;
  customer_id: string;
  catalog_item_id: string;
  code: string;
  name: string;
  cost_points: number;
  status: 'AVAILABLE' | 'USED' | 'VOIDED';
  issued_at: Date;
  expires_at: Date | null;
  used_at: Date | null;
  voided_at: Date | null;
  /** Given by a reward rule: the version that gave it and its customer-facing label. */
  rule_version_id?: string | null;
  label?: string | null;
  /** useReward's purchase (issue 15). */
  used_on_purchase_id?: string | null;
}

type ItemFields = Omit<CatalogItemRow, 'id' | 'created_at' | 'updated_at'>;

export async function insertItem(q: Scoped, f: ItemFields, at: Date): Promise<CatalogItemRow> {
  const [row] = await q.insert('catalog_items', { ...f, created_at: at, updated_at: at }).returning('*');
  return row;
}

export async function updateItem(
  q: Scoped,
  id: string,
  f: ItemFields,
  at: Date,
): Promise<CatalogItemRow | undefined> {
  const [row] = await q('catalog_items')
    .where({ id })
    .update({ ...f, updated_at: at })
    .returning('*');
  return row;
}

export function itemById(q: Scoped, id: string): Promise<CatalogItemRow | undefined> {
  return q('catalog_items').where({ id }).first();
}

export function itemsByIds(q: Scoped, ids: readonly string[]): Promise<CatalogItemRow[]> {
  return q('catalog_items').whereIn('id', ids);
}

export function listItems(q: Scoped, opts: { liveAt?: Date }): Promise<CatalogItemRow[]> {
  const query = q('catalog_items').orderBy([
    { column: 'cost_points', order: 'asc' },
    { column: 'id', order: 'asc' },
  ]);
  if (opts.liveAt) {
    const at = opts.liveAt;
    query
      .where('active', true)
      .where((w) => w.whereNull('active_from').orWhere('active_from', '<=', at))
      .where((w) => w.whereNull('active_until').orWhere('active_until', '>', at));
  }
  return query;
}

/** Guarded: takes one from a limited stock, or returns false when none is left. */
export async function takeStock(q: Scoped, id: string): Promise<boolean> {
  const n = await q('catalog_items')
    .where({ id })
    .where((w) => w.whereNull('stock').orWhere('stock', '>', 0))
    .update({ stock: q.knex.raw('stock - 1') });
  return n === 1;
}

export async function returnStock(q: Scoped, id: string): Promise<void> {
  await q('catalog_items')
    .where({ id })
    .whereNotNull('stock')
    .update({ stock: q.knex.raw('stock + 1') });
}

/** Inserts the reward and raises `reward.issued` in the same statement. */
export async function insertReward(
  q: Scoped,
  r: Omit<IssuedRewardRow, 'status' | 'used_at' | 'voided_at'>,
): Promise<IssuedRewardRow> {
  const [row] = await withEvents<IssuedRewardRow>(
    q,
    q.insert('issued_rewards', r).returning('*'),
    r.issued_at,
    [['reward.issued', { customerId: r.customer_id, rewardId: r.id }]],
  );
  return row!;
}

export function rewardByCode(q: Scoped, code: string): Promise<IssuedRewardRow | undefined> {
  return q('issued_rewards').where({ code }).first();
}

export function rewardsByIds(q: Scoped, ids: readonly string[]): Promise<IssuedRewardRow[]> {
  return q('issued_rewards').whereIn('id', ids);
}

/** Guarded: only an AVAILABLE reward that has not expired at `at` is marked used. */
export async function markUsed(
  q: Scoped,
  id: string,
  at: Date,
  purchaseId: string | null = null,
): Promise<IssuedRewardRow | undefined> {
  const [row] = await q('issued_rewards')
    .where({ id, status: 'AVAILABLE' })
    .where((w) => w.whereNull('expires_at').orWhere('expires_at', '>', at))
    .update({ status: 'USED', used_at: at, used_on_purchase_id: purchaseId })
    .returning('*');
  return row;
}

export async function markVoided(q: Scoped, id: string, at: Date): Promise<IssuedRewardRow | undefined> {
  const [row] = await q('issued_rewards')
    .where({ id, status: 'AVAILABLE' })
    .where((w) => w.whereNull('expires_at').orWhere('expires_at', '>', at))
    .update({ status: 'VOIDED', voided_at: at })
    .returning('*');
  return row;
}

/** EXPIRED is derived from expires_at, so a reward expires on time without any job. */
export function rewardsOfCustomer(
  q: Scoped,
  customerId: string,
  status: RewardStatus | null,
  at: Date,
): Promise<IssuedRewardRow[]> {
  const query = q('issued_rewards')
    .where({ customer_id: customerId })
    .orderBy([
      { column: 'issued_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ]);
  const live = (w: typeof query) => w.whereNull('expires_at').orWhere('expires_at', '>', at);
  if (status === 'AVAILABLE') query.where('status', 'AVAILABLE').where(live);
  if (status === 'EXPIRED') query.where('status', 'AVAILABLE').where('expires_at', '<=', at);
  if (status === 'USED' || status === 'VOIDED') query.where('status', status);
  return query;
}

export function rewardStatus(r: IssuedRewardRow, at: Date): RewardStatus {
  return r.status === 'AVAILABLE' && r.expires_at && r.expires_at <= at ? 'EXPIRED' : r.status;
}
