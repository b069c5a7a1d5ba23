import { addDaysToDate, localTime } from '../../shared/time';
import type { TierMetric } from './tiers.inputs';
import { EVALUATION_HOUR } from './tiers.jobs';
import type { TierLoaders } from './tiers.loaders';
import type { TierRow } from './tiers.repo';
import { windowEnd } from './windows';

export interface TierProgressModel {
  next: TierRow;
  metric: TierMetric;
  current: number;
  required: number;
  remaining: number;
}

export interface TierRenewalModel extends Omit<TierProgressModel, 'next'> {
  tier: TierRow;
  graceUntil: Date | null;
  windowEndsAt: Date | null;
  nextEvaluationAt: Date;
}

/** The tier a customer holds, its level (1-based among active tiers; 0 = none) and metrics. */
async function standing(l: TierLoaders, customerId: string) {
  const [scene, held] = await Promise.all([l.tierScene(), l.customerTier.load(customerId)]);
  const { tiers } = scene;
  let level = held?.tier_id ? tiers.findIndex((t) => t.id === held.tier_id) + 1 : 0;
  // No tier yet: the base tier (threshold 0) is everyone's.
  if (!held?.tier_id && tiers[0]?.threshold === 0) level = 1;
  return { scene, held, level };
}

export async function customerTier(l: TierLoaders, customerId: string): Promise<TierRow | null> {
  const held = await l.customerTier.load(customerId);
  if (held?.tier_id) return l.tierById.load(held.tier_id);
  const { scene, level } = await standing(l, customerId);
  return level > 0 ? scene.tiers[level - 1]! : null;
}

function measure(t: TierRow, current: number) {
  return { metric: t.metric, current, required: t.threshold, remaining: Math.max(0, t.threshold - current) };
}

/** The next tier up and how far the customer is from it, exact to the minor unit. */
export async function tierProgress(l: TierLoaders, customerId: string): Promise<TierProgressModel | null> {
  const { scene, level } = await standing(l, customerId);
  const next = scene.tiers[level];
  if (!next) return null;
  const values = await l.tierMetrics.load(customerId);
  return { next, ...measure(next, values[level] ?? 0) };
}

/** What keeps the current tier, and until when it is safe. */
export async function tierRenewal(l: TierLoaders, customerId: string): Promise<TierRenewalModel | null> {
  const { scene, held, level } = await standing(l, customerId);
  const tier = scene.tiers[level - 1];
  if (!tier) return null;
  const values = await l.tierMetrics.load(customerId);
  return {
    tier,
    ...measure(tier, values[level - 1] ?? 0),
    graceUntil: held?.grace_until ?? null,
    windowEndsAt: windowEnd({ kind: tier.window_kind, days: tier.window_days }, scene.today, scene.tz),
    nextEvaluationAt: nextEvaluation(scene.now, scene.today, scene.tz),
  };
}

/** The scheduled evaluation runs once a local day, from EVALUATION_HOUR. */
function nextEvaluation(now: Date, today: string, tz: string): Date {
  const todays = localTime(today, EVALUATION_HOUR, tz);
  return todays > now ? todays : localTime(addDaysToDate(today, 1), EVALUATION_HOUR, tz);
}
