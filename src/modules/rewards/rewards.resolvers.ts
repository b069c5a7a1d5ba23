import { z } from 'zod';
import type { Resolvers } from '../../graphql/generated';
import { customerField } from '../../graphql/lookahead';
import { parseInput } from '../../shared/errors';
import { redeemReward, writtenReward } from '../../workflows/redeem-reward';
// The input schemas the mutations parse with (the service takes their types).
import * as inputs from './rewards.inputs';
import {
  catalogItems,
  findRewardByCode,
  rewardStatus,
  rewardsOfCustomer,
  upsertCatalogItem,
  useReward,
  voidReward,
} from './rewards.service';

export const rewardResolvers: Resolvers = {
  Query: {
    catalogItems: (_, args, ctx) => catalogItems(ctx.rc, args.activeOnly ?? false),
    rewardByCode: (_, { code }, ctx) => findRewardByCode(ctx.rc, code),
  },
  Mutation: {
    upsertCatalogItem: (_, { input }, ctx) =>
      upsertCatalogItem(ctx.rc, parseInput(inputs.UpsertCatalogItemInput, input)),
    redeemReward: (_, { input }, ctx) => redeemReward(ctx.rc, parseInput(inputs.RedeemRewardInput, input)),
    useReward: (_, { input }, ctx) => useReward(ctx.rc, parseInput(inputs.UseRewardInput, input)),
    voidReward: (_, { input }, ctx) => voidReward(ctx.rc, parseInput(inputs.VoidRewardInput, input)),
  },
  RedeemRewardPayload: {
    // A fresh redemption is served from the reward it issued (issue 12); a replay loads it.
    reward: async (p, _, ctx) => writtenReward(p) ?? (await ctx.loaders.rewardById.load(p.rewardId))!,
    customer: async (p, _, ctx, info) => (await customerField(ctx, info, p.customerId))!,
  },
  UseRewardPayload: {
    reward: async (p, _, ctx) => (await ctx.loaders.rewardById.load(p.rewardId))!,
  },
  VoidRewardPayload: {
    reward: async (p, _, ctx) => (await ctx.loaders.rewardById.load(p.rewardId))!,
    customer: async (p, _, ctx, info) => (await customerField(ctx, info, p.customerId))!,
  },
  Customer: {
    rewards(c, args, ctx) {
      const status = parseInput(z.enum(inputs.REWARD_STATUSES).nullish(), args.status, ['status']);
      return rewardsOfCustomer(ctx.rc.q, c.id, status ?? null, ctx.rc.clock.now());
    },
  },
  CatalogItem: {
    costPoints: (i) => i.cost_points,
    validDays: (i) => i.valid_days,
    activeFrom: (i) => i.active_from,
    activeUntil: (i) => i.active_until,
  },
  IssuedReward: {
    costPoints: (r) => r.cost_points,
    status: (r, _, ctx) => rewardStatus(r, ctx.rc.clock.now()),
    issuedAt: (r) => r.issued_at,
    expiresAt: (r) => r.expires_at,
    usedAt: (r) => r.used_at,
    customer: async (r, _, ctx) => (await ctx.loaders.customerById.load(r.customer_id))!,
    usedOnPurchase: async (r, _, ctx) =>
      r.used_on_purchase_id ? await ctx.loaders.purchaseById.load(r.used_on_purchase_id) : null,
  },
};
