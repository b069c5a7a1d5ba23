import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdjustPointsInput, UpdateEarningConfigInput } from '../../src/modules/ledger/ledger.inputs';
import { expireLots, updateEarningConfig } from '../../src/modules/ledger/ledger.service';
import { RefundPurchaseInput } from '../../src/modules/purchases/purchases.inputs';
import { liabilityFigures } from '../../src/modules/reports/reports.repo';
import { liabilityReport } from '../../src/modules/reports/reports.service';
import { snapshotLiability } from '../../src/modules/reports/reports.snapshots';
import { RedeemRewardInput, UpsertCatalogItemInput } from '../../src/modules/rewards/rewards.inputs';
import { upsertCatalogItem } from '../../src/modules/rewards/rewards.service';
import { ManualClock } from '../../src/shared/clock';
import type { RequestContext } from '../../src/shared/context';
import { parseInput } from '../../src/shared/errors';
import { adjustPoints } from '../../src/workflows/adjust-points';
import { redeemReward } from '../../src/workflows/redeem-reward';
import { refundPurchase } from '../../src/workflows/refund-purchase';
import { createTestDb, type TestDb } from '../helpers/db';
import { makeCustomer, makeProgram, systemContext } from '../helpers/factories';
import { key, recordOneLine } from '../helpers/ledger';
import { rng } from '../helpers/random';

// Liability from snapshots equals liability from every customer: a generated history in New
// York time with pending points, expiry (20 days, the expiry job running every few days, so
// some lapsed points wait to be written off), redemptions, refunds before and after the
// points were spent (debt), adjustments and purchases recorded late; snapshots written at
// every quarter hour (in code, by the job) and reports at instants between them.
const DAY = 86_400_000;
const HOUR = 3_600_000;
const clock = new ManualClock('2026-01-01T12:00:00Z');
let t: TestDb;

interface World {
  ctx: RequestContext;
  programId: string;
  customers: string[];
  itemId: string;
  purchases: string[];
  tz: string;
  inactivity: boolean;
}

async function world(o: {
  tz: string;
  policy: 'FIXED_DAYS' | 'INACTIVITY';
  pendingDays: number;
}): Promise<World> {
  const program = await makeProgram(t.db, { timeZone: o.tz });
  const ctx = systemContext(t.db, program.id, clock);
  clock.set('2025-12-31T12:00:00Z');
  await updateEarningConfig(
    ctx,
    parseInput(UpdateEarningConfigInput, {
      pendingDays: o.pendingDays,
      expiryPolicy: o.policy,
      expiryDays: 20,
    }),
  );
  const itemId = (
    await upsertCatalogItem(ctx, parseInput(UpsertCatalogItemInput, { name: 'Cookie', costPoints: 15 }))
  ).id;
  const customers: string[] = [];
  for (let i = 0; i < 8; i++) customers.push((await makeCustomer(t.db, program.id, {}, clock)).id);
  return {
    ctx,
    programId: program.id,
    customers,
    itemId,
    purchases: [],
    tz: o.tz,
    inactivity: o.policy === 'INACTIVITY',
  };
}

async function activity(w: World, random: () => number, from: string, to: string) {
  for (let day = Date.parse(from); day < Date.parse(to); day += DAY) {
    for (const customerId of w.customers) {
      if (random() > 0.3) continue;
      clock.set(new Date(day + Math.floor(random() * 20 * HOUR)));
      const late = random() < 0.2 ? Math.floor(random() * 4 * DAY) : 0;
      const p = await recordOneLine(
        w.ctx,
        customerId,
        new Date(clock.now().getTime() - late),
        100 + Math.floor(random() * 2500),
      );
      w.purchases.push(p.purchaseId);
      const r = random();
      clock.advance(HOUR);
      if (r < 0.15) {
        await redeemReward(
          w.ctx,
          parseInput(RedeemRewardInput, { idempotencyKey: key(), customerId, catalogItemId: w.itemId }),
        ).catch(() => undefined);
      } else if (r < 0.22) {
        // A refund, sometimes of points already spent (debt).
        const id = w.purchases.splice(Math.floor(random() * w.purchases.length), 1)[0]!;
        await refundPurchase(
          w.ctx,
          parseInput(RefundPurchaseInput, { idempotencyKey: key(), purchaseId: id }),
        ).catch(() => undefined);
      } else if (r < 0.25) {
        const points = random() < 0.5 ? 7 : -3;
        await adjustPoints(
          w.ctx,
          parseInput(AdjustPointsInput, { idempotencyKey: key(), customerId, points, reason: 'goodwill' }),
        ).catch(() => undefined);
      }
    }
    // The expiry job runs every third day.
    if (Math.round((day - Date.parse(from)) / DAY) % 3 === 2) {
      clock.set(new Date(day + 23 * HOUR));
      await expireLots(w.ctx, 'all', clock.now());
    }
  }
}

/** The stored snapshots, and the SQL figures (every customer) at their instants (one in 29, and the last). */
async function expectSnapshotsMatchSql(w: World) {
  const rows = await t.db('liability_snapshots').where({ program_id: w.programId }).orderBy('at');
  expect(rows.length).toBeGreaterThan(96 * 20);
  for (const s of rows.filter((_, i) => i % 29 === 0 || i === rows.length - 1)) {
    const sql = await liabilityFigures(w.ctx.q, s.at, w.inactivity, w.tz);
    expect({ totals: s.totals, schedule: s.schedule }, s.at.toISOString()).toEqual(sql);
  }
  return rows;
}

/** Reports at instants between snapshots, and exactly at them: from snapshots and from every customer. */
async function expectReportsMatch(w: World, from: string, to: string) {
  const reports: Record<string, unknown> = {};
  for (let at = Date.parse(from); at <= Date.parse(to); at += 31 * HOUR + 13 * 60_000) {
    for (const asOf of [new Date(at), new Date(Math.floor(at / DAY) * DAY + 5 * HOUR)]) {
      const fast = await liabilityReport(w.ctx, { asOf });
      expect(fast, asOf.toISOString()).toEqual(
        await liabilityReport(w.ctx, { asOf }, { schedule: true, snapshots: false }),
      );
      const totals = await liabilityReport(w.ctx, { asOf }, { schedule: false });
      expect(totals).toEqual({ ...fast, expirySchedule: [] });
      reports[asOf.toISOString()] = fast;
    }
  }
  return reports;
}

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.drop());

describe('liability snapshots', () => {
  it('give every customer’s figures, written from nothing and then from the customers that changed; a past date never changes', async () => {
    const w = await world({ tz: 'America/New_York', policy: 'FIXED_DAYS', pendingDays: 3 });
    const random = rng(18);
    await activity(w, random, '2026-01-01T11:00:00Z', '2026-02-12T11:00:00Z');
    clock.set('2026-02-12T12:00:00Z');
    expect(await snapshotLiability(t.db, w.programId, w.tz, false, clock.now())).toMatchObject({
      customers: 'all',
    });
    await expectSnapshotsMatchSql(w);
    const before = await expectReportsMatch(w, '2025-12-30T00:00:00Z', '2026-02-12T12:00:00Z');

    // More activity; the job writes the new quarter hours from the customers that changed.
    await activity(w, random, '2026-02-12T13:00:00Z', '2026-03-05T11:00:00Z');
    clock.set('2026-03-05T12:00:00Z');
    const step = await snapshotLiability(t.db, w.programId, w.tz, false, clock.now());
    expect(step?.written).toBe(21 * 96);
    expect(typeof step?.customers).toBe('number');
    const stepwise = await expectSnapshotsMatchSql(w);
    await expectReportsMatch(w, '2026-02-10T00:00:00Z', '2026-03-05T12:00:00Z');
    // Past dates report what they did before.
    for (const [at, r] of Object.entries(before)) {
      expect(await liabilityReport(w.ctx, { asOf: new Date(at) }), at).toEqual(r);
    }
    // Day by day is what one run from nothing writes.
    await t.db('liability_snapshots').where({ program_id: w.programId }).delete();
    await snapshotLiability(t.db, w.programId, w.tz, false, clock.now());
    const rebuilt = await t.db('liability_snapshots').where({ program_id: w.programId }).orderBy('at');
    const strip = (rows: { created_at: unknown }[]) => rows.map(({ created_at, ...r }) => r);
    expect(strip(rebuilt)).toEqual(strip(stepwise));
    // Nothing new: nothing written.
    expect(await snapshotLiability(t.db, w.programId, w.tz, false, clock.now())).toEqual({
      written: 0,
      customers: 0,
    });
  }, 240_000);

  it('INACTIVITY, and another time zone: not from snapshots taken in the program’s', async () => {
    const w = await world({ tz: 'Europe/Paris', policy: 'INACTIVITY', pendingDays: 2 });
    await activity(w, rng(7), '2026-01-01T11:00:00Z', '2026-02-10T11:00:00Z');
    clock.set('2026-02-10T12:00:00Z');
    await snapshotLiability(t.db, w.programId, w.tz, true, clock.now());
    await expectSnapshotsMatchSql(w);
    await expectReportsMatch(w, '2026-01-01T00:00:00Z', '2026-02-10T12:00:00Z');
    const asOf = new Date('2026-01-20T10:00:00Z');
    expect(await liabilityReport(w.ctx, { asOf, timeZone: 'Asia/Tokyo' })).toEqual(
      await liabilityReport(w.ctx, { asOf, timeZone: 'Asia/Tokyo' }, { schedule: true, snapshots: false }),
    );
  }, 240_000);
});
