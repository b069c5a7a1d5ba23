import { describe, expect, it } from 'vitest';
import { RecordPurchaseInput } from '../../src/modules/purchases/purchases.inputs';
import { ManualClock } from '../../src/shared/clock';
import { parseInput } from '../../src/shared/errors';
import { recordPurchase } from '../../src/workflows/record-purchase';
import { makeCustomer, makeProgramWithKeys, type ProgramWithKeys, systemContext } from '../helpers/factories';
import { ADJUST, key, ledgerAgrees, purchaseInput, REFUND, UPSERT_ITEM } from '../helpers/ledger';
import { buyNow, statementsDuring } from '../helpers/purchases';
import { serverForFile } from '../helpers/suite';

// Issue 12: a purchase is a few round trips, BEGIN and COMMIT included. Counted as the
// query-count tests count reads: every statement knex sends, through its 'query' event.

const clock = new ManualClock('2026-03-03T12:00:00Z');
const s = serverForFile({ clock });

type Program = ProgramWithKeys;

const statements = (run: () => Promise<unknown>) => statementsDuring(s.testDb.db, run, 3);

async function setup(prep: (p: Program) => Promise<void> = async () => {}) {
  const p = await makeProgramWithKeys(s.testDb.db);
  await prep(p);
  const ctx = systemContext(s.testDb.db, p.program.id, clock);
  const c = await makeCustomer(s.testDb.db, p.program.id, {}, clock);
  const buy = (minor = 900, overrides: Record<string, unknown> = {}) =>
    buyNow(ctx, c.id, {
      lines: [{ sku: 'A', category: 'coffee', quantity: 1, unitPriceMinor: minor }],
      ...overrides,
    });
  // A first purchase fills the process's caches (program row, compiled rules).
  await buy();
  return { ...p, c, ctx, buy };
}

const gql = async (p: Program, query: string, input: object, key = p.keys.admin) => {
  const r = await s.gql(query, { input }, key);
  expect(r.errors).toBeUndefined();
  return r.data!;
};

const TIER = `mutation($input: CreateTierInput!) { createTier(input: $input) { id } }`;
const RULE = `mutation($input: CreateRewardRuleInput!) { createRewardRule(input: $input) { id } }`;
const ACTIVATE = `mutation($input: RewardRuleIdInput!) { activateRewardRule(input: $input) { id } }`;
const SURVEYS = `mutation($input: UpdateSurveySettingsInput!) { updateSurveySettings(input: $input) { enabled } }`;

async function rule(p: Program, definition: object) {
  const c = await gql(p, RULE, { name: 'r', label: 'Thanks', definition }, p.keys.marketing);
  await gql(p, ACTIVATE, { id: c.createRewardRule.id }, p.keys.marketing);
}

describe('recordPurchase round trips (issue 12)', () => {
  it('plain purchase: BEGIN, one read, one write, COMMIT', async () => {
    const { buy } = await setup();
    const st = await statements(() => buy());
    expect(st).toEqual(['BEGIN;', 'WITH claim AS', 'WITH p AS', 'COMMIT;']);
    expect(st.length).toBeLessThanOrEqual(6);
  });

  it('over HTTP with an API key: the purchase, and nothing read for the purchase id in the payload', async () => {
    const p = await setup();
    const mutation = `mutation($input: RecordPurchaseInput!) {
      recordPurchase(input: $input) { pointsEarned replayed purchase { id } }
    }`;
    const send = () =>
      s.gql(
        mutation,
        { input: purchaseInput(p.c.id, { occurredAt: clock.now().toISOString() }) },
        p.keys.pos,
      );
    await send(); // the key's first use is recorded once
    let r: Awaited<ReturnType<typeof send>> | undefined;
    const st = await statements(async () => {
      r = await send();
    });
    expect(r!.errors).toBeUndefined();
    expect(st).toEqual(['BEGIN;', 'WITH claim AS', 'WITH p AS', 'COMMIT;']);
  });

  it('a replayed key: BEGIN, the claim that finds it taken, the stored result, COMMIT', async () => {
    const { ctx, c } = await setup();
    const input = purchaseInput(c.id, { occurredAt: clock.now() });
    const first = await recordPurchase(ctx, parseInput(RecordPurchaseInput, input));
    let again: unknown;
    const st = await statements(async () => {
      again = await recordPurchase(ctx, parseInput(RecordPurchaseInput, input));
    });
    expect(again).toEqual({ ...first, replayed: true });
    expect(st).toEqual(['BEGIN;', 'WITH claim AS', 'select * from', 'COMMIT;']);
  });

  it('surveys on: the survey job is one more row of the write', async () => {
    const p = await setup((p) =>
      gql(p, SURVEYS, {
        enabled: true,
        scale: 'CSAT',
        delayMinutes: 60,
        samplePercent: 100,
        minDaysBetween: 30,
        callAfterDays: 3,
        taskSlaHours: 24,
      }).then(() => {}),
    );
    let r: { purchaseId: string } | undefined;
    const st = await statements(async () => {
      r = await p.buy();
    });
    expect(st).toHaveLength(4);
    const row = await s.testDb
      .db('outbox')
      .where({ program_id: p.program.id, task: 'send_survey' })
      .whereRaw(`payload->>'purchaseId' = ?`, [r!.purchaseId])
      .first();
    expect(row).toMatchObject({
      job_key: `${p.program.id}:survey:${r!.purchaseId}`,
      run_at: new Date(clock.now().getTime() + 60 * 60_000),
    });
  });

  it('with tiers: a second read under the locks (metrics); an upgrade is part of the write', async () => {
    const p = await setup(async (p) => {
      for (const [name, rank, threshold] of [
        ['Silver', 1, 10_000],
        ['Gold', 2, 50_000],
      ] as const) {
        await gql(
          p,
          TIER,
          { name, rank, threshold, metric: 'SPEND', window: { kind: 'ROLLING_DAYS', days: 30 } },
          p.keys.marketing,
        );
      }
    });
    const plain = await statements(() => p.buy(1_000));
    expect(plain).toHaveLength(5);
    expect(plain.slice(1, 4)).toEqual(['WITH claim AS', 'SELECT (SELECT to_jsonb(m)', 'WITH p AS']);
    // 900 + 1,000 + 10,000 crosses Silver: the tier row, its history and the event in the write.
    const upgrade = await statements(() => p.buy(10_000));
    expect(upgrade).toHaveLength(5);
    const history = await s.testDb
      .db('tier_history')
      .where({ program_id: p.program.id, customer_id: p.c.id });
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ reason: 'PURCHASE', from_tier_id: null });
    const events = await s.testDb.db('outbox').where({ program_id: p.program.id, task: 'tier_changed' });
    expect(events).toHaveLength(1);
  });

  it('a tier with a welcome reward: the reward is granted by the rewards module (2 statements more)', async () => {
    const p = await setup(async (p) => {
      const item = await gql(p, UPSERT_ITEM, { name: 'Welcome', costPoints: 1 });
      await gql(
        p,
        TIER,
        {
          name: 'Silver',
          rank: 1,
          threshold: 5_000,
          metric: 'SPEND',
          window: { kind: 'ROLLING_DAYS', days: 30 },
          welcomeCatalogItemId: item.upsertCatalogItem.id,
        },
        p.keys.marketing,
      );
    });
    const st = await statements(() => p.buy(5_000));
    expect(st).toHaveLength(7);
    expect(
      await s.testDb.db('issued_rewards').where({ program_id: p.program.id, customer_id: p.c.id }),
    ).toHaveLength(1);
  });

  it('a customer in debt: the lots are read under the lock and the debt is paid from them first', async () => {
    const p = await setup(); // A: 9 points
    const b = await p.buy(); // B: 9 points
    await gql(
      p,
      ADJUST,
      { idempotencyKey: key(), customerId: p.c.id, points: -18, reason: 'spent' },
      p.keys.staff,
    );
    await gql(p, REFUND, { idempotencyKey: key(), purchaseId: b.purchaseId }); // 9 owed
    await p.buy(); // C: its lot is written after the debt is looked at, so the debt stays
    expect(await s.testDb.db('point_balances').where({ program_id: p.program.id }).first()).toMatchObject({
      debt: 9,
    });
    const st = await statements(() => p.buy()); // D: pays the 9 from C's lot
    expect(st).toEqual(
      [
        'BEGIN;',
        'WITH claim AS',
        'SELECT (SELECT coalesce(jsonb_agg(to_jsonb(l)',
        'update "point_lots" set',
        'WITH p AS',
        'COMMIT;',
      ].map((x) => x.split(/\s+/).slice(0, 3).join(' ')),
    );
    const balance = await s.testDb.db('point_balances').where({ program_id: p.program.id }).first();
    expect(balance).toMatchObject({ debt: 0, points: 9 });
    expect(await ledgerAgrees(s.testDb.db, p.program.id, p.c.id)).toEqual({
      entries: 9,
      balance: 9,
      lotsLessDebt: 9,
    });
  });

  it('active rules that cannot act cost the read of visit statistics only', async () => {
    const p = await setup((p) =>
      rule(p, {
        trigger: { type: 'VISIT_MILESTONE', args: { visit: 1000 } },
        actions: [{ type: 'AWARD_POINTS', args: { points: 5 } }],
      }),
    );
    const st = await statements(() => p.buy());
    expect(st).toHaveLength(5);
  });

  it('a rule that acts runs in the engine, a savepoint per rule, and the result is stored after it', async () => {
    const p = await setup((p) =>
      rule(p, {
        trigger: { type: 'PURCHASE_RECORDED' },
        actions: [{ type: 'AWARD_POINTS', args: { points: 5 } }],
      }),
    );
    const st = await statements(() => p.buy());
    // BEGIN, read, stats, write, revision, SAVEPOINT, application, credit (lock, config, entry,
    // lot, balance), RELEASE, result, COMMIT.
    expect(st).toHaveLength(15);
    const bonuses = await s.testDb
      .db('ledger_entries')
      .where({ program_id: p.program.id, customer_id: p.c.id, kind: 'BONUS' });
    expect(bonuses).toHaveLength(2);
  });
});
