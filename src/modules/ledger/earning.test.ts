import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EARNING, pointsForWeight, reversedFor, unitWeight } from './earning';

const weigh = (
  cfg: typeof DEFAULT_EARNING,
  lines: { sku: string; category?: string; quantity: number; unitPriceMinor: number }[],
) => lines.reduce((s, l) => s + l.quantity * unitWeight(cfg, l), 0);

describe('earning', () => {
  it('defaults to one point per whole currency unit of the total', () => {
    const lines = [
      { sku: 'A', quantity: 3, unitPriceMinor: 333 },
      { sku: 'B', quantity: 1, unitPriceMinor: 2 },
    ];
    expect(pointsForWeight(DEFAULT_EARNING, weigh(DEFAULT_EARNING, lines), 'USD')).toBe(10); // 10.01
    expect(pointsForWeight(DEFAULT_EARNING, weigh(DEFAULT_EARNING, lines), 'JPY')).toBe(1001);
    expect(pointsForWeight(DEFAULT_EARNING, weigh(DEFAULT_EARNING, lines), 'KWD')).toBe(1); // 1.001
  });

  it('rounds as configured', () => {
    const w = 250 * 100; // 2.50 at 100%
    expect(pointsForWeight({ ...DEFAULT_EARNING, rounding: 'FLOOR' }, w, 'USD')).toBe(2);
    expect(pointsForWeight({ ...DEFAULT_EARNING, rounding: 'HALF_UP' }, w, 'USD')).toBe(3);
    expect(pointsForWeight({ ...DEFAULT_EARNING, rounding: 'CEIL' }, w + 1, 'USD')).toBe(3);
    expect(pointsForWeight({ ...DEFAULT_EARNING, rounding: 'CEIL' }, 200 * 100, 'USD')).toBe(2);
  });

  it('a sku multiplier wins over its category; excluded categories earn nothing', () => {
    const cfg = {
      ...DEFAULT_EARNING,
      categoryMultipliers: [{ category: 'coffee', percent: 200 }],
      skuMultipliers: [{ sku: 'DECAF', percent: 50 }],
      excludedCategories: ['tobacco'],
    };
    expect(unitWeight(cfg, { sku: 'LATTE', category: 'coffee', unitPriceMinor: 100 })).toBe(20_000);
    expect(unitWeight(cfg, { sku: 'DECAF', category: 'coffee', unitPriceMinor: 100 })).toBe(5_000);
    expect(unitWeight(cfg, { sku: 'DECAF', category: 'tobacco', unitPriceMinor: 100 })).toBe(0);
    expect(unitWeight(cfg, { sku: 'BUN', unitPriceMinor: 100 })).toBe(10_000);
  });

  it('partial reversals never exceed what was earned and a full refund reverses all', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.array(fc.integer({ min: 1, max: 10_000 }), { minLength: 1, maxLength: 20 }),
        (earned, parts) => {
          const weight = parts.reduce((a, b) => a + b, 0);
          let refunded = 0;
          let reversed = 0;
          for (const p of parts) {
            refunded += p;
            const total = reversedFor(earned, weight, refunded);
            expect(total).toBeGreaterThanOrEqual(reversed);
            reversed = total;
            expect(reversed).toBeLessThanOrEqual(earned);
          }
          expect(reversed).toBe(earned);
        },
      ),
    );
  });
});
