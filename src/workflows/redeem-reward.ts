/**
 * redeemReward as a workflow (issue 12), in the shape of recordPurchase: claim, check the
 * customer and the item, and lock the balance in one statement; read the lots under the lock;
 * decide with pure functions which points pay (oldest first, a debt before anything); write
 * in one statement the lots taken, the REDEEM entry, the balance, the stock taken (guarded)
 * and the reward, with the idempotency result. BEGIN, read, lots, write, COMMIT: 5 round
 * trips. Behaviour is that of rewards.service redeemReward with ledger.service spendPoints.
 */
import { randomUUID } from 'node:crypto';
import { findKey } from '../modules/idempotency/idempotency.repo';
import { type Idempotent, replayOrConflict, requestHashes } from '../modules/idempotency/idempotency.service';
import type { RedeemRewardInput } from '../modules/rewards/rewards.inputs';
import type { IssuedRewardRow } from '../modules/rewards/rewards.repo';
import { isLive, newRewardCode } from '../modules/rewards/rewards.service';
import type { RequestContext } from '../shared/context';
import { AppError } from '../shared/errors';
import { addDays } from '../shared/time';
import { checkWritten } from './point-moves';
import { insufficient, planSpend } from './point-moves.plan';
import { readUnderLocks, writeMove } from './point-moves.repo';
import { readRedeemFacts } from './redeem-reward.repo';

const OPERATION = 'redeemReward';

export type RedeemResult = Idempotent<{ rewardId: string; customerId: string }>;

// The reward each fresh result issued, for the GraphQL payload (replays load it).
const writtenRewards = new WeakMap<object, IssuedRewardRow>();

/** The reward a fresh (not replayed) redeemReward result issued; undefined otherwise. */
export function writtenReward(result: object): IssuedRewardRow | undefined {
  return writtenRewards.get(result);
}

/**
 * Spends the item's cost (oldest points first), takes one from its stock with a guarded
 * update and issues a reward with a random code, all in one transaction.
 */
export async function redeemReward(ctx: RequestContext, p: RedeemRewardInput): Promise<RedeemResult> {
  const viewer = ctx.viewer;
  let customerId: string;
  if (viewer?.kind === 'customer') {
    if (p.customerId && p.customerId !== viewer.customerId)
      throw AppError.forbidden('A session redeems for its own customer only');
    customerId = viewer.customerId;
  } else {
    if (!p.customerId)
      throw AppError.badInput([{ path: 'input.customerId', message: 'Required for API keys' }]);
    customerId = p.customerId;
  }
  const request = { customerId, catalogItemId: p.catalogItemId };
  const { hash, fields } = requestHashes(OPERATION, request);
  const key = p.idempotencyKey;
  return ctx.q.transaction(async (q) => {
    const at = ctx.clock.now();
    // 1. Claim, check, lock.
    const facts = await readRedeemFacts(q, {
      key,
      operation: OPERATION,
      hash,
      fieldHashes: fields,
      at,
      customerId,
      itemId: p.catalogItemId,
    });
    if (!facts.claimed) return replayOrConflict<RedeemResult>(await findKey(q, key), OPERATION, hash, fields);
    if (!facts.customerFound) throw AppError.notFound('Customer');
    const item = facts.item;
    if (!item) throw AppError.notFound('Catalog item');
    if (!isLive(item, at) || item.stock === 0) {
      throw new AppError('REWARD_NOT_AVAILABLE', 'This reward is not available now');
    }
    const balance = facts.balance!;

    // 2. The lots, under the lock. 3. Decide.
    const { lots } = await readUnderLocks(q, customerId, { lots: true });
    const plan = planSpend(lots!, balance.debt, item.cost_points, at);
    if (!plan.ok) throw insufficient(plan);
    const reward = {
      id: randomUUID(),
      catalog_item_id: item.id,
      code: newRewardCode(),
      name: item.name,
      cost_points: item.cost_points,
      expires_at: item.valid_days ? addDays(at, item.valid_days) : null,
    };

    // 4. Write.
    const written = await writeMove(q, {
      customerId,
      actor: ctx.actor,
      at,
      takes: plan.takes,
      entry: {
        kind: 'REDEEM',
        points: -item.cost_points,
        reason: null,
        purchase_id: null,
        reward_id: reward.id,
        available_at: null,
        expires_at: null,
      },
      lot: null,
      balance: { points: -item.cost_points, debt: -plan.debtPaid, lifetime: 0 },
      activity: null,
      upgrade: null,
      clearGrace: false,
      refund: null,
      reward: { ...reward, takeStock: item.stock !== null },
      audit: null,
      idempotency: { key, result: { rewardId: reward.id, customerId }, withEntryId: false },
    });
    if (!written.stockTaken) throw new AppError('REWARD_NOT_AVAILABLE', 'This reward is out of stock');
    checkWritten(written, { takes: plan.takes.length });
    const result = { rewardId: reward.id, customerId, replayed: false };
    writtenRewards.set(result, {
      ...reward,
      customer_id: customerId,
      status: 'AVAILABLE',
      issued_at: at,
      used_at: null,
      voided_at: null,
      rule_version_id: null,
      label: null,
    });
    return result;
  });
}
