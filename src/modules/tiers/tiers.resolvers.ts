import type { Resolvers } from '../../graphql/generated';
import { parseInput } from '../../shared/errors';
import { itemById } from '../rewards/rewards.service';
// The input schemas the mutations parse with (the service takes their types).
import * as inputs from './tiers.inputs';
import { customerTier, tierProgress, tierRenewal } from './tiers.progress';
import {
  archiveTier,
  createTier,
  deleteTier,
  getTierSettings,
  tiers,
  updateTier,
  updateTierSettings,
} from './tiers.service';

export const tierResolvers: Resolvers = {
  Query: {
    tiers: (_, args, ctx) => tiers(ctx.rc, args.includeArchived ?? false),
    tierSettings: (_, __, ctx) => getTierSettings(ctx.rc),
  },
  Mutation: {
    createTier: (_, { input }, ctx) => createTier(ctx.rc, parseInput(inputs.CreateTierInput, input)),
    updateTier: (_, { input }, ctx) => updateTier(ctx.rc, parseInput(inputs.UpdateTierInput, input)),
    archiveTier: (_, { input }, ctx) => archiveTier(ctx.rc, parseInput(inputs.ArchiveTierInput, input)),
    deleteTier: (_, { input }, ctx) => deleteTier(ctx.rc, parseInput(inputs.DeleteTierInput, input)),
    updateTierSettings: (_, { input }, ctx) =>
      updateTierSettings(ctx.rc, parseInput(inputs.UpdateTierSettingsInput, input)),
  },
  ArchiveTierPayload: {
    tier: async (p, _, ctx) => (await ctx.loaders.tierById.load(p.tierId))!,
  },
  Customer: {
    tier: (c, _, ctx) => customerTier(ctx.loaders, c.id),
    tierProgress: (c, _, ctx) => tierProgress(ctx.loaders, c.id),
    tierRenewal: (c, _, ctx) => tierRenewal(ctx.loaders, c.id),
    tierHistory: (c, _, ctx) => ctx.loaders.tierHistory.load(c.id),
  },
  Tier: {
    window: (t) => ({ kind: t.window_kind, days: t.window_days }),
    earnMultiplierPercent: (t) => t.multiplier_percent,
    archivedAt: (t) => t.archived_at,
    welcomeReward: async (t, _, ctx) =>
      t.welcome_item_id ? ((await itemById(ctx.rc.q, t.welcome_item_id)) ?? null) : null,
  },
  TierChange: {
    id: (h) => String(h.id),
    from: (h, _, ctx) => (h.from_tier_id ? ctx.loaders.tierById.load(h.from_tier_id) : null),
    to: (h, _, ctx) => (h.to_tier_id ? ctx.loaders.tierById.load(h.to_tier_id) : null),
    fromVersion: (h) => h.from_version,
    toVersion: (h) => h.to_version,
    purchase: (h, _, ctx) => (h.purchase_id ? ctx.loaders.purchaseById.load(h.purchase_id) : null),
    evaluationDate: (h) => h.run_date,
    createdAt: (h) => h.created_at,
  },
  TierSettings: {
    graceDays: (s) => s.grace_days,
    maxDowngradeRanks: (s) => s.max_downgrade_ranks,
  },
};
