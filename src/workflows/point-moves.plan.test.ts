import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PurchaseLineRow } from '../modules/purchases/purchases.repo';
import {
  allocateRefund,
  isSpendable,
  mergeTakes,
  payDebt,
  planCredit,
  planRefund,
  planReversal,
  planSpend,
} from './point-moves.plan';

const AT = new Date('2026-03-03T12:00:00Z');
const DAY = 86_400_000;
const at = (days: number) => new Date(AT.getTime() + days * DAY);

let nextId = 1;
const lot = (
  remaining: number,
  over: { available?: number; expires?: number | null; purchase?: string } = {},
) => ({
  id: nextId++,
  purchase_id: over.purchase ?? null,
  remaining,
  available_at: at(over.available ?? -1),
  expires_at: over.expires === undefined || over.expires === null ? null : at(over.expires),
});

const line = (
  line_no: number,
  sku: string,
  quantity: number,
  over: Partial<PurchaseLineRow> = {},
): PurchaseLineRow => ({
  purchase_id: 'p',
  line_no,
  sku,
  category: null,
  quantity,
  unit_price_minor: 100,
  unit_weight: 100,
  refunded_quantity: 0,
  ...over,
});

describe('planSpend (ledger.service spendPoints)', () => {
  it('spends spendable lots oldest first, skipping pending and expired ones', () => {
    const old = lot(10, { available: -5 });
    const pending = lot(50, { available: 3 });
    const expired = lot(50, { available: -9, expires: -1 });
    const newer = lot(10, { available: -2, expires: 30 });
    const plan = planSpend([expired, old, newer, pending], 0, 15, AT);
    expect(plan).toEqual({
      ok: true,
      takes: [
        { lotId: old.id, take: 10 },
        { lotId: newer.id, take: 5 },
      ],
      debtPaid: 0,
    });
  });

  it('pays a debt first, from the same lots, and counts what is left', () => {
    const a = lot(10);
    const b = lot(10);
    expect(planSpend([a, b], 4, 16, AT)).toEqual({
      ok: true,
      takes: [
        { lotId: a.id, take: 10 },
        { lotId: b.id, take: 10 },
      ],
      debtPaid: 4,
    });
    expect(planSpend([a, b], 4, 17, AT)).toEqual({ ok: false, available: 16, required: 17 });
  });

  it('a debt larger than what is spendable leaves available below zero: refused, even for 0', () => {
    expect(planSpend([lot(3)], 10, 0, AT)).toEqual({ ok: false, available: -7, required: 0 });
  });

  it('never takes more than a lot has, and takes exactly the cost plus the debt paid', () => {
    const lots = fc.array(
      fc.record({
        remaining: fc.integer({ min: 1, max: 50 }),
        available: fc.integer({ min: -10, max: 5 }),
        expires: fc.option(fc.integer({ min: -5, max: 40 })),
      }),
      { maxLength: 8 },
    );
    fc.assert(
      fc.property(
        lots,
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 0, max: 100 }),
        (ls, debt, points) => {
          const all = ls.map((l) => lot(l.remaining, { available: l.available, expires: l.expires }));
          const plan = planSpend(all, debt, points, AT);
          const spendable = all.filter((l) => isSpendable(l, AT)).reduce((s, l) => s + l.remaining, 0);
          if (!plan.ok) {
            expect(plan.available).toBe(spendable - debt);
            expect(plan.available).toBeLessThan(points);
            return;
          }
          const byId = new Map(all.map((l) => [l.id, l]));
          for (const t of plan.takes) {
            const l = byId.get(t.lotId)!;
            expect(isSpendable(l, AT)).toBe(true);
            expect(t.take).toBeGreaterThan(0);
            expect(t.take).toBeLessThanOrEqual(l.remaining);
          }
          expect(new Set(plan.takes.map((t) => t.lotId)).size).toBe(plan.takes.length);
          expect(plan.takes.reduce((s, t) => s + t.take, 0)).toBe(points + plan.debtPaid);
          expect(plan.debtPaid).toBe(Math.min(debt, spendable));
        },
      ),
    );
  });
});

describe('planCredit (ledger.service creditPoints)', () => {
  it('without a debt, the new lot keeps everything and no lot is read', () => {
    expect(planCredit(null, 0, 20, AT)).toEqual({ takes: [], debtPaid: 0, fromNewLot: 0 });
  });

  it('a debt is paid from spendable lots first, then from the new lot', () => {
    const a = lot(3);
    const pending = lot(10, { available: 2 });
    expect(planCredit([a, pending], 10, 20, AT)).toEqual({
      takes: [{ lotId: a.id, take: 3 }],
      debtPaid: 10,
      fromNewLot: 7,
    });
    expect(planCredit([], 30, 20, AT)).toEqual({ takes: [], debtPaid: 20, fromNewLot: 20 });
  });
});

describe('planReversal (ledger.service reverseForPurchase)', () => {
  it("takes the purchase's own lots first (pending or not), then spendable others oldest first", () => {
    const other = lot(20, { available: -10 });
    const own = lot(8, { available: 10, purchase: 'p' });
    const pendingOther = lot(50, { available: 5 });
    expect(planReversal([other, own, pendingOther], 0, 'p', 12, AT)).toEqual({
      takes: [
        { lotId: own.id, take: 8 },
        { lotId: other.id, take: 4 },
      ],
      debtPaid: 0,
      newDebt: 0,
    });
  });

  it('what cannot be taken becomes debt; an old debt is paid first', () => {
    const a = lot(5);
    expect(planReversal([a], 2, 'p', 10, AT)).toEqual({
      takes: [{ lotId: a.id, take: 5 }],
      debtPaid: 2,
      newDebt: 7,
    });
  });
});

describe('payDebt and mergeTakes', () => {
  it('nothing to pay leaves the lots as they are', () => {
    const lots = [lot(5)];
    expect(payDebt(lots, 0, AT)).toEqual({ takes: [], paid: 0, debt: 0, lots });
  });

  it('one take per lot', () => {
    expect(
      mergeTakes([
        { lotId: 1, take: 2 },
        { lotId: 2, take: 1 },
        { lotId: 1, take: 3 },
      ]),
    ).toEqual([
      { lotId: 1, take: 5 },
      { lotId: 2, take: 1 },
    ]);
  });
});

describe('planRefund (purchases.service refundPurchase)', () => {
  const purchase = { points_earned: 30, earn_weight: 300, refunded_weight: 0, points_reversed: 0 };

  it('everything left, by default: the visit stops counting and all points are reversed', () => {
    const lines = [line(1, 'A', 2), line(2, 'B', 1, { refunded_quantity: 0 })];
    expect(planRefund(purchase, lines, null)).toEqual({
      lines: [
        { lineNo: 1, quantity: 2 },
        { lineNo: 2, quantity: 1 },
      ],
      refundedWeight: 300,
      refundedMinor: 300,
      wholly: true,
      points: 30,
    });
  });

  it('a part reverses its share rounded down over the running total', () => {
    const p = { points_earned: 10, earn_weight: 300, refunded_weight: 0, points_reversed: 0 };
    const lines = [line(1, 'A', 3)];
    const first = planRefund(p, lines, [{ sku: 'A', quantity: 1 }]);
    expect(first).toMatchObject({ refundedWeight: 100, wholly: false, points: 3 });
    const after = { ...p, refunded_weight: 100, points_reversed: 3 };
    const second = planRefund(
      after,
      [line(1, 'A', 3, { refunded_quantity: 1 })],
      [{ sku: 'A', quantity: 2 }],
    );
    expect(second).toMatchObject({ refundedWeight: 200, wholly: true, points: 7 });
  });

  it('nothing left to refund, an unknown sku or too many units is bad input', () => {
    expect(() => planRefund(purchase, [line(1, 'A', 1, { refunded_quantity: 1 })], null)).toThrow(
      /Invalid input|Nothing left/,
    );
    expect(() => allocateRefund([line(1, 'A', 1)], [{ sku: 'Z', quantity: 1 }])).toThrow();
    expect(() => allocateRefund([line(1, 'A', 1)], [{ sku: 'A', quantity: 2 }])).toThrow();
  });

  it('spreads a sku over its lines in line order', () => {
    const lines = [line(1, 'A', 1, { refunded_quantity: 1 }), line(2, 'A', 2), line(3, 'A', 2)];
    expect(allocateRefund(lines, [{ sku: 'A', quantity: 3 }]).map(([l, n]) => [l.line_no, n])).toEqual([
      [2, 2],
      [3, 1],
    ]);
  });
});
