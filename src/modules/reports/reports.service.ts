import type { Knex } from 'knex';
import type { RequestContext } from '../../shared/context';
import { AppError, parseInput } from '../../shared/errors';
import { recordAudit } from '../audit/audit.repo';
import { getEarningConfig } from '../ledger/ledger.service';
import { findProgramById } from '../programs/programs.repo';
import { HealthInput, LiabilityInput, ReportSettingsInput } from './reports.inputs';
import {
  enrolmentsByPeriod,
  expirySchedule,
  type HealthArgs,
  ledgerByPeriod,
  liabilityTotals,
  periodStarts,
  pointValueSetting,
  purchasesByPeriod,
  rangeBounds,
  retentionCohorts,
  rewardsByPeriod,
  savePointValue,
  tierMixAt,
  tierMovesByPeriod,
} from './reports.repo';

export async function programOf(ctx: RequestContext) {
  const p = await findProgramById(ctx.q.knex as Knex, ctx.programId);
  if (!p) throw AppError.notFound('Program');
  return p;
}

/** Money of `points` at `per100` minor units per 100 points, rounded half up; null when unset. */
export const moneyOf = (points: number, per100: number | null) =>
  per100 == null ? null : Math.round((points * per100) / 100);

export interface ReportSettingsModel {
  pointValueMinorPer100: number | null;
}

export async function getReportSettings(ctx: RequestContext): Promise<ReportSettingsModel> {
  return { pointValueMinorPer100: await pointValueSetting(ctx.q) };
}

export async function updateReportSettings(
  ctx: RequestContext,
  input: unknown,
): Promise<ReportSettingsModel> {
  const p = parseInput(ReportSettingsInput, input);
  const at = ctx.clock.now();
  await ctx.q.transaction(async (q) => {
    await savePointValue(q, p.pointValueMinorPer100, at);
    await recordAudit(q, ctx.actor, at, {
      action: 'reports.settings',
      targetType: 'report_settings',
      targetId: ctx.programId,
      details: p,
    });
  });
  return p;
}

export interface LiabilityModel {
  asOf: Date;
  timeZone: string;
  currency: string;
  pointValueMinorPer100: number | null;
  availablePoints: number;
  pendingPoints: number;
  /** available + pending: what the program owes in points. */
  liabilityPoints: number;
  liabilityMinor: number | null;
  availableMinor: number | null;
  pendingMinor: number | null;
  /** Points customers owe (refunds of points already spent); not netted off the liability. */
  debtPoints: number;
  /** Points lapsed by asOf that the expiry job had not written off yet; not in the liability. */
  lapsedNotWrittenOff: number;
  /** Points expired up to asOf (realised breakage), written off or lapsed. */
  breakagePoints: number;
  breakageMinor: number | null;
  redeemedPoints: number;
  /** Historic breakage rate, basis points (expired ÷ (expired + redeemed)); null with no history. */
  breakageRateBp: number | null;
  /** Liability points expected never to be redeemed, at the historic rate. */
  estimatedFutureBreakagePoints: number;
  estimatedFutureBreakageMinor: number | null;
  expirySchedule: { month: string | null; points: number; valueMinor: number | null }[];
}

/**
 * Liability and breakage as of an instant, from the append-only ledger and the lots' fixed
 * facts: a date in the past reports the same figures however much happens after it.
 */
export async function liabilityReport(ctx: RequestContext, args: unknown): Promise<LiabilityModel> {
  const a = parseInput(LiabilityInput, args, []);
  const program = await programOf(ctx);
  const tz = a.timeZone ?? program.time_zone;
  const asOf = a.asOf ?? ctx.clock.now();
  const per100 = a.pointValueMinorPer100 ?? (await pointValueSetting(ctx.q));
  const inactivity = (await getEarningConfig(ctx.q)).expiryPolicy === 'INACTIVITY';
  const t = await liabilityTotals(ctx.q, asOf, inactivity);
  const schedule = await expirySchedule(ctx.q, asOf, inactivity, tz);
  const liability = t.available + t.pending;
  const breakage = t.expired_total + t.lapsed_unswept;
  const denom = breakage + t.redeemed_total;
  const rateBp = denom > 0 ? Math.round((10_000 * breakage) / denom) : null;
  const future = rateBp == null ? 0 : Math.round((liability * breakage) / denom);
  return {
    asOf,
    timeZone: tz,
    currency: program.currency,
    pointValueMinorPer100: per100,
    availablePoints: t.available,
    pendingPoints: t.pending,
    liabilityPoints: liability,
    liabilityMinor: moneyOf(liability, per100),
    availableMinor: moneyOf(t.available, per100),
    pendingMinor: moneyOf(t.pending, per100),
    debtPoints: t.debt,
    lapsedNotWrittenOff: t.lapsed_unswept,
    breakagePoints: breakage,
    breakageMinor: moneyOf(breakage, per100),
    redeemedPoints: t.redeemed_total,
    breakageRateBp: rateBp,
    estimatedFutureBreakagePoints: future,
    estimatedFutureBreakageMinor: moneyOf(future, per100),
    expirySchedule: schedule.map((s) => ({ ...s, valueMinor: moneyOf(s.points, per100) })),
  };
}

export interface HealthPeriodModel {
  start: string;
  enrolled: number;
  activeCustomers: number;
  returningCustomers: number;
  /** returning ÷ active, basis points; null without active customers. */
  repeatRateBp: number | null;
  purchases: number;
  salesMinor: number;
  /** Median time from a purchase in the period back to the same customer's previous one. */
  medianHoursBetweenVisits: number | null;
  pointsIssued: number;
  pointsRedeemed: number;
  pointsExpired: number;
  pointsReversed: number;
  pointsReturned: number;
  pointsAdjusted: number;
  rewardsIssued: number;
  rewardsUsed: number;
  tierUpgrades: number;
  tierDowngrades: number;
}

export interface HealthModel {
  from: string;
  to: string;
  timeZone: string;
  period: string;
  currency: string;
  periods: HealthPeriodModel[];
  totals: { enrolled: number; activeCustomers: number; purchases: number; salesMinor: number };
  tierMix: { tierId: string | null; name: string | null; customers: number }[];
  cohorts: { cohort: string; size: number; activeByMonth: number[] }[];
}

const HEALTH_FIELDS = {
  enrolled: 'enrolled',
  activeCustomers: 'active',
  returningCustomers: 'returning',
  purchases: 'purchases',
  salesMinor: 'sales_minor',
  pointsIssued: 'points_issued',
  pointsRedeemed: 'points_redeemed',
  pointsExpired: 'points_expired',
  pointsReversed: 'points_reversed',
  pointsReturned: 'points_returned',
  pointsAdjusted: 'points_adjusted',
  rewardsIssued: 'rewards_issued',
  rewardsUsed: 'rewards_used',
  tierUpgrades: 'tier_upgrades',
  tierDowngrades: 'tier_downgrades',
} as const;

const monthsBetween = (a: string, b: string) =>
  (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + Number(b.slice(5, 7)) - Number(a.slice(5, 7));

/** Programme health per local day, week (from Monday) or month; empty periods are zeros. */
export async function healthReport(ctx: RequestContext, args: unknown): Promise<HealthModel> {
  const a = parseInput(HealthInput, args, []);
  const program = await programOf(ctx);
  const tz = a.timeZone ?? program.time_zone;
  const { start, end } = await rangeBounds(ctx.q, a.from, a.to, tz);
  const h: HealthArgs = { start, end, from: a.from, to: a.to, tz, unit: a.period.toLowerCase() as 'day' };
  const [starts, ...parts] = await Promise.all([
    periodStarts(ctx.q, h),
    enrolmentsByPeriod(ctx.q, h),
    purchasesByPeriod(ctx.q, h),
    ledgerByPeriod(ctx.q, h),
    rewardsByPeriod(ctx.q, h),
    tierMovesByPeriod(ctx.q, h),
  ]);
  const byStart = new Map<string, Record<string, unknown>>();
  for (const part of parts) for (const r of part) byStart.set(r.b, { ...byStart.get(r.b), ...r });
  const periods = starts.map((b) => {
    const r = byStart.get(b) ?? {};
    const out = { start: b } as HealthPeriodModel;
    for (const [k, col] of Object.entries(HEALTH_FIELDS)) {
      (out as unknown as Record<string, number>)[k] = Number(r[col] ?? 0);
    }
    out.repeatRateBp = out.activeCustomers
      ? Math.round((10_000 * out.returningCustomers) / out.activeCustomers)
      : null;
    out.medianHoursBetweenVisits = r.median_gap_s == null ? null : Math.round(Number(r.median_gap_s) / 3600);
    return out;
  });
  const [totals, tierMix, cohorts] = await Promise.all([
    healthTotals(ctx, start, end),
    tierMixAt(ctx.q, end),
    retentionCohorts(ctx.q, { start, end, tz }),
  ]);
  const lastMonth = a.to.slice(0, 7);
  for (const c of cohorts) {
    const n = monthsBetween(c.cohort, lastMonth) + 1;
    while (c.activeByMonth.length < n) c.activeByMonth.push(0);
  }
  return {
    from: a.from,
    to: a.to,
    timeZone: tz,
    period: a.period,
    currency: program.currency,
    periods,
    totals,
    tierMix,
    cohorts,
  };
}

/** Over the whole range: distinct active customers are not the sum of the periods'. */
async function healthTotals(ctx: RequestContext, start: Date, end: Date) {
  const q = ctx.q;
  const [p] = await q('purchases')
    .where('occurred_at', '>=', start)
    .where('occurred_at', '<', end)
    .select(
      q.knex.raw('count(*)::int AS purchases'),
      q.knex.raw('coalesce(sum(total_minor), 0)::bigint AS sales'),
      q.knex.raw('count(DISTINCT customer_id)::int AS active'),
    );
  const [c] = await q('customers')
    .where('enrolled_at', '>=', start)
    .where('enrolled_at', '<', end)
    .select(q.knex.raw('count(*)::int AS n'));
  return {
    enrolled: Number(c.n),
    activeCustomers: Number(p.active),
    purchases: Number(p.purchases),
    salesMinor: Number(p.sales),
  };
}
