import { describe, expect, it } from 'vitest';
import { DEFAULT_EARNING, type EarningConfig } from '../modules/ledger/earning';
import type { LotRow } from '../modules/ledger/ledger.repo';
import { purchaseRuleEvent } from '../modules/rules/rules.events';
import type { TierRow } from '../modules/tiers/tiers.repo';
import { metricsAfter, planDebtPayment, planEarning, planLot, planTierMove } from './record-purchase.plan';

const tier = (over: Partial<TierRow>): TierRow => ({
  id: 't',
  version: 1,
  name: 'T',
  rank: 1,
  metric: 'SPEND',
  threshold: 100,
  window_kind: 'ROLLING_DAYS',
  window_days: 30,
  multiplier_percent: 100,
  benefits: null,
  welcome_item_id: null,
  archived_at: null,
  archived_to: null,
  created_at: new Date(0),
  updated_at: new Date(0),
  ...over,
});

const cfg = (over: Partial<EarningConfig> = {}): EarningConfig => ({ ...DEFAULT_EARNING, ...over });

describe('planEarning', () => {
  it('weighs lines, earns base points and the held tier bonus, rounded down', () => {
    const gold = tier({ name: 'Gold', multiplier_percent: 150 });
    const e = planEarning(
      cfg({ categoryMultipliers: [{ category: 'coffee', percent: 200 }], excludedCategories: ['gift'] }),
      [
        { sku: 'LATTE', category: 'coffee', quantity: 2, unitPriceMinor: 450 },
        { sku: 'CARD', category: 'gift', quantity: 1, unitPriceMinor: 5000 },
        { sku: 'CAKE', quantity: 1, unitPriceMinor: 399 },
      ],
      'USD',
      gold,
    );
    expect(e.totalMinor).toBe(6299);
    expect(e.weights).toEqual([90_000, 0, 39_900]);
    expect(e.base).toBe(21); // floor((2*900 + 399) / 100)
    expect(e.bonus).toEqual({ points: 10, reason: 'Gold tier 150%' });
    expect(e.points).toBe(31);
  });

  it('no tier, or a 100% tier, earns no bonus', () => {
    const lines = [{ sku: 'A', quantity: 1, unitPriceMinor: 1000 }];
    expect(planEarning(cfg(), lines, 'USD', null).bonus).toBeNull();
    expect(planEarning(cfg(), lines, 'USD', tier({})).bonus).toBeNull();
  });
});

describe('planLot', () => {
  const at = new Date('2026-03-01T12:00:00Z');
  it('pending days delay availability; FIXED_DAYS expiry counts from the purchase', () => {
    expect(planLot(cfg({ pendingDays: 14, expiryPolicy: 'FIXED_DAYS', expiryDays: 365 }), at, null)).toEqual({
      availableAt: new Date('2026-03-15T12:00:00Z'),
      expiresAt: new Date('2027-03-01T12:00:00Z'),
      extendTo: null,
    });
  });
  it('INACTIVITY counts from the latest purchase and extends the other lots', () => {
    const later = new Date('2026-03-05T12:00:00Z');
    const p = planLot(cfg({ expiryPolicy: 'INACTIVITY', expiryDays: 10 }), at, later);
    expect(p.expiresAt).toEqual(new Date('2026-03-15T12:00:00Z'));
    expect(p.extendTo).toEqual(p.expiresAt);
  });
});

describe('planDebtPayment', () => {
  const at = new Date('2026-03-01T12:00:00Z');
  const lot = (id: number, remaining: number, over: Partial<LotRow> = {}): LotRow => ({
    id,
    customer_id: 'c',
    entry_id: id,
    purchase_id: null,
    points: remaining,
    remaining,
    available_at: new Date('2026-02-01T00:00:00Z'),
    expires_at: null,
    created_at: new Date(0),
    ...over,
  });
  it('takes spendable lots in order, skipping pending and lapsed ones, up to the debt', () => {
    const lots = [
      lot(1, 5),
      lot(2, 50, { available_at: new Date('2026-03-10T00:00:00Z') }),
      lot(3, 50, { expires_at: new Date('2026-02-15T00:00:00Z') }),
      lot(4, 20),
    ];
    expect(planDebtPayment(lots, 12, at)).toEqual([
      { lotId: 1, take: 5 },
      { lotId: 4, take: 7 },
    ]);
    expect(planDebtPayment(lots, 100, at)).toEqual([
      { lotId: 1, take: 5 },
      { lotId: 4, take: 20 },
    ]);
  });
});

describe('metricsAfter', () => {
  const tiers = [
    tier({ id: 's', metric: 'SPEND' }),
    tier({ id: 'p', metric: 'POINTS' }),
    tier({ id: 'v', metric: 'VISITS' }),
    tier({ id: 'y', metric: 'SPEND', window_kind: 'CALENDAR_YEAR', window_days: null }),
  ];
  const add = { day: '2026-03-01', dayPurchasesBefore: null, spendMinor: 500, points: 5, purchases: 1 };
  it('adds the purchase to every window that holds its day; a new day is one more visit', () => {
    expect(metricsAfter(tiers, [100, 10, 3, 1000], '2026-03-01', add)).toEqual([600, 15, 4, 1500]);
  });
  it('a day that already had a purchase is not another visit; one refunded to zero is', () => {
    expect(metricsAfter(tiers, [0, 0, 1, 0], '2026-03-01', { ...add, dayPurchasesBefore: 2 })[2]).toBe(1);
    expect(metricsAfter(tiers, [0, 0, 0, 0], '2026-03-01', { ...add, dayPurchasesBefore: 0 })[2]).toBe(1);
  });
  it('a day outside a window (backdated, or tomorrow by the till clock) counts nowhere there', () => {
    expect(metricsAfter(tiers, undefined, '2026-03-01', { ...add, day: '2026-01-15' })).toEqual([
      0, 0, 0, 500,
    ]);
    expect(metricsAfter(tiers, undefined, '2026-03-01', { ...add, day: '2026-03-02' })).toEqual([0, 0, 0, 0]);
  });
});

describe('planTierMove', () => {
  const ladder = [
    tier({ id: 'silver', threshold: 100 }),
    tier({ id: 'gold', threshold: 500, welcome_item_id: 'w' }),
    tier({ id: 'plat', threshold: 1000, welcome_item_id: 'x' }),
  ];
  it('upgrades to the highest tier reached, with the welcome rewards of every tier passed', () => {
    const m = planTierMove(ladder, [1200, 1200, 1200], { tier_id: 'silver', grace_until: null });
    expect(m).toMatchObject({ kind: 'upgrade', from: { id: 'silver' }, to: { id: 'plat' } });
    expect(m.kind === 'upgrade' && m.welcome.map((t) => t.id)).toEqual(['gold', 'plat']);
  });
  it('never downgrades; holding what is earned clears a grace period', () => {
    expect(planTierMove(ladder, [0, 0, 0], { tier_id: 'gold', grace_until: null })).toEqual({ kind: 'none' });
    expect(planTierMove(ladder, [600, 600, 600], { tier_id: 'gold', grace_until: new Date() })).toEqual({
      kind: 'clearGrace',
    });
    expect(planTierMove([], undefined, { tier_id: null, grace_until: null })).toEqual({ kind: 'none' });
  });
});

describe('purchaseRuleEvent', () => {
  it('counts days since the previous visit and carries the purchase', () => {
    const e = purchaseRuleEvent({
      purchase: {
        id: 'p',
        total_minor: 900,
        store_code: 'S1',
        occurred_at: new Date('2026-03-10T12:00:00Z'),
      },
      lines: [{ sku: 'A', quantity: 1, unitPriceMinor: 900 }],
      customer: { id: 'c', enrolled_at: new Date('2026-01-01T00:00:00Z'), birthday: null },
      basePoints: 9,
      pendingDays: 0,
      timeZone: 'UTC',
      currency: 'USD',
      tierId: null,
      stats: { visits: 3, spendMinor: 2000, previousAt: new Date('2026-03-01T13:00:00Z') },
    });
    expect(e.customer).toMatchObject({ visitCount: 3, lifetimeSpendMinor: 2000, daysSinceLastVisit: 8 });
    expect(e.purchase).toMatchObject({
      totalMinor: 900,
      basePoints: 9,
      lines: [{ sku: 'A', category: null }],
    });
  });
});
