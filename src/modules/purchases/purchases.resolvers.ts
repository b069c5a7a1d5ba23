import type { Resolvers } from '../../graphql/generated';
import { customerField } from '../../graphql/lookahead';
import { parseInput } from '../../shared/errors';
import { parsePage, toConnection } from '../../shared/pagination';
import { previewPurchase, previewRequest } from '../../workflows/preview-purchase';
import { recordPurchase, writtenPurchase } from '../../workflows/record-purchase';
import { RecordPurchasesInput, recordPurchases } from '../../workflows/record-purchases';
import { refundPurchase, writtenRefund } from '../../workflows/refund-purchase';
import type { IssuedRewardRow } from '../rewards/rewards.repo';
// The input schemas the mutations parse with (the service takes their types).
import * as inputs from './purchases.inputs';
import { purchasesPage } from './purchases.service';

export const purchaseResolvers: Resolvers = {
  Query: {
    previewPurchase: (_, { input }, ctx) =>
      previewPurchase(ctx.rc, previewRequest(input, ctx.rc.clock.now())),
  },
  Mutation: {
    recordPurchase: (_, { input }, ctx) =>
      recordPurchase(ctx.rc, parseInput(inputs.RecordPurchaseInput, input)),
    recordPurchases: (_, { input }, ctx) => recordPurchases(ctx.rc, parseInput(RecordPurchasesInput, input)),
    refundPurchase: (_, { input }, ctx) =>
      refundPurchase(ctx.rc, parseInput(inputs.RefundPurchaseInput, input)),
  },
  RecordPurchasePayload: {
    // A fresh purchase is served from the row it wrote (issue 12); a replay loads it.
    purchase: async (p, _, ctx) => writtenPurchase(p) ?? (await ctx.loaders.purchaseById.load(p.purchaseId))!,
    customer: async (p, _, ctx, info) => (await customerField(ctx, info, p.customerId))!,
    rewardsIssued: async (p, _, ctx) =>
      (await ctx.loaders.rewardById.loadMany(p.rewardIds)).filter(
        (r): r is IssuedRewardRow => r != null && !(r instanceof Error),
      ),
  },
  PurchasePreview: {
    customer: async (p, _, ctx) => (p.customerId ? await ctx.loaders.customerById.load(p.customerId) : null),
    ruleBonusPoints: (p) => p.rulePointsNow,
    laterRuleBonusPoints: (p) => p.rulePointsLater,
    rewardsIssued: (p) => p.rewards,
  },
  PreviewReward: {
    catalogItem: async (r, _, ctx) => (await ctx.loaders.catalogItemById.load(r.catalog_item_id))!,
  },
  RefundPurchasePayload: {
    // A fresh refund is served from what it wrote (issue 12); a replay loads the purchase.
    async purchase(p, _, ctx) {
      const written = writtenRefund(p);
      if (!written) return (await ctx.loaders.purchaseById.load(p.purchaseId))!;
      ctx.loaders.purchaseLines.prime(written.purchase.id, written.lines);
      return written.purchase;
    },
    customer: async (p, _, ctx, info) => (await customerField(ctx, info, p.customerId))!,
  },
  Customer: {
    async purchases(c, args, ctx) {
      const page = parsePage(args);
      return toConnection(await purchasesPage(ctx.rc.q, c.id, page), page, (p) => [p.occurred_at, p.id]);
    },
  },
  Purchase: {
    externalId: (p) => p.external_id,
    storeCode: (p) => p.store_code,
    customer: async (p, _, ctx) => (await ctx.loaders.customerById.load(p.customer_id))!,
    totalMinor: (p) => p.total_minor,
    async refundedMinor(p, _, ctx) {
      const lines = await ctx.loaders.purchaseLines.load(p.id);
      return lines.reduce((s, l) => s + l.refunded_quantity * l.unit_price_minor, 0);
    },
    occurredAt: (p) => p.occurred_at,
    recordedAt: (p) => p.recorded_at,
    pointsEarned: (p) => p.points_earned,
    pointsReversed: (p) => p.points_reversed,
    lines: (p, _, ctx) => ctx.loaders.purchaseLines.load(p.id),
  },
  PurchaseLine: {
    unitPriceMinor: (l) => l.unit_price_minor,
    refundedQuantity: (l) => l.refunded_quantity,
  },
};
