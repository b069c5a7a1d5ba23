/**
 * redeemReward as a workflow (issue 12), in the shape of recordPurchase: claim, check the
 * customer and the item, and lock the balance in one statement; read the lots under the lock;
 * decide with pure functions which points pay (oldest first, a debt before anything); write
 * in one statement the lots taken, the REDEEM entry, the balance, the stock taken (guarded)
 * and the reward, with the idempotency result. BEGIN, read, lots, write, COMMIT: 5 round
 * trips. Behaviour is that of rewards.service redeemReward with ledger.service spendPoints.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../modules/auth/viewer';
import { findKey } from '../modules/idempotency/idempotency.repo';
import { type Idempotent, replayOrConflict, requestHashes } from '../modules/idempotency/idempotency.service';
import type { RedeemRewardInput } from '../modules/rewards/rewards.inputs';
import type { CatalogItemRow, IssuedRewardRow } from '../modules/rewards/rewards.repo';
import { isLive, newRewardCode } from '../modules/rewards/rewards.service';
import type { RequestContext } from '../shared/context';
import { AppError } from '../shared/errors';
import { addDays } from '../shared/time';
import { checkWritten } from './point-moves';
import { insufficient, planSpend, type Take } from './point-moves.plan';
import { type MoveWrite, readUnderLocks, writeMove } from './point-moves.repo';
import { type RedeemFacts, readRedeemFacts } from './redeem-reward.repo';

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
  const customerId = redeemingCustomer(ctx.viewer, p);
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
    const item = availableItem(facts, at);
    const balance = facts.balance!;

    // 2. The lots, under the lock. 3. Decide.
    const { lots } = await readUnderLocks(q, customerId, { lots: true });
    const plan = planSpend(lots!, balance.debt, item.cost_points, at);
    if (!plan.ok) throw insufficient(plan);
    const reward = newReward(item, at);

    // 4. Write.
    const written = await writeMove(
      q,
      redemptionWrite({ customerId, item, plan, reward, key, actor: ctx.actor, at }),
    );
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

/** A session redeems for its own customer; an API key names the customer. */
function redeemingCustomer(viewer: RequestContext['viewer'], p: RedeemRewardInput): string {
  if (viewer?.kind === 'customer') {
    if (p.customerId && p.customerId !== viewer.customerId)
      throw AppError.forbidden('A session redeems for its own customer only');
    return viewer.customerId;
  }
  if (!p.customerId)
    throw AppError.badInput([{ path: 'input.customerId', message: 'Required for API keys' }]);
  return p.customerId;
}

/** The item, when the customer exists and the item is live and in stock now. */
function availableItem(facts: RedeemFacts, at: Date): CatalogItemRow {
  if (!facts.customerFound) throw AppError.notFound('Customer');
  const item = facts.item;
  if (!item) throw AppError.notFound('Catalog item');
  if (!isLive(item, at) || item.stock === 0) {
    throw new AppError('REWARD_NOT_AVAILABLE', 'This reward is not available now');
  }
  return item;
}

function newReward(item: CatalogItemRow, at: Date) {
  return {
    id: randomUUID(),
    catalog_item_id: item.id,
    code: newRewardCode(),
    name: item.name,
    cost_points: item.cost_points,
    expires_at: item.valid_days ? addDays(at, item.valid_days) : null,
  };
}

/** Statement 3: the lots taken, the REDEEM entry, the balance, the stock and the reward. */
function redemptionWrite(r: {
  customerId: string;
  item: CatalogItemRow;
  plan: { takes: Take[]; debtPaid: number };
  reward: ReturnType<typeof newReward>;
  key: string;
  actor: Actor;
  at: Date;
}): MoveWrite {
  const { item, reward } = r;
  return {
    customerId: r.customerId,
    actor: r.actor,
    at: r.at,
    takes: r.plan.takes,
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
    balance: { points: -item.cost_points, debt: -r.plan.debtPaid, lifetime: 0 },
    activity: null,
    upgrade: null,
    clearGrace: false,
    refund: null,
    reward: { ...reward, takeStock: item.stock !== null },
    audit: null,
    idempotency: {
      key: r.key,
      result: { rewardId: reward.id, customerId: r.customerId },
      withEntryId: false,
    },
  };
}
