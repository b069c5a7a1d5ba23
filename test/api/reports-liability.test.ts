import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoped } from '../../src/db/scoped';
import { UpdateEarningConfigInput } from '../../src/modules/ledger/ledger.inputs';
import { expireLots, updateEarningConfig } from '../../src/modules/ledger/ledger.service';
import { RefundPurchaseInput } from '../../src/modules/purchases/purchases.inputs';
import { liabilityReport, updateReportSettings } from '../../src/modules/reports/reports.service';
import { RedeemRewardInput, UpsertCatalogItemInput } from '../../src/modules/rewards/rewards.inputs';
import { upsertCatalogItem } from '../../src/modules/rewards/rewards.service';
import { ManualClock } from '../../src/shared/clock';
import type { RequestContext } from '../../src/shared/context';
import { parseInput } from '../../src/shared/errors';
import { redeemReward } from '../../src/workflows/redeem-reward';
import { refundPurchase } from '../../src/workflows/refund-purchase';
import { createTestDb, type TestDb } from '../helpers/db';
import { makeCustomer, makeProgram } from '../helpers/factories';
import { buyAt, key } from '../helpers/ledger';

// A small hand-made history in New York time, with exact figures:
//   Jan 1 12:00Z  A buys $100 → lot 100 (available Jan 3, lapses Jan 31 12:00Z)
//   Jan 1 12:00Z  B buys $50  → lot 50
//   Jan 6 12:00Z  A buys $40  → lot 40 (available Jan 8, lapses Feb 5 12:00Z)
//   Jan 6 13:00Z  B's purchase refunded: −50
//   Jan 10 12:00Z A redeems a 30-point reward (from the oldest lot: 100 → 70)
//   Jan 30 03:00Z C buys $20  → lot 20 (pending until Feb 1 03:00Z, lapses Mar 1 03:00Z,
//                               which is Feb 28 22:00 in New York: the time-zone boundary)
//   Jan 31 12:00Z A's first lot lapses (70 points); the expiry job runs on Feb 1.
const clock = new ManualClock('2026-01-01T12:00:00Z');
let t: TestDb;
let ctx: RequestContext;
const actor = { kind: 'system' as const, id: 'test', role: null };

const buy = (customerId: string, dollars: number, at: string) =>
  buyAt(ctx, clock, { customerId, dollars, at, currency: 'USD' });

const liability = (asOf: string, extra: Record<string, unknown> = {}) =>
  liabilityReport(ctx, { asOf: new Date(asOf), ...extra });

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.drop());

describe('liability and breakage as of a date', () => {
  it('gives exact figures, in the program time zone, and a past date never changes', async () => {
    const program = await makeProgram(t.db, { timeZone: 'America/New_York' });
    ctx = { programId: program.id, q: scoped(t.db, program.id), viewer: null, actor, clock };
    await updateEarningConfig(
      ctx,
      parseInput(UpdateEarningConfigInput, { pendingDays: 2, expiryPolicy: 'FIXED_DAYS', expiryDays: 30 }),
    );
    await updateReportSettings(ctx, { pointValueMinorPer100: 50 });
    const item = await upsertCatalogItem(
      ctx,
      parseInput(UpsertCatalogItemInput, { name: 'Cookie', costPoints: 30 }),
    );
    const a = await makeCustomer(t.db, program.id, {}, clock);
    const b = await makeCustomer(t.db, program.id, {}, clock);
    const c = await makeCustomer(t.db, program.id, {}, clock);

    await buy(a.id, 100, '2026-01-01T12:00:00Z');
    const pb = await buy(b.id, 50, '2026-01-01T12:00:00Z');
    await buy(a.id, 40, '2026-01-06T12:00:00Z');
    clock.set('2026-01-06T13:00:00Z');
    await refundPurchase(
      ctx,
      parseInput(RefundPurchaseInput, { idempotencyKey: key(), purchaseId: pb.purchaseId }),
    );
    clock.set('2026-01-10T12:00:00Z');
    await redeemReward(
      ctx,
      parseInput(RedeemRewardInput, { idempotencyKey: key(), customerId: a.id, catalogItemId: item.id }),
    );

    const jan20 = await liability('2026-01-20T12:00:00Z');
    expect(jan20).toMatchObject({
      timeZone: 'America/New_York',
      currency: 'USD',
      availablePoints: 110,
      pendingPoints: 0,
      liabilityPoints: 110,
      liabilityMinor: 55,
      debtPoints: 0,
      breakagePoints: 0,
      redeemedPoints: 30,
      breakageRateBp: 0,
      estimatedFutureBreakagePoints: 0,
      expirySchedule: [
        { month: '2026-01', points: 70, valueMinor: 35 },
        { month: '2026-02', points: 40, valueMinor: 20 },
      ],
    });

    await buy(c.id, 20, '2026-01-30T03:00:00Z');
    // Jan 31 18:00Z: A's first lot lapsed at noon; the job has not written it off yet.
    clock.set('2026-01-31T18:00:00Z');
    const jan31 = await liability('2026-01-31T18:00:00Z');
    const expected = {
      availablePoints: 40,
      pendingPoints: 20,
      liabilityPoints: 60,
      liabilityMinor: 30,
      lapsedNotWrittenOff: 70,
      breakagePoints: 70,
      breakageMinor: 35,
      redeemedPoints: 30,
      breakageRateBp: 7000,
      estimatedFutureBreakagePoints: 42,
      estimatedFutureBreakageMinor: 21,
      // C's lot lapses Mar 1 03:00Z = Feb 28 in New York.
      expirySchedule: [{ month: '2026-02', points: 60, valueMinor: 30 }],
    };
    expect(jan31).toMatchObject(expected);
    // The same instant in UTC months puts C's 20 points in March.
    expect((await liability('2026-01-31T18:00:00Z', { timeZone: 'UTC' })).expirySchedule).toEqual([
      { month: '2026-02', points: 40, valueMinor: 20 },
      { month: '2026-03', points: 20, valueMinor: 10 },
    ]);

    // Later activity: the expiry job, more purchases, a redemption, a refund.
    clock.set('2026-02-01T12:00:00Z');
    expect(await expireLots(ctx, 'all', clock.now())).toBe(70);
    const later = await buy(a.id, 60, '2026-02-02T12:00:00Z');
    clock.set('2026-02-06T12:00:00Z');
    await redeemReward(
      ctx,
      parseInput(RedeemRewardInput, { idempotencyKey: key(), customerId: a.id, catalogItemId: item.id }),
    );
    await refundPurchase(
      ctx,
      parseInput(RefundPurchaseInput, { idempotencyKey: key(), purchaseId: later.purchaseId }),
    );

    // The past dates report exactly what they did.
    expect(await liability('2026-01-20T12:00:00Z')).toEqual(jan20);
    expect(await liability('2026-01-31T18:00:00Z')).toEqual(jan31);
    // And now (Feb 6): A's 40-point lot lapsed on Feb 5 (not written off yet); the reward
    // took 30 of the $60 lot, the refund the other 30 and 30 more A no longer has: debt.
    const now = await liability('2026-02-06T12:00:00Z');
    expect(now).toMatchObject({
      availablePoints: 20,
      pendingPoints: 0,
      liabilityPoints: 20,
      debtPoints: 30,
      lapsedNotWrittenOff: 40,
      breakagePoints: 110,
      redeemedPoints: 60,
      expirySchedule: [{ month: '2026-02', points: 20, valueMinor: 10 }],
    });
  });

  it('INACTIVITY: a lot lapses by the expiry it had then, not the one a later purchase gave it', async () => {
    const program = await makeProgram(t.db);
    ctx = { programId: program.id, q: scoped(t.db, program.id), viewer: null, actor, clock };
    clock.set('2026-01-01T12:00:00Z');
    await updateEarningConfig(
      ctx,
      parseInput(UpdateEarningConfigInput, { expiryPolicy: 'INACTIVITY', expiryDays: 30 }),
    );
    const a = await makeCustomer(t.db, program.id, {}, clock);
    await buy(a.id, 10, '2026-01-01T12:00:00Z'); // lapses Jan 31, unless A comes back
    const jan10 = await liability('2026-01-10T12:00:00Z');
    expect(jan10.expirySchedule).toEqual([{ month: '2026-01', points: 10, valueMinor: null }]);
    await buy(a.id, 20, '2026-01-20T12:00:00Z'); // both lots now lapse Feb 19
    const jan25 = await liability('2026-01-25T12:00:00Z');
    expect(jan25.expirySchedule).toEqual([{ month: '2026-02', points: 30, valueMinor: null }]);
    await buy(a.id, 5, '2026-02-10T12:00:00Z'); // all three lapse Mar 12
    expect(await liability('2026-01-10T12:00:00Z')).toEqual(jan10);
    expect(await liability('2026-01-25T12:00:00Z')).toEqual(jan25);
    expect((await liability('2026-02-11T12:00:00Z')).expirySchedule).toEqual([
      { month: '2026-03', points: 35, valueMinor: null },
    ]);
  });

  it('an empty program is zeros, not an error', async () => {
    const program = await makeProgram(t.db);
    const c2 = { ...ctx, programId: program.id, q: scoped(t.db, program.id) };
    const r = await liabilityReport(c2, { asOf: new Date('2026-01-01T00:00:00Z') });
    expect(r).toMatchObject({
      liabilityPoints: 0,
      liabilityMinor: null,
      breakagePoints: 0,
      breakageRateBp: null,
      estimatedFutureBreakagePoints: 0,
      expirySchedule: [],
    });
  });
});
