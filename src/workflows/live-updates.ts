/**
 * What a live subscription reads when an event reaches it (issue 15): fresh each time, never
 * through a request's loaders (a subscription outlives its request's caches).
 */
import type { Scoped } from '../db/scoped';
import type { Viewer } from '../modules/auth/viewer';
import type { BalanceModel } from '../modules/events/live';
import { type FeedbackRow, feedbackByIds } from '../modules/feedback/feedback.repo';
import { EXPIRING_SOON_DAYS, NO_BALANCE } from '../modules/ledger/ledger.loaders';
import { balanceSummaries } from '../modules/ledger/ledger.repo';
import { type IssuedRewardRow, rewardsByIds } from '../modules/rewards/rewards.repo';
import type { TierRow } from '../modules/tiers/tiers.repo';
import { currentTier } from '../modules/tiers/tiers.service';
import type { Clock } from '../shared/clock';
import { addDays } from '../shared/time';
import {
  customerSessionExpiry,
  domainEventPayload,
  staffSessionExpiry,
  unrevokedApiKey,
} from './live-updates.repo';

export async function currentBalance(q: Scoped, clock: Clock, customerId: string): Promise<BalanceModel> {
  const at = clock.now();
  const [row] = await balanceSummaries(q, [customerId], at, addDays(at, EXPIRING_SOON_DAYS));
  const b = row ?? NO_BALANCE;
  return {
    customerId,
    available: b.available,
    pending: b.pending,
    lifetimeEarned: b.lifetime_earned,
    expiringSoon: b.expiring.map((e) => ({ points: e.points, expiresAt: e.expires_at })),
    at,
  };
}

export async function issuedReward(q: Scoped, id: string): Promise<IssuedRewardRow | null> {
  return (await rewardsByIds(q, [id]))[0] ?? null;
}

export function tierOf(q: Scoped, customerId: string): Promise<TierRow | null> {
  return currentTier(q, customerId);
}

/**
 * Until when the viewer's credential is good: a customer or staff session's expiry, far in the
 * future for a live API key; null once it is revoked, deleted or expired.
 */
export async function credentialLiveUntil(q: Scoped, viewer: Viewer, at: Date): Promise<Date | null> {
  if (viewer.kind === 'api_key') {
    const key = await unrevokedApiKey(q, viewer.keyId);
    return key ? addDays(at, 1) : null;
  }
  const row =
    viewer.kind === 'customer'
      ? await customerSessionExpiry(q, viewer.sessionId, at)
      : await staffSessionExpiry(q, viewer.sessionId, at);
  return row ? new Date(row.expires_at) : null;
}

/** An event's recorded data (the relay wrote it before notifying). */
export async function eventData(q: Scoped, id: string): Promise<Record<string, unknown> | null> {
  const row = await domainEventPayload(q, id);
  return (row?.payload?.data as Record<string, unknown>) ?? null;
}

export async function feedbackItem(q: Scoped, id: string): Promise<FeedbackRow | null> {
  return (await feedbackByIds(q, [id]))[0] ?? null;
}
