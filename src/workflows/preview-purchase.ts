/**
 * previewPurchase (issue 15): what a basket would earn, computed by the recordPurchase
 * workflow itself, not by a second implementation: the purchase is recorded in a transaction,
 * what it wrote is read back (points, the tier's bonus, the reward rules' bonuses and rewards,
 * the tier after) and the transaction is rolled back. So the preview cannot drift from what
 * recordPurchase does; a property test holds the two equal (test/api/till-preview.property.test.ts).
 * It writes nothing that outlives the request; it holds the customer's balance lock for the
 * time of one purchase, as a purchase does, and identity sequences advance (ADR 0019).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { RecordPurchaseInput } from '../modules/purchases/purchases.inputs';
import type { IssuedRewardRow } from '../modules/rewards/rewards.repo';
import { rewardsByIds } from '../modules/rewards/rewards.repo';
import type { TierRow } from '../modules/tiers/tiers.repo';
import type { RequestContext } from '../shared/context';
import { parseInput } from '../shared/errors';
import { customerExists, heldTierRow, readWrittenFacts, type WrittenFacts } from './preview-purchase.repo';
import { type RecordPurchaseResult, recordPurchase } from './record-purchase';

export type PreviewRewardModel = Pick<IssuedRewardRow, 'name' | 'label' | 'catalog_item_id'>;

export interface PurchasePreviewModel extends WrittenFacts {
  /** Null when the customer would be enrolled by the purchase. */
  customerId: string | null;
  pointsEarned: number;
  rewards: PreviewRewardModel[];
  tierAfter: TierRow | null;
}

// Only what recordPurchase's own validation does not see: the key is the preview's, and the
// receipt number and time may be left out. Everything else is checked by recordPurchase.
const PreviewInput = z.looseObject({
  externalId: z.string().nullish(),
  occurredAt: z.date().nullish(),
  // Checked here too: the customer is looked up before recordPurchase runs.
  customerId: z.uuid().nullish(),
  customerExternalId: z.string().nullish(),
});

/** Thrown to roll the preview's transaction back, carrying what it read before. */
class RollBack extends Error {
  constructor(readonly preview: PurchasePreviewModel) {
    super('previewPurchase rolls back');
  }
}

/**
 * The purchase a preview records and rolls back, parsed at the edge as recordPurchase's own
 * input: the key is the preview's, and the receipt number and time may be left out.
 */
export function previewRequest(input: unknown, now: Date): RecordPurchaseInput {
  const p = parseInput(PreviewInput, input);
  const id = randomUUID();
  return parseInput(RecordPurchaseInput, {
    ...p,
    idempotencyKey: `preview:${id}`,
    externalId: p.externalId ?? `preview:${id}`,
    occurredAt: p.occurredAt ?? now,
  });
}

export async function previewPurchase(
  ctx: RequestContext,
  record: RecordPurchaseInput,
): Promise<PurchasePreviewModel> {
  try {
    await ctx.q.transaction(async (q) => {
      const tx = { ...ctx, q };
      const existed = await customerExists(q, record);
      const result: RecordPurchaseResult = await recordPurchase(tx, record);
      // One connection: one query after another.
      const facts = await readWrittenFacts(q, result.purchaseId);
      const rewards = result.rewardIds.length ? await rewardsByIds(q, result.rewardIds) : [];
      const tierAfter = await heldTierRow(q, result.customerId);
      const byId = new Map(rewards.map((r) => [r.id, r]));
      throw new RollBack({
        ...facts,
        customerId: existed ? result.customerId : null,
        pointsEarned: result.pointsEarned,
        // In the order recordPurchase reports them.
        rewards: result.rewardIds.map((rid) => byId.get(rid)!),
        tierAfter,
      });
    });
  } catch (err) {
    if (err instanceof RollBack) return err.preview;
    throw err;
  }
  throw new Error('previewPurchase: the transaction was not rolled back');
}
