import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { RefundPurchaseInput } from '../../src/modules/purchases/purchases.inputs';
import type { HealthInput } from '../../src/modules/reports/reports.inputs';
import { reportJobs } from '../../src/modules/reports/reports.jobs';
import { ROLLUP_MARGIN_MS, rollUp } from '../../src/modules/reports/reports.rollups';
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
import { makeCustomer, makeProgram, systemContext } from '../helpers/factories';
import { key, recordOneLine } from '../helpers/ledger';
import { rng } from '../helpers/random';

// The health report from roll-ups equals the one from raw rows: a generated history in New
// York time (a DST change on Mar 8), with purchases recorded late (backdated up to 5 days,
// so a purchase lands before one already rolled up), refunds, rewards redeemed and used, a
// customer who bought before enrolling; the roll-up run at several points, with purchases
// recorded after its cutoff each time.
const DAY = 86_400_000;
const clock = new ManualClock('2026-01-01T12:00:00Z');
let t: TestDb;
let ctx: RequestContext;
let programId: string;
const customers: string[] = [];
let itemId: string;
const purchases: string[] = [];
const rewards: string[] = [];

const random = rng(14);

/** Days `from`…`to` (exclusive) of activity: each customer buys with probability 0.2 a day. */
async function activity(from: string, to: string) {
  for (let day = Date.parse(from); day < Date.parse(to); day += DAY) {
    for (const customerId of customers) {
      if (random() > 0.2) continue;
      clock.set(new Date(day + Math.floor(random() * 20 * 3_600_000)));
      // One purchase in five recorded late: it happened up to 5 days before.
      const late = random() < 0.2 ? Math.floor(random() * 5 * DAY) : 0;
      const p = await recordOneLine(
        ctx,
        customerId,
        new Date(clock.now().getTime() - late),
        100 + Math.floor(random() * 3000),
      );
      purchases.push(p.purchaseId);
      const r = random();
      if (r < 0.05 && purchases.length > 3) {
        const id = purchases.splice(Math.floor(random() * purchases.length), 1)[0]!;
        await refundPurchase(
          ctx,
          parseInput(RefundPurchaseInput, { idempotencyKey: key(), purchaseId: id }),
        ).catch(() => undefined);
      } else if (r < 0.12) {
        await redeemReward(
          ctx,
          parseInput(RedeemRewardInput, { idempotencyKey: key(), customerId, catalogItemId: itemId }),
        )
          .then((x) => rewards.push(x.rewardId))
          .catch(() => undefined); // not enough points
      } else if (r < 0.18 && rewards.length) {
        const id = rewards.shift()!;
        const { code } = await t.db('issued_rewards').where({ id }).first('code');
        await useReward(ctx, parseInput(UseRewardInput, { idempotencyKey: key(), code })).catch(
          () => undefined,
        );
      }
    }
  }
}

const CASES: HealthInput[] = [
  { from: '2026-01-01', to: '2026-03-31', period: 'DAY' },
  { from: '2026-01-01', to: '2026-03-31', period: 'WEEK' },
  { from: '2026-01-01', to: '2026-03-31', period: 'MONTH' },
  { from: '2026-01-10', to: '2026-02-17', period: 'WEEK' },
  { from: '2026-01-10', to: '2026-03-17', period: 'MONTH' },
  { from: '2026-02-03', to: '2026-03-10', period: 'DAY' },
  { from: '2026-01-01', to: '2026-03-31', period: 'MONTH', timeZone: 'UTC' },
];

/** Every case from the roll-ups (and what came after them) and from the raw rows. */
async function expectRollupsMatchRaw() {
  for (const c of CASES) {
    const raw = await healthReport(ctx, c, { rollups: false });
    expect(await healthReport(ctx, c), JSON.stringify(c)).toEqual(raw);
  }
}

const tables = async () => ({
  days: await t.db('report_days').where({ program_id: programId }).orderBy('day'),
  medians: await t.db('report_medians').where({ program_id: programId }).orderBy(['unit', 'start']),
  cohorts: await t.db('report_cohorts').where({ program_id: programId }).orderBy(['enrol_day', 'month']),
});

beforeAll(async () => {
  t = await createTestDb();
  const program = await makeProgram(t.db, { timeZone: 'America/New_York' });
  programId = program.id;
  ctx = systemContext(t.db, programId, clock);
  itemId = (
    await upsertCatalogItem(ctx, parseInput(UpsertCatalogItemInput, { name: 'Cookie', costPoints: 20 }))
  ).id;
  // Enrolled every 5 days from Dec 20 to Feb 14, all buying from Jan 1: some bought before
  // they enrolled (the cohorts count only what they bought in the range, from their month).
  for (let i = 0; i < 12; i++) {
    clock.set(new Date(Date.parse('2025-12-20T15:00:00Z') + i * 5 * DAY));
    customers.push((await makeCustomer(t.db, programId, {}, clock)).id);
  }
});
afterAll(() => t.drop());

describe('health roll-ups', () => {
  it('give the raw figures, with what was recorded after the cutoff counted again', async () => {
    await activity('2026-01-01T11:00:00Z', '2026-02-15T11:00:00Z');
    const jan = {
      day: await healthReport(ctx, { from: '2026-01-01', to: '2026-01-31', period: 'DAY' }),
      month: await healthReport(ctx, { from: '2025-12-01', to: '2026-01-31', period: 'MONTH' }),
    };
    // The roll-up at Feb 15 13:00 covers what was recorded before 12:50; then more.
    clock.set('2026-02-15T13:00:00Z');
    const first = await rollUp(t.db, programId, 'America/New_York', clock.now());
    expect(first).toMatchObject({
      rebuilt: true,
      cutoff: new Date(Date.parse('2026-02-15T13:00:00Z') - ROLLUP_MARGIN_MS),
    });
    const [days] = await t.db('report_days').where({ program_id: programId }).sum('purchases as n');
    expect(Number(days!.n)).toBe(
      Number((await t.db('purchases').where({ program_id: programId }).count('* as n'))[0]!.n),
    );
    await expectRollupsMatchRaw();

    // More activity, with purchases recorded late across the cutoff; a new customer.
    clock.set('2026-02-16T10:00:00Z');
    customers.push((await makeCustomer(t.db, programId, {}, clock)).id);
    await activity('2026-02-15T14:00:00Z', '2026-03-20T11:00:00Z');
    await expectRollupsMatchRaw();

    // The job again (incremental), more activity, and again.
    clock.set('2026-03-20T12:00:00Z');
    await reportJobs.report_rollups!.run(
      { config: loadConfig({ DATABASE_URL: t.url }), db: t.db, clock, log: createLogger('silent') },
      {},
      {} as never,
    );
    expect(await t.db('report_rollups').where({ program_id: programId }).first('cutoff')).toEqual({
      cutoff: new Date(Date.parse('2026-03-20T12:00:00Z') - ROLLUP_MARGIN_MS),
    });
    await expectRollupsMatchRaw();
    await activity('2026-03-20T12:30:00Z', '2026-04-02T11:00:00Z');
    clock.set('2026-04-02T12:00:00Z');
    expect(await rollUp(t.db, programId, 'America/New_York', clock.now())).toMatchObject({ rebuilt: false });
    expect(await rollUp(t.db, programId, 'America/New_York', clock.now())).toBeNull(); // nothing new
    await expectRollupsMatchRaw();

    // What the runs built step by step is what one run builds from nothing.
    const stepwise = await tables();
    await t.db('report_rollups').where({ program_id: programId }).delete();
    expect(await rollUp(t.db, programId, 'America/New_York', clock.now())).toMatchObject({ rebuilt: true });
    expect(await tables()).toEqual(stepwise);

    // A past range nothing was recorded into reports what it did.
    expect(await healthReport(ctx, { from: '2026-01-01', to: '2026-01-31', period: 'DAY' })).toEqual(jan.day);
    expect(await healthReport(ctx, { from: '2025-12-01', to: '2026-01-31', period: 'MONTH' })).toEqual(
      jan.month,
    );
  });

  it('are not read in another time zone, and are rebuilt when the program moves', async () => {
    await t.db('programs').where({ id: programId }).update({ time_zone: 'Europe/Paris' });
    await expectRollupsMatchRaw(); // the New York days are not used for Paris
    expect(await rollUp(t.db, programId, 'Europe/Paris', clock.now())).toMatchObject({ rebuilt: true });
    await expectRollupsMatchRaw();
  });
});
