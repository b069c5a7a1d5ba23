/**
 * The decisions of refunds, redemptions and adjustments (issue 12), as pure functions of what
 * their workflows read under the customer's locks: no database, no clock. Each mirrors the
 * ledger, purchases or rewards function that made the same decision one statement at a time
 * (named in each doc comment), so the ledger they write is the same.
 */

import { reversedFor } from '../modules/ledger/earning';
import type { LotRow } from '../modules/ledger/ledger.repo';
import type { PurchaseLineRow, PurchaseRow } from '../modules/purchases/purchases.repo';
import { AppError, type InputIssue } from '../shared/errors';
import { planDebtPayment } from './record-purchase.plan';

export interface Take {
  lotId: number;
  take: number;
}

type Lot = Pick<LotRow, 'id' | 'purchase_id' | 'remaining' | 'available_at' | 'expires_at'>;

/** ledger.service spendable: available and not expired at `at`. */
export function isSpendable(l: Lot, at: Date): boolean {
  return l.available_at <= at && (l.expires_at === null || l.expires_at > at);
}

/** The lots after `takes`, those with nothing left dropped (openLots reads remaining > 0). */
export function afterTakes<L extends Lot>(lots: L[], takes: Take[]): L[] {
  const taken = new Map<number, number>();
  for (const t of takes) taken.set(t.lotId, (taken.get(t.lotId) ?? 0) + t.take);
  return lots
    .map((l) => (taken.has(l.id) ? { ...l, remaining: l.remaining - taken.get(l.id)! } : l))
    .filter((l) => l.remaining > 0);
}

/** ledger.service consume: up to `points` from `lots` in their order; what each gives. */
export function consume(lots: Lot[], points: number): { takes: Take[]; taken: number } {
  const takes: Take[] = [];
  let left = points;
  for (const l of lots) {
    if (left === 0) break;
    const take = Math.min(l.remaining, left);
    if (take > 0) takes.push({ lotId: l.id, take });
    left -= take;
  }
  return { takes, taken: points - left };
}

/** One take per lot (the write's guarded update takes each lot once). */
export function mergeTakes(takes: Take[]): Take[] {
  const byLot = new Map<number, number>();
  for (const t of takes) byLot.set(t.lotId, (byLot.get(t.lotId) ?? 0) + t.take);
  return [...byLot].map(([lotId, take]) => ({ lotId, take }));
}

/**
 * ledger.service openAccount: a debt is paid first from points spendable now, oldest first.
 * `lots` in spending order (available_at, id), as openLots reads them.
 */
export function payDebt<L extends Lot>(
  lots: L[],
  debt: number,
  at: Date,
): { takes: Take[]; paid: number; debt: number; lots: L[] } {
  if (debt <= 0) return { takes: [], paid: 0, debt, lots };
  const takes = planDebtPayment(lots as unknown as LotRow[], debt, at);
  const paid = takes.reduce((s, t) => s + t.take, 0);
  return { takes, paid, debt: debt - paid, lots: afterTakes(lots, takes) };
}

export type SpendPlan =
  | { ok: true; takes: Take[]; debtPaid: number }
  | { ok: false; available: number; required: number };

/**
 * ledger.service spendPoints (a redemption, a negative adjustment): pay any debt, then take
 * `points` from spendable lots oldest first, or refuse when fewer are available.
 */
export function planSpend(lots: Lot[], debt: number, points: number, at: Date): SpendPlan {
  const paid = payDebt(lots, debt, at);
  const spendable = paid.lots.filter((l) => isSpendable(l, at));
  const have = spendable.reduce((s, l) => s + l.remaining, 0) - paid.debt;
  if (have < points) return { ok: false, available: have, required: points };
  return {
    ok: true,
    takes: mergeTakes([...paid.takes, ...consume(spendable, points).takes]),
    debtPaid: paid.paid,
  };
}

/** INSUFFICIENT_POINTS as spendPoints raises it. */
export function insufficient(plan: { available: number; required: number }): AppError {
  return new AppError(
    'INSUFFICIENT_POINTS',
    `Needs ${plan.required} points; ${Math.max(plan.available, 0)} available`,
    { available: plan.available, required: plan.required },
  );
}

/**
 * ledger.service creditPoints (a positive adjustment): pay any debt from spendable lots, then
 * from the new lot itself (the customer owed these points). `lots` only matter with a debt.
 */
export function planCredit(
  lots: Lot[] | null,
  debt: number,
  points: number,
  at: Date,
): { takes: Take[]; debtPaid: number; fromNewLot: number } {
  const paid = payDebt(lots ?? [], debt, at);
  const fromNewLot = Math.min(paid.debt, points);
  return {
    takes: paid.takes,
    debtPaid: paid.paid + Math.max(fromNewLot, 0),
    fromNewLot: Math.max(fromNewLot, 0),
  };
}

/**
 * ledger.service reverseForPurchase: pay any debt, then take `points` from the purchase's own
 * lots (whatever their state) and then spendable others, oldest first; what cannot be taken
 * becomes debt.
 */
export function planReversal(
  lots: Lot[],
  debt: number,
  purchaseId: string,
  points: number,
  at: Date,
): { takes: Take[]; debtPaid: number; newDebt: number } {
  const paid = payDebt(lots, debt, at);
  const own = paid.lots.filter((l) => l.purchase_id === purchaseId);
  const others = paid.lots.filter((l) => l.purchase_id !== purchaseId && isSpendable(l, at));
  const { takes, taken } = consume([...own, ...others], points);
  return { takes: mergeTakes([...paid.takes, ...takes]), debtPaid: paid.paid, newDebt: points - taken };
}

/** purchases.service allocate: refunded quantities per sku over that sku's lines, in line order. */
export function allocateRefund(
  lines: PurchaseLineRow[],
  wanted: { sku: string; quantity: number }[],
): (readonly [PurchaseLineRow, number])[] {
  const issues: InputIssue[] = [];
  const out = new Map<PurchaseLineRow, number>();
  wanted.forEach((w, i) => {
    const ofSku = lines.filter((l) => l.sku === w.sku);
    if (ofSku.length === 0) {
      issues.push({ path: `input.lines.${i}.sku`, message: 'Not on this purchase' });
      return;
    }
    let left = w.quantity;
    for (const l of ofSku) {
      const free = l.quantity - l.refunded_quantity - (out.get(l) ?? 0);
      const take = Math.min(free, left);
      if (take > 0) out.set(l, (out.get(l) ?? 0) + take);
      left -= take;
    }
    if (left > 0) {
      issues.push({ path: `input.lines.${i}.quantity`, message: 'More than remains to refund of this sku' });
    }
  });
  if (issues.length) throw AppError.badInput(issues);
  return [...out.entries()];
}

export interface RefundPlan {
  /** Per line refunded: its number and how many units. */
  lines: { lineNo: number; quantity: number }[];
  refundedWeight: number;
  refundedMinor: number;
  /** Every unit left is refunded: the purchase stops counting as a visit. */
  wholly: boolean;
  /** Points to reverse now: proportional to the weight refunded, rounded down over the total. */
  points: number;
}

/** purchases.service refundPurchase: what a refund of `wanted` (absent: everything left) does. */
export function planRefund(
  purchase: Pick<PurchaseRow, 'points_earned' | 'earn_weight' | 'refunded_weight' | 'points_reversed'>,
  lines: PurchaseLineRow[],
  wanted: { sku: string; quantity: number }[] | null | undefined,
): RefundPlan {
  const refunds = wanted
    ? allocateRefund(lines, wanted)
    : lines.map((l) => [l, l.quantity - l.refunded_quantity] as const);
  const todo = refunds.filter(([, n]) => n > 0);
  if (todo.length === 0) {
    throw AppError.badInput([{ path: 'input.purchaseId', message: 'Nothing left to refund' }]);
  }
  let refundedWeight = 0;
  let refundedMinor = 0;
  for (const [line, n] of todo) {
    refundedWeight += line.unit_weight * n;
    refundedMinor += line.unit_price_minor * n;
  }
  const left = lines.reduce((s, l) => s + l.quantity - l.refunded_quantity, 0);
  const wholly = left === todo.reduce((s, [, n]) => s + n, 0);
  const reversed = reversedFor(
    purchase.points_earned,
    purchase.earn_weight,
    purchase.refunded_weight + refundedWeight,
  );
  return {
    lines: todo.map(([l, n]) => ({ lineNo: l.line_no, quantity: n })),
    refundedWeight,
    refundedMinor,
    wholly,
    points: reversed - purchase.points_reversed,
  };
}
