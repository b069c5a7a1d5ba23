import type { Resolvers } from '../../graphql/generated';
import { customerField } from '../../graphql/lookahead';
import { parseInput } from '../../shared/errors';
import { parsePage, toConnection } from '../../shared/pagination';
import { adjustPoints, writtenEntry } from '../../workflows/adjust-points';
// The input schemas the mutations parse with (the service takes their types).
import * as inputs from './ledger.inputs';
import { getEarningConfig, ledgerPage, updateEarningConfig } from './ledger.service';

export const ledgerResolvers: Resolvers = {
  Query: {
    earningConfig: (_, __, ctx) => getEarningConfig(ctx.rc.q),
  },
  Mutation: {
    updateEarningConfig: (_, { input }, ctx) =>
      updateEarningConfig(ctx.rc, parseInput(inputs.UpdateEarningConfigInput, input)),
    adjustPoints: (_, { input }, ctx) => adjustPoints(ctx.rc, parseInput(inputs.AdjustPointsInput, input)),
  },
  AdjustPointsPayload: {
    // A fresh adjustment is served from the entry it wrote (issue 12); a replay loads it.
    entry: async (p, _, ctx) => writtenEntry(p) ?? (await ctx.loaders.entryById.load(p.entryId))!,
    customer: async (p, _, ctx, info) => (await customerField(ctx, info, p.customerId))!,
  },
  Customer: {
    balance: (c) => ({ customerId: c.id }),
    async ledger(c, args, ctx) {
      const page = parsePage(args);
      return toConnection(await ledgerPage(ctx.rc.q, c.id, page), page, (e) => [e.created_at, e.id]);
    },
  },
  PointsBalance: {
    available: async (b, _, ctx) => (await ctx.loaders.balance.load(b.customerId)).available,
    pending: async (b, _, ctx) => (await ctx.loaders.balance.load(b.customerId)).pending,
    lifetimeEarned: async (b, _, ctx) => (await ctx.loaders.balance.load(b.customerId)).lifetime_earned,
    async expiringSoon(b, _, ctx) {
      const { expiring } = await ctx.loaders.balance.load(b.customerId);
      return expiring.map((r) => ({ points: r.points, expiresAt: r.expires_at }));
    },
  },
  LedgerEntry: {
    id: (e) => String(e.id),
    createdAt: (e) => e.created_at,
    availableAt: (e) => e.available_at,
    expiresAt: (e) => e.expires_at,
    basePoints: (e) => e.base_points,
    bonusPoints: (e) => e.bonus_points,
    purchase: (e, _, ctx) => (e.purchase_id ? ctx.loaders.purchaseById.load(e.purchase_id) : null),
    reward: (e, _, ctx) => (e.reward_id ? ctx.loaders.rewardById.load(e.reward_id) : null),
  },
};
