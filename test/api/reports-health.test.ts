import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoped } from '../../src/db/scoped';
import { RefundPurchaseInput } from '../../src/modules/purchases/purchases.inputs';
import { HealthInput } from '../../src/modules/reports/reports.inputs';
import { healthReport } from '../../src/modules/reports/reports.service';
import {
  RedeemRewardInput,
  UpsertCatalogItemInput,
  UseRewardInput,
} from '../../src/modules/rewards/rewards.inputs';
import { upsertCatalogItem, useReward } from '../../src/modules/rewards/rewards.service';
import { ManualClock } from '../../src/shared/clock';
import type { RequestContext } from '../../src/shared/context';
import { parseInput } from '../../src/shared/errors';
import { redeemReward } from '../../src/workflows/redeem-reward';
import { refundPurchase } from '../../src/workflows/refund-purchase';
import { createTestDb, type TestDb } from '../helpers/db';
import { makeCustomer, makeProgram } from '../helpers/factories';
import { buyAt, key } from '../helpers/ledger';

// Paris is UTC+1 in March. Hand-made history (Z = UTC; local days in brackets):
//   Feb 28 23:30Z [Mar 1] A enrols; Feb 28 23:45Z [Mar 1] A buys $10
//   Mar 1 10:00Z  B enrols and buys $5; Mar 1 18:00Z B buys $7 (8 h after)
//   Mar 2 09:00Z  A buys $20 (33 h 15 min after the $10); Mar 2 09:30Z A redeems a 10-point reward
//   Mar 2 10:00Z  B's $7 purchase refunded (7 points reversed); C enrols
//   Mar 2 23:30Z [Mar 3] C buys $30;  Mar 3 08:00Z A's reward is used
const clock = new ManualClock('2026-02-28T23:30:00Z');
let t: TestDb;
let ctx: RequestContext;
const actor = { kind: 'system' as const, id: 'test', role: null };

const buy = (customerId: string, dollars: number, at: string) =>
  buyAt(ctx, clock, { customerId, dollars, at, currency: 'EUR' });

const zero = {
  enrolled: 0,
  activeCustomers: 0,
  returningCustomers: 0,
  repeatRateBp: null,
  purchases: 0,
  salesMinor: 0,
  medianHoursBetweenVisits: null,
  pointsIssued: 0,
  pointsRedeemed: 0,
  pointsExpired: 0,
  pointsReversed: 0,
  pointsReturned: 0,
  pointsAdjusted: 0,
  rewardsIssued: 0,
  rewardsUsed: 0,
  tierUpgrades: 0,
  tierDowngrades: 0,
};

beforeAll(async () => {
  t = await createTestDb();
  const program = await makeProgram(t.db, { timeZone: 'Europe/Paris', currency: 'EUR' });
  ctx = { programId: program.id, q: scoped(t.db, program.id), viewer: null, actor, clock };
  const item = await upsertCatalogItem(
    ctx,
    parseInput(UpsertCatalogItemInput, { name: 'Cookie', costPoints: 10 }),
  );
  const a = await makeCustomer(t.db, program.id, {}, clock);
  await buy(a.id, 10, '2026-02-28T23:45:00Z');
  clock.set('2026-03-01T10:00:00Z');
  const b = await makeCustomer(t.db, program.id, {}, clock);
  await buy(b.id, 5, '2026-03-01T10:00:00Z');
  const b7 = await buy(b.id, 7, '2026-03-01T18:00:00Z');
  await buy(a.id, 20, '2026-03-02T09:00:00Z');
  clock.set('2026-03-02T09:30:00Z');
  const { rewardId } = await redeemReward(
    ctx,
    parseInput(RedeemRewardInput, {
      idempotencyKey: key(),
      customerId: a.id,
      catalogItemId: item.id,
    }),
  );
  clock.set('2026-03-02T10:00:00Z');
  await refundPurchase(
    ctx,
    parseInput(RefundPurchaseInput, { idempotencyKey: key(), purchaseId: b7.purchaseId }),
  );
  const c = await makeCustomer(t.db, program.id, {}, clock);
  await buy(c.id, 30, '2026-03-02T23:30:00Z');
  clock.set('2026-03-03T08:00:00Z');
  const { code } = await t.db('issued_rewards').where({ id: rewardId }).first('code');
  await useReward(ctx, parseInput(UseRewardInput, { idempotencyKey: key(), code }));
});
afterAll(() => t.drop());

describe('programme health', () => {
  it('per local day, with exact figures', async () => {
    const r = await healthReport(ctx, { from: '2026-03-01', to: '2026-03-03', period: 'DAY' });
    expect(r.timeZone).toBe('Europe/Paris');
    expect(r.periods).toEqual([
      {
        ...zero,
        start: '2026-03-01',
        enrolled: 2,
        activeCustomers: 2,
        repeatRateBp: 0,
        purchases: 3,
        salesMinor: 2200,
        medianHoursBetweenVisits: 8,
        pointsIssued: 22,
      },
      {
        ...zero,
        start: '2026-03-02',
        enrolled: 1,
        activeCustomers: 1,
        returningCustomers: 1,
        repeatRateBp: 10_000,
        purchases: 1,
        salesMinor: 2000,
        medianHoursBetweenVisits: 33,
        pointsIssued: 20,
        pointsRedeemed: 10,
        pointsReversed: 7,
        rewardsIssued: 1,
      },
      {
        ...zero,
        start: '2026-03-03',
        activeCustomers: 1,
        repeatRateBp: 0,
        purchases: 1,
        salesMinor: 3000,
        pointsIssued: 30,
        rewardsUsed: 1,
      },
    ]);
    expect(r.totals).toEqual({ enrolled: 3, activeCustomers: 3, purchases: 5, salesMinor: 7200 });
    expect(r.tierMix).toEqual([{ tierId: null, name: null, customers: 3 }]);
    expect(r.cohorts).toEqual([{ cohort: '2026-03', size: 3, activeByMonth: [3] }]);
  });

  it('the same days in UTC move the purchases across midnight', async () => {
    const r = await healthReport(ctx, {
      from: '2026-03-01',
      to: '2026-03-03',
      period: 'DAY',
      timeZone: 'UTC',
    });
    expect(r.periods.map((p) => [p.start, p.purchases, p.enrolled])).toEqual([
      ['2026-03-01', 2, 1],
      ['2026-03-02', 2, 1],
      ['2026-03-03', 0, 0],
    ]);
  });

  it('per week (from Monday) and per month; an empty range is zeros', async () => {
    const w = await healthReport(ctx, { from: '2026-03-01', to: '2026-03-08', period: 'WEEK' });
    expect(w.periods.map((p) => [p.start, p.purchases, p.activeCustomers, p.returningCustomers])).toEqual([
      ['2026-02-23', 3, 2, 0],
      ['2026-03-02', 2, 2, 1],
    ]);
    const m = await healthReport(ctx, { from: '2026-02-01', to: '2026-04-30', period: 'MONTH' });
    expect(m.periods.map((p) => [p.start, p.purchases, p.salesMinor])).toEqual([
      ['2026-02-01', 0, 0],
      ['2026-03-01', 5, 7200],
      ['2026-04-01', 0, 0],
    ]);
    expect(m.cohorts).toEqual([{ cohort: '2026-03', size: 3, activeByMonth: [3, 0] }]);
    const empty = await healthReport(ctx, { from: '2025-01-01', to: '2025-01-02', period: 'DAY' });
    expect(empty.periods).toEqual([
      { ...zero, start: '2025-01-01' },
      { ...zero, start: '2025-01-02' },
    ]);
    expect(empty.totals).toEqual({ enrolled: 0, activeCustomers: 0, purchases: 0, salesMinor: 0 });
    expect(empty.cohorts).toEqual([]);
  });

  it('refuses bad input with the field', async () => {
    const bad = async (args: Record<string, unknown>) => {
      try {
        await healthReport(ctx, parseInput(HealthInput, args, []));
      } catch (e) {
        return (e as { code: string; details: { issues: { path: string }[] } }).details.issues.map(
          (i) => i.path,
        );
      }
      throw new Error('accepted');
    };
    expect(await bad({ from: '2026-03-03', to: '2026-03-01' })).toEqual(['to']);
    expect(await bad({ from: '2020-01-01', to: '2026-03-01', period: 'MONTH' })).toEqual(['to']);
    expect(await bad({ from: '2026-03-01', to: '2026-03-03', timeZone: 'Mars/Olympus' })).toEqual([
      'timeZone',
    ]);
    expect(await bad({ from: '2026-03-01', to: '2026-03-03', period: 'HOUR' })).toEqual(['period']);
    expect(await bad({ from: '2025-01-01', to: '2026-03-01', period: 'DAY' })).toEqual(['period']);
  });
});
