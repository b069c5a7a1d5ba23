/**
 * What refunds, redemptions and adjustments do alike around their statements (issue 12): the
 * tier decision of planTierMove made from what was read under the locks, the checks of
 * the write's guarded parts, and the rare path of welcome rewards.
 */
import type { Scoped } from '../db/scoped';
import { grantReward } from '../modules/rewards/rewards.service';
import type { TierRow } from '../modules/tiers/tiers.repo';
import type { RequestContext } from '../shared/context';
import type { MoveWritten, UnderLocks } from './point-moves.repo';
import { metricsAfter, planTierMove, type TierMove } from './record-purchase.plan';
import type { HeldTierRow, TierActivity, TierUpgrade } from './record-purchase.repo';

/**
 * planTierMove, decided: the metrics read under the locks plus this
 * activity, then an upgrade to the highest tier earned or a grace period cleared.
 */
export function adjustTiers(
  tiers: TierRow[],
  held: HeldTierRow | null,
  under: UnderLocks | null,
  today: string,
  activity: TierActivity,
): { move: TierMove; upgrade: TierUpgrade | null } {
  if (tiers.length === 0 || !held) return { move: { kind: 'none' }, upgrade: null };
  const values = metricsAfter(tiers, under?.metrics ?? undefined, today, {
    ...activity,
    dayPurchasesBefore: under?.dayPurchases ?? null,
  });
  const move = planTierMove(tiers, values, held);
  return {
    move,
    upgrade:
      move.kind === 'upgrade'
        ? {
            from_tier_id: move.from?.id ?? null,
            from_version: held.tier_version,
            to_tier_id: move.to.id,
            to_version: move.to.version,
          }
        : null,
  };
}

/** The guarded parts of a write changed what was planned, or the move fails (and rolls back). */
export function checkWritten(written: MoveWritten, planned: { takes: number; lines?: number }): void {
  if (written.lotsTaken !== planned.takes) {
    throw new Error(
      `lots had fewer points left than planned (${written.lotsTaken} of ${planned.takes} taken)`,
    );
  }
  if (planned.lines !== undefined && written.linesRefunded !== planned.lines) {
    throw new Error(
      `purchase lines could not refund what was planned (${written.linesRefunded} of ${planned.lines})`,
    );
  }
}

/** Rare: a welcome reward for every tier an upgrade reached (planTierMove). */
export async function grantWelcome(
  ctx: RequestContext,
  q: Scoped,
  customerId: string,
  move: TierMove,
): Promise<void> {
  if (move.kind !== 'upgrade') return;
  for (const t of move.welcome) {
    await grantReward(ctx, q, { customerId, catalogItemId: t.welcome_item_id! });
  }
}
