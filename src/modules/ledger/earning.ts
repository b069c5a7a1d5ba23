import { currencyExponent } from '../../shared/money';
import { addDays } from '../../shared/time';

/** How a program's purchases earn points (earning_configs, or the API.md defaults). */
export interface EarningConfig {
  /** Points per whole currency unit, before multipliers. */
  pointsPerUnit: number;
  /** Integer percentages: 150 = 1.5x. A sku multiplier wins over its category's. */
  categoryMultipliers: { category: string; percent: number }[];
  skuMultipliers: { sku: string; percent: number }[];
  excludedCategories: string[];
  rounding: Rounding;
  /** Points stay pending this many days after the purchase (the return window). */
  pendingDays: number;
  expiryPolicy: ExpiryPolicy;
  /** FIXED_DAYS: days after earning; INACTIVITY: days after the last purchase. */
  expiryDays: number | null;
  /** Record a purchase for an unknown customerExternalId by enrolling it. */
  autoEnroll: boolean;
  /** How far in the past occurredAt may be. */
  backdatingDays: number;
  updatedAt: Date | null;
}

/** The name codegen maps the GraphQL type to (the type names would clash). */
export type EarningConfigModel = EarningConfig;

export const ROUNDINGS = ['FLOOR', 'HALF_UP', 'CEIL'] as const;
export type Rounding = (typeof ROUNDINGS)[number];
export const EXPIRY_POLICIES = ['NONE', 'FIXED_DAYS', 'INACTIVITY'] as const;
export type ExpiryPolicy = (typeof EXPIRY_POLICIES)[number];

export const DEFAULT_EARNING: EarningConfig = Object.freeze({
  pointsPerUnit: 1,
  categoryMultipliers: [],
  skuMultipliers: [],
  excludedCategories: [],
  rounding: 'FLOOR',
  pendingDays: 0,
  expiryPolicy: 'NONE',
  expiryDays: null,
  autoEnroll: false,
  backdatingDays: 30,
  updatedAt: null,
}) as EarningConfig;

/** What one unit of a line weighs for earning: unit price x multiplier percent (0 if excluded). */
export function unitWeight(
  cfg: EarningConfig,
  line: { sku: string; category?: string | null; unitPriceMinor: number },
): number {
  if (line.category != null && cfg.excludedCategories.includes(line.category)) return 0;
  const percent =
    cfg.skuMultipliers.find((m) => m.sku === line.sku)?.percent ??
    (line.category != null
      ? cfg.categoryMultipliers.find((m) => m.category === line.category)?.percent
      : undefined) ??
    100;
  return line.unitPriceMinor * percent;
}

function divide(num: bigint, den: bigint, rounding: Rounding): bigint {
  if (rounding === 'FLOOR') return num / den;
  if (rounding === 'CEIL') return (num + den - 1n) / den;
  return (2n * num + den) / (2n * den);
}

/**
 * Points for a purchase whose lines weigh `weight` in total (sum of quantity x unit weight).
 * With the defaults this is floor(total / 10^exponent): one point per whole currency unit.
 */
export function pointsForWeight(cfg: EarningConfig, weight: number, currency: string): number {
  const den = 100n * 10n ** BigInt(currencyExponent(currency));
  return Number(divide(BigInt(weight) * BigInt(cfg.pointsPerUnit), den, cfg.rounding));
}

/**
 * Points a purchase has reversed once `refundedWeight` of its `weight` is refunded:
 * proportional and rounded down, so partial refunds never reverse more than was earned and
 * refunding everything reverses exactly all of it. Callers reverse the difference from what
 * was reversed before.
 */
export function reversedFor(earned: number, weight: number, refundedWeight: number): number {
  if (weight === 0) return 0;
  return Number((BigInt(earned) * BigInt(refundedWeight)) / BigInt(weight));
}

/** When points earned at `at` expire under a policy (INACTIVITY counts from the last purchase). */
export function expiryFor(cfg: EarningConfig, at: Date, lastPurchaseAt: Date | null): Date | null {
  if (cfg.expiryPolicy === 'FIXED_DAYS') return addDays(at, cfg.expiryDays!);
  if (cfg.expiryPolicy === 'INACTIVITY') return addDays(lastPurchaseAt ?? at, cfg.expiryDays!);
  return null;
}
