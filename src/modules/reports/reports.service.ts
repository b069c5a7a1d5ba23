import type { Knex } from 'knex';
import type { RequestContext } from '../../shared/context';
import { AppError, parseInput } from '../../shared/errors';
import { recordAudit } from '../audit/audit.repo';
import { getEarningConfig } from '../ledger/ledger.service';
import { findProgramById } from '../programs/programs.repo';
import { LiabilityInput, ReportSettingsInput } from './reports.inputs';
import { expirySchedule, liabilityTotals, pointValueSetting, savePointValue } from './reports.repo';

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

export async function updateReportSettings(ctx: RequestContext, input: unknown): Promise<ReportSettingsModel> {
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
