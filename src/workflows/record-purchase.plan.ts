/**
 * The decisions of one purchase, as pure functions of what the workflow read: no database, no
 * clock. Each mirrors the module function that made the same decision inline before the
 * purchase became one workflow (named in each doc comment), and reuses their pure parts.
 */
import { type EarningConfig, expiryFor, pointsForWeight, unitWeight } from '../modules/ledger/earning';
import type { LotRow } from '../modules/ledger/ledger.repo';
import type { RuleEvent, TriggerCode } from '../modules/rules/rules.conditions';
import { type CompiledRule, inActiveWindow } from '../modules/rules/rules.engine';
import type { TierRow } from '../modules/tiers/tiers.repo';
import { bonusForTier, earnedLevel } from '../modules/tiers/tiers.service';
import { windowStart } from '../modules/tiers/windows';
import { addDays } from '../shared/time';

export interface LineIn {
  sku: string;
  category?: string | null;
  quantity: number;
  unitPriceMinor: number;
}

/** purchases.service + tiers.service tierBonus: weights, base points, the held tier's bonus. */
export function planEarning(cfg: EarningConfig, lines: LineIn[], currency: string, held: TierRow | null) {
  const weights = lines.map((l) => unitWeight(cfg, l));
  const weight = lines.reduce((s, l, i) => s + l.quantity * weights[i]!, 0);
  const base = pointsForWeight(cfg, weight, currency);
  const bonus = bonusForTier(held, base);
  return {
    weights,
    weight,
    base,
    bonus,
    points: base + (bonus?.points ?? 0),
    totalMinor: lines.reduce((s, l) => s + l.quantity * l.unitPriceMinor, 0),
  };
}

/** ledger.service earnForPurchase: when the lot becomes available and when it expires. */
export function planLot(
  cfg: EarningConfig,
  occurredAt: Date,
  lastPurchaseAt: Date | null,
): { availableAt: Date; expiresAt: Date | null; extendTo: Date | null } {
  const last = lastPurchaseAt && lastPurchaseAt > occurredAt ? lastPurchaseAt : occurredAt;
  const expiresAt = expiryFor(cfg, occurredAt, last);
  return {
    availableAt: addDays(occurredAt, cfg.pendingDays),
    expiresAt,
    extendTo: cfg.expiryPolicy === 'INACTIVITY' && expiresAt ? expiresAt : null,
  };
}

/**
 * ledger.service openAccount: what paying `debt` takes from each lot, spendable lots (available
 * and live at `at`) in the order given (openLots: available_at, id).
 */
export function planDebtPayment(lots: LotRow[], debt: number, at: Date): { lotId: number; take: number }[] {
  const out: { lotId: number; take: number }[] = [];
  let left = debt;
  for (const l of lots) {
    if (left === 0) break;
    if (!(l.available_at <= at && (l.expires_at === null || l.expires_at > at))) continue;
    const take = Math.min(l.remaining, left);
    if (take > 0) out.push({ lotId: l.id, take });
    left -= take;
  }
  return out;
}

/**
 * tiers.repo metricsFor as it would read after this purchase's activity row is added: the
 * values read before the write (`before`, per tier) plus this purchase's day, when that day is
 * inside the tier's window ending `today` (VISITS counts days with purchases > 0).
 */
export function metricsAfter(
  tiers: TierRow[],
  before: number[] | undefined,
  today: string,
  add: {
    day: string;
    dayPurchasesBefore: number | null;
    spendMinor: number;
    points: number;
    purchases: number;
  },
): number[] {
  return tiers.map((t, i) => {
    const v = before?.[i] ?? 0;
    const start = windowStart({ kind: t.window_kind, days: t.window_days }, today);
    if (add.day < start || add.day > today) return v;
    if (t.metric === 'SPEND') return v + add.spendMinor;
    if (t.metric === 'POINTS') return v + add.points;
    const was = add.dayPurchasesBefore !== null && add.dayPurchasesBefore > 0 ? 1 : 0;
    const now = (add.dayPurchasesBefore ?? 0) + add.purchases > 0 ? 1 : 0;
    return v + now - was;
  });
}

export type TierMove =
  | { kind: 'none' }
  | { kind: 'clearGrace' }
  | { kind: 'upgrade'; from: TierRow | null; to: TierRow; welcome: TierRow[] };

/**
 * The tier rule of a purchase or points move: upgrade at once to the highest tier earned (one
 * purchase may skip tiers), or clear a grace period. Never down: that waits for the scheduled
 * evaluation and its grace period.
 */
export function planTierMove(
  tiers: TierRow[],
  values: number[] | undefined,
  held: { tier_id: string | null; grace_until: Date | string | null },
): TierMove {
  if (tiers.length === 0) return { kind: 'none' };
  const earned = earnedLevel(tiers, values);
  const level = held.tier_id ? tiers.findIndex((t) => t.id === held.tier_id) + 1 : 0;
  if (earned > level) {
    return {
      kind: 'upgrade',
      from: level > 0 ? tiers[level - 1]! : null,
      to: tiers[earned - 1]!,
      welcome: tiers.slice(level, earned).filter((t) => t.welcome_item_id),
    };
  }
  if (earned === level && level > 0 && held.grace_until) return { kind: 'clearGrace' };
  return { kind: 'none' };
}

/**
 * Whether any of the compiled purchase rules could act on the event: when none can, running
 * them (a savepoint per rule, nothing written) is skipped. A rule whose matcher throws counts
 * as possibly acting, so the engine still records its error.
 */
export function anyRuleMayAct(
  rules: CompiledRule[],
  triggers: readonly TriggerCode[],
  e: RuleEvent,
): boolean {
  return rules.some((r) => {
    if (!triggers.includes(r.def.trigger.type)) return false;
    try {
      return r.matches({ ...e, trigger: r.def.trigger.type }) && inActiveWindow(r, e.at);
    } catch {
      return true;
    }
  });
}
