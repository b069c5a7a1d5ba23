import { randomBytes, randomUUID } from 'node:crypto';
import type { Scoped } from '../../db/scoped';
import type { RequestContext } from '../../shared/context';
import { AppError, parseInput } from '../../shared/errors';
import { addDays } from '../../shared/time';
import { recordAudit } from '../audit/audit.service';
import { raise } from '../events/events';
import { type Idempotent, idempotent } from '../idempotency/idempotency.service';
import { creditPoints } from '../ledger/ledger.service';
import { purchaseOfCustomer } from '../purchases/purchases.service';
import {
  rewardCode,
  type UpsertCatalogItemInput,
  type UseRewardInput,
  type VoidRewardInput,
} from './rewards.inputs';
import {
  type CatalogItemRow,
  type IssuedRewardRow,
  insertItem,
  insertReward,
  itemById,
  listItems,
  markUsed,
  markVoided,
  returnStock,
  rewardByCode,
  rewardStatus,
  rewardsByIds,
  takeStock,
  updateItem,
} from './rewards.repo';

// Reads the API makes (resolvers call the service, never the repo).
// The catalogue item, for rules and tiers.
export { itemById, rewardStatus, rewardsOfCustomer } from './rewards.repo';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 10 characters of Crockford base32 from the system CSPRNG: 50 bits, unguessable at a till. */
export function newRewardCode(): string {
  // 256 is a multiple of 32, so `byte & 31` is uniform.
  return [...randomBytes(10)].map((b) => CROCKFORD[b & 31]).join('');
}

export async function upsertCatalogItem(
  ctx: RequestContext,
  p: UpsertCatalogItemInput,
): Promise<CatalogItemRow> {
  const at = ctx.clock.now();
  const fields = {
    name: p.name,
    description: p.description ?? null,
    cost_points: p.costPoints,
    active: p.active ?? true,
    valid_days: p.validDays ?? null,
    active_from: p.activeFrom ?? null,
    active_until: p.activeUntil ?? null,
    stock: p.stock ?? null,
  };
  return ctx.q.transaction(async (q) => {
    const row = p.id ? await updateItem(q, p.id, fields, at) : await insertItem(q, fields, at);
    if (!row) throw AppError.notFound('Catalog item');
    await recordAudit(q, ctx.actor, at, {
      action: p.id ? 'catalog.update' : 'catalog.create',
      targetType: 'catalog_item',
      targetId: row.id,
      details: { ...fields },
    });
    return row;
  });
}

/** Staff see the whole catalogue; a customer session sees what can be redeemed now. */
export function catalogItems(ctx: RequestContext, activeOnly: boolean): Promise<CatalogItemRow[]> {
  const live = activeOnly || ctx.viewer?.kind === 'customer';
  return listItems(ctx.q, live ? { liveAt: ctx.clock.now() } : {});
}

export function isLive(item: CatalogItemRow, at: Date): boolean {
  return (
    item.active &&
    (!item.active_from || item.active_from <= at) &&
    (!item.active_until || item.active_until > at)
  );
}

// redeemReward is a workflow of its own (issue 12): claim, lock, write in a few round trips.

/**
 * Issues a catalogue item free of charge inside the caller's transaction (a tier's welcome
 * reward). Costs no points, so voiding it returns none.
 */
export async function grantReward(
  ctx: RequestContext,
  q: Scoped,
  g: { customerId: string; catalogItemId: string; ruleVersionId?: string; label?: string },
): Promise<string | null> {
  const at = ctx.clock.now();
  const item = await itemById(q, g.catalogItemId);
  if (!item || !isLive(item, at)) return null;
  if (item.stock !== null && !(await takeStock(q, item.id))) return null;
  const rewardId = randomUUID();
  await insertReward(q, {
    id: rewardId,
    customer_id: g.customerId,
    catalog_item_id: item.id,
    code: newRewardCode(),
    name: item.name,
    cost_points: 0,
    issued_at: at,
    expires_at: item.valid_days ? addDays(at, item.valid_days) : null,
    rule_version_id: g.ruleVersionId ?? null,
    label: g.label ?? null,
  });
  return rewardId;
}

export type UseRewardResult = Idempotent<{ rewardId: string }>;

/**
 * Marks a reward used once, at the till; the guarded update makes parallel uses race-free.
 * With `purchaseId`, the reward is linked to the purchase it was used on, which must be the
 * reward's customer's (recorded already: an offline till uses the id its batch returned).
 */
export async function useReward(ctx: RequestContext, p: UseRewardInput): Promise<UseRewardResult> {
  // Without a purchase the request hashes as it did before purchaseId existed.
  const request = p.purchaseId ? { code: p.code, purchaseId: p.purchaseId } : { code: p.code };
  return idempotent(ctx, { key: p.idempotencyKey, operation: 'useReward', input: request }, async (q) => {
    const reward = await rewardByCode(q, p.code);
    if (!reward) throw AppError.notFound('Reward');
    if (p.purchaseId && !(await purchaseOfCustomer(q, p.purchaseId, reward.customer_id))) {
      throw AppError.badInput([
        { path: 'input.purchaseId', message: "Not a recorded purchase of the reward's customer" },
      ]);
    }
    const at = ctx.clock.now();
    if (await markUsed(q, reward.id, at, p.purchaseId ?? null)) {
      await raise(q, at, ['reward.used', { customerId: reward.customer_id, rewardId: reward.id }]);
      return { rewardId: reward.id };
    }
    // Lost the race or never usable: read again after the winner committed.
    const [now] = await rewardsByIds(q, [reward.id]);
    if (now?.status === 'USED') throw new AppError('REWARD_ALREADY_USED', 'This reward was already used');
    throw new AppError(
      'REWARD_NOT_AVAILABLE',
      `This reward is ${rewardStatus(now ?? reward, at).toLowerCase()}`,
    );
  });
}

/** rewardByCode: the reward with this code (normalised as useReward does), or null. */
export async function findRewardByCode(ctx: RequestContext, code: unknown): Promise<IssuedRewardRow | null> {
  const c = parseInput(rewardCode, code, ['code']);
  return (await rewardByCode(ctx.q, c)) ?? null;
}

export type VoidRewardResult = Idempotent<{ rewardId: string; customerId: string; pointsReturned: number }>;

/** Voids an AVAILABLE reward: its points come back as a positive entry and its stock returns. */
export async function voidReward(ctx: RequestContext, p: VoidRewardInput): Promise<VoidRewardResult> {
  const { idempotencyKey: key, ...request } = p;
  return idempotent(ctx, { key, operation: 'voidReward', input: request }, async (q) => {
    const at = ctx.clock.now();
    const voided = await markVoided(q, p.rewardId, at);
    if (!voided) {
      const [reward] = await rewardsByIds(q, [p.rewardId]);
      if (!reward) throw AppError.notFound('Reward');
      throw new AppError('REWARD_NOT_AVAILABLE', `This reward is ${rewardStatus(reward, at).toLowerCase()}`);
    }
    if (voided.cost_points > 0) {
      await creditPoints({ ...ctx, q }, q, {
        customerId: voided.customer_id,
        points: voided.cost_points,
        kind: 'REVERSAL',
        rewardId: voided.id,
        reason: p.reason ?? 'reward voided',
      });
    }
    await returnStock(q, voided.catalog_item_id);
    await recordAudit(q, ctx.actor, at, {
      action: 'reward.void',
      targetType: 'issued_reward',
      targetId: voided.id,
      details: { reason: p.reason ?? null, points: voided.cost_points },
    });
    return { rewardId: voided.id, customerId: voided.customer_id, pointsReturned: voided.cost_points };
  });
}
