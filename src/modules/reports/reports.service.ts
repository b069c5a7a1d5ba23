import type { Scoped } from '../../db/scoped';
import type { RequestContext } from '../../shared/context';
import { recordAudit } from '../audit/audit.service';
import { getEarningConfig } from '../ledger/ledger.service';
import { programOf } from '../programs/programs.service';
import type { HealthInput, LiabilityInput, ReportSettingsInput, RulesReportInput } from './reports.inputs';
import {
  type Enrolments,
  enrolments,
  followUpTimes,
  type GroupOutcome,
  type HealthArgs,
  type LiabilityTotals,
  ledgerByPeriod,
  newsletterStats,
  type PurchaseActivity,
  periodStarts,
  pointValueSetting,
  purchaseActivity,
  type Rolled,
  rangeBounds,
  reportSnapshot,
  rewardsByPeriod,
  ruleCosts,
  ruleOutcomes,
  savePointValue,
  scoresByPeriod,
  suppressionReasons,
  tierMixAt,
  tierMovesByPeriod,
} from './reports.repo';
import { rollupState } from './reports.rollups';
import { liabilityAt } from './reports.snapshots';

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
  p: ReportSettingsInput,
): Promise<ReportSettingsModel> {
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
export async function liabilityReport(
  ctx: RequestContext,
  a: LiabilityInput,
  opts: { schedule: boolean; snapshots?: boolean } = { schedule: true },
): Promise<LiabilityModel> {
  const program = await programOf(ctx.q);
  const tz = a.timeZone ?? program.time_zone;
  const asOf = a.asOf ?? ctx.clock.now();
  const per100 = a.pointValueMinorPer100 ?? (await pointValueSetting(ctx.q));
  const inactivity = (await getEarningConfig(ctx.q)).expiryPolicy === 'INACTIVITY';
  const f = await reportSnapshot(ctx.q, (q) => liabilityAt(q, asOf, inactivity, tz, opts));
  return liabilityModel(asOf, tz, program.currency, per100, f.totals, opts.schedule ? f.schedule : []);
}

/** The expiry schedule alone, for the instant and settings a report already resolved. */
export async function liabilitySchedule(
  ctx: RequestContext,
  m: Pick<LiabilityModel, 'asOf' | 'timeZone' | 'pointValueMinorPer100'>,
): Promise<LiabilityModel['expirySchedule']> {
  const inactivity = (await getEarningConfig(ctx.q)).expiryPolicy === 'INACTIVITY';
  const { schedule } = await reportSnapshot(ctx.q, (q) =>
    liabilityAt(q, m.asOf, inactivity, m.timeZone, { schedule: true }),
  );
  return schedule.map((s) => ({ ...s, valueMinor: moneyOf(s.points, m.pointValueMinorPer100) }));
}

function liabilityModel(
  asOf: Date,
  tz: string,
  currency: string,
  per100: number | null,
  t: LiabilityTotals,
  schedule: { month: string | null; points: number }[],
): LiabilityModel {
  const liability = t.available + t.pending;
  const breakage = t.expired_total + t.lapsed_unswept;
  const denom = breakage + t.redeemed_total;
  const rateBp = denom > 0 ? Math.round((10_000 * breakage) / denom) : null;
  const future = rateBp == null ? 0 : Math.round((liability * breakage) / denom);
  return {
    asOf,
    timeZone: tz,
    currency,
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

/**
 * Programme health per local day, week (from Monday) or month; empty periods are zeros.
 * `rollups: false` reads every raw row instead of the roll-ups (the same figures, slower: for
 * the tests that prove it).
 */
export async function healthReport(
  ctx: RequestContext,
  a: HealthInput,
  opts: { rollups: boolean } = { rollups: true },
): Promise<HealthModel> {
  const program = await programOf(ctx.q);
  const tz = a.timeZone ?? program.time_zone;
  // One snapshot, one statement at a time: a report holds one connection, never the tills'
  // share of the pool, and reads the roll-up's state with the rows it covers.
  return reportSnapshot(ctx.q, async (q) => {
    const { start, end } = await rangeBounds(q, a.from, a.to, tz);
    const h: HealthArgs = { start, end, from: a.from, to: a.to, tz, unit: a.period.toLowerCase() as 'day' };
    const rolled = await usableRollup(q, tz, opts.rollups);
    const starts = await periodStarts(q, h);
    const activity = await purchaseActivity(q, h, rolled);
    const enrolled = await enrolments(q, h);
    const parts: { b: string }[][] = [
      activity.periods,
      enrolled.periods,
      await ledgerByPeriod(q, h, rolled),
      await rewardsByPeriod(q, h, rolled),
      await tierMovesByPeriod(q, h),
    ];
    return {
      from: a.from,
      to: a.to,
      timeZone: tz,
      period: a.period,
      currency: program.currency,
      periods: healthPeriods(starts, parts),
      totals: healthTotals(activity, enrolled),
      tierMix: await tierMixAt(q, end),
      cohorts: cohortActivity(enrolled, activity, a.to),
    };
  });
}

/** The roll-up, when wanted, if it was made in the report's time zone and says what it covers. */
async function usableRollup(q: Scoped, tz: string, wanted: boolean): Promise<Rolled> {
  const state = await rollupState(q);
  return wanted && state?.time_zone === tz && state.cutoff instanceof Date ? { cutoff: state.cutoff } : null;
}

/** One row per period start: the parts' columns for it merged, zeros where a part has none. */
function healthPeriods(starts: string[], parts: { b: string }[][]): HealthPeriodModel[] {
  const byStart = new Map<string, Record<string, unknown>>();
  for (const part of parts) for (const r of part) byStart.set(r.b, { ...byStart.get(r.b), ...r });
  return starts.map((b) => {
    const r = byStart.get(b) ?? {};
    const out = { start: b } as HealthPeriodModel;
    for (const [k, col] of Object.entries(HEALTH_FIELDS)) {
      (out as unknown as Record<string, number>)[k] = Number(r[col] ?? 0);
    }
    out.repeatRateBp = out.activeCustomers
      ? Math.round((10_000 * out.returningCustomers) / out.activeCustomers)
      : null;
    out.medianHoursBetweenVisits = r.median_gap_h == null ? null : Math.round(Number(r.median_gap_h));
    return out;
  });
}

function healthTotals(activity: PurchaseActivity, enrolled: Enrolments): HealthModel['totals'] {
  return {
    enrolled: enrolled.total,
    activeCustomers: activity.totals.active,
    purchases: activity.totals.purchases,
    salesMinor: activity.totals.sales_minor,
  };
}

/**
 * Every local month of the range with enrolments is a cohort; activeByMonth[k] = how many of
 * them bought k months after, up to the range's last month (that of `to`).
 */
function cohortActivity(
  enrolled: Enrolments,
  activity: PurchaseActivity,
  to: string,
): HealthModel['cohorts'] {
  const lastMonth = to.slice(0, 7);
  const cohorts = enrolled.months.map((m) => ({
    cohort: m.cohort,
    size: m.size,
    activeByMonth: new Array<number>(monthsBetween(m.cohort, lastMonth) + 1).fill(0),
  }));
  const byCohort = new Map(cohorts.map((c) => [c.cohort, c]));
  for (const g of activity.cohorts) {
    const c = byCohort.get(g.cohort);
    if (c && g.month_offset < c.activeByMonth.length) c.activeByMonth[g.month_offset] = g.active;
  }
  return cohorts;
}

/** Fewer customers than this in either group, or fewer than 5 returning or not: too small. */
export const MIN_GROUP = 30;
const Z95 = 1.959964;

export interface GroupModel {
  customers: number;
  returned: number;
  returnRateBp: number | null;
  meanSpendMinor: number | null;
}

export interface EffectModel {
  followUpDays: number;
  treated: GroupModel;
  heldOut: GroupModel;
  /** treated − held out, basis points, with its 95% interval (normal approximation). */
  returnRateDiffBp: number | null;
  returnRateDiffLowBp: number | null;
  returnRateDiffHighBp: number | null;
  /** Mean spend over the follow-up, treated − held out, with its 95% interval (Welch). */
  spendDiffMinor: number | null;
  spendDiffLowMinor: number | null;
  spendDiffHighMinor: number | null;
  verdict: 'TOO_SMALL' | 'TREATED_RETURN_MORE' | 'TREATED_RETURN_LESS' | 'NO_CLEAR_DIFFERENCE';
  summary: string;
}

function group(o: GroupOutcome | undefined): GroupModel & { mean: number; var: number } {
  const n = Number(o?.n ?? 0);
  const returned = Number(o?.returned ?? 0);
  const mean = Number(o?.mean ?? 0);
  return {
    customers: n,
    returned,
    returnRateBp: n ? Math.round((10_000 * returned) / n) : null,
    meanSpendMinor: n ? Math.round(mean) : null,
    mean,
    var: Number(o?.var ?? 0),
  };
}

/**
 * Compares treated and held-out customers: the difference in return rate with a Wald 95%
 * interval, the difference in mean spend with a Welch 95% interval (normal quantile). Says
 * TOO_SMALL rather than guess when a group is small or nearly everyone (or no one) returned.
 */
export function compareGroups(rows: GroupOutcome[], followUpDays: number): EffectModel {
  const { mean: mt, var: vt, ...treated } = group(rows.find((r) => r.g === 'T'));
  const { mean: mh, var: vh, ...heldOut } = group(rows.find((r) => r.g === 'H'));
  const small = [treated, heldOut].some(
    (g) => g.customers < MIN_GROUP || g.returned < 5 || g.customers - g.returned < 5,
  );
  const base = { followUpDays, treated, heldOut };
  const none = {
    returnRateDiffBp: null,
    returnRateDiffLowBp: null,
    returnRateDiffHighBp: null,
    spendDiffMinor: null,
    spendDiffLowMinor: null,
    spendDiffHighMinor: null,
  };
  if (small) {
    return {
      ...base,
      ...none,
      verdict: 'TOO_SMALL',
      summary:
        `Too few customers to tell: ${treated.customers} treated and ${heldOut.customers} held out ` +
        `(each group needs at least ${MIN_GROUP}, with at least 5 who returned and 5 who did not).`,
    };
  }
  const pt = treated.returned / treated.customers;
  const ph = heldOut.returned / heldOut.customers;
  const d = pt - ph;
  const se = Math.sqrt((pt * (1 - pt)) / treated.customers + (ph * (1 - ph)) / heldOut.customers);
  const sd = mt - mh;
  const sse = Math.sqrt(vt / treated.customers + vh / heldOut.customers);
  const bp = (x: number) => Math.round(x * 10_000);
  const lo = d - Z95 * se;
  const hi = d + Z95 * se;
  const verdict = lo > 0 ? 'TREATED_RETURN_MORE' : hi < 0 ? 'TREATED_RETURN_LESS' : 'NO_CLEAR_DIFFERENCE';
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const summary =
    verdict === 'NO_CLEAR_DIFFERENCE'
      ? `No clear difference: treated customers returned ${pct(pt)}, held-out ${pct(ph)}; ` +
        `the difference could be anywhere from ${pct(lo)} to ${pct(hi)}.`
      : `Treated customers returned ${pct(pt)} of the time, held-out ${pct(ph)}: ` +
        `${verdict === 'TREATED_RETURN_MORE' ? 'more' : 'less'} often, by ${pct(lo)} to ${pct(hi)} (95%).`;
  return {
    ...base,
    returnRateDiffBp: bp(d),
    returnRateDiffLowBp: bp(lo),
    returnRateDiffHighBp: bp(hi),
    spendDiffMinor: Math.round(sd),
    spendDiffLowMinor: Math.round(sd - Z95 * sse),
    spendDiffHighMinor: Math.round(sd + Z95 * sse),
    verdict,
    summary,
  };
}

export interface RuleReportRow {
  ruleId: string;
  name: string;
  status: string;
  holdoutPercent: number;
  matches: number;
  customers: number;
  pendingMatches: number;
  cancelledMatches: number;
  heldOutCustomers: number;
  pointsGiven: number;
  rewardsGiven: number;
  rewardsCostPoints: number;
  costMinor: number | null;
  budgetKind: string | null;
  budgetAmount: number | null;
  budgetUsed: number;
  effect: EffectModel | null;
}

export interface RulesReportModel {
  from: string;
  to: string;
  timeZone: string;
  currency: string;
  pointValueMinorPer100: number | null;
  rules: RuleReportRow[];
}

/**
 * Per rule: matches, points and rewards given, their cost, budget use; and holdout effect.
 * `rollups: false` reads every purchase for the effect instead of report_customers (the same
 * figures, slower: for the tests that prove it).
 */
export async function rulesReport(
  ctx: RequestContext,
  a: RulesReportInput,
  opts: { rollups: boolean } = { rollups: true },
): Promise<RulesReportModel> {
  const program = await programOf(ctx.q);
  const tz = a.timeZone ?? program.time_zone;
  const per100 = a.pointValueMinorPer100 ?? (await pointValueSetting(ctx.q));
  const now = ctx.clock.now();
  const out: RuleReportRow[] = [];
  await reportSnapshot(ctx.q, async (q) => {
    const { start, end } = await rangeBounds(q, a.from, a.to, tz);
    const state = await rollupState(q);
    // report_customers does not depend on the time zone: any roll-up will do.
    const rolled = opts.rollups && state?.cutoff instanceof Date ? { cutoff: state.cutoff } : null;
    for (const r of await ruleCosts(q, start, end)) {
      const n = (v: string | null) => Number(v ?? 0);
      const heldOut = n(r.held_out);
      const holdoutPercent = r.definition.holdoutPercent ?? 0;
      const effect =
        holdoutPercent > 0 || heldOut > 0
          ? compareGroups(
              await ruleOutcomes(q, { ruleId: r.id, start, end, now, days: a.followUpDays }, rolled),
              a.followUpDays,
            )
          : null;
      const budget = r.definition.limits?.budget;
      out.push({
        ruleId: r.id,
        name: r.name,
        status: r.status,
        holdoutPercent,
        matches: n(r.matches),
        customers: n(r.customers),
        pendingMatches: n(r.pending),
        cancelledMatches: n(r.cancelled),
        heldOutCustomers: heldOut,
        pointsGiven: n(r.points),
        rewardsGiven: n(r.rewards),
        rewardsCostPoints: n(r.reward_points),
        costMinor: moneyOf(n(r.points) + n(r.reward_points), per100),
        budgetKind: budget?.kind ?? null,
        budgetAmount: budget?.amount ?? null,
        budgetUsed: n(r.budget_used),
        effect,
      });
    }
  });
  return {
    from: a.from,
    to: a.to,
    timeZone: tz,
    currency: program.currency,
    pointValueMinorPer100: per100,
    rules: out,
  };
}

export interface MessagingReportModel {
  from: string;
  to: string;
  timeZone: string;
  period: string;
  newsletters: {
    newsletterId: string;
    title: string;
    recipients: number;
    delivered: number;
    failed: number;
    suppressed: number;
    waiting: number;
    suppressedByReason: { reason: string; count: number }[];
    unsubscribes: number;
    usefulYes: number;
    usefulNo: number;
    usefulRateBp: number | null;
  }[];
  surveysSent: number;
  surveysAnswered: number;
  scores: { start: string; scale: string; responses: number; value: number }[];
  followUps: {
    tasksCreated: number;
    tasksResolved: number;
    medianTaskFirstResponseMinutes: number | null;
    medianTaskResolutionMinutes: number | null;
    feedbackItems: number;
    medianFeedbackFirstResponseMinutes: number | null;
    medianFeedbackResolutionMinutes: number | null;
  };
}

const minutes = (s: string | null | undefined) => (s == null ? null : Math.round(Number(s) / 60));

/** Newsletters queued in the range, survey scores per period, follow-up response times. */
export async function messagingReport(ctx: RequestContext, a: HealthInput): Promise<MessagingReportModel> {
  const program = await programOf(ctx.q);
  const tz = a.timeZone ?? program.time_zone;
  const { start, end } = await rangeBounds(ctx.q, a.from, a.to, tz);
  const h: HealthArgs = { start, end, from: a.from, to: a.to, tz, unit: a.period.toLowerCase() as 'day' };
  const stats = await newsletterStats(ctx.q, start, end);
  const reasons = await suppressionReasons(ctx.q, start, end);
  const scores = await scoresByPeriod(ctx.q, h);
  const times = await followUpTimes(ctx.q, start, end);
  const n = (v: string | null | undefined) => Number(v ?? 0);
  return {
    from: a.from,
    to: a.to,
    timeZone: tz,
    period: a.period,
    newsletters: stats.map((s) => {
      const yes = n(s.useful_yes);
      const no = n(s.useful_no);
      return {
        newsletterId: s.id!,
        title: s.title!,
        recipients: n(s.recipients),
        delivered: n(s.delivered),
        failed: n(s.failed),
        suppressed: n(s.suppressed),
        waiting: n(s.waiting),
        suppressedByReason: reasons
          .filter((r) => r.newsletter_id === s.id)
          .map((r) => ({ reason: r.reason ?? 'unknown', count: n(r.n) })),
        unsubscribes: n(s.unsubscribes),
        usefulYes: yes,
        usefulNo: no,
        usefulRateBp: yes + no ? Math.round((10_000 * yes) / (yes + no)) : null,
      };
    }),
    surveysSent: n(times.surveys_sent),
    surveysAnswered: n(times.surveys_answered),
    scores: scores.map((s) => ({ start: s.b, scale: s.scale, responses: n(s.responses), value: s.value })),
    followUps: {
      tasksCreated: n(times.tasks),
      tasksResolved: n(times.tasks_resolved),
      medianTaskFirstResponseMinutes: minutes(times.task_first_s),
      medianTaskResolutionMinutes: minutes(times.task_resolved_s),
      feedbackItems: n(times.items),
      medianFeedbackFirstResponseMinutes: minutes(times.item_first_s),
      medianFeedbackResolutionMinutes: minutes(times.item_resolved_s),
    },
  };
}
