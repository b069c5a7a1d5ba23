import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/shared/clock';
import { makeCustomer, makeKey, makeProgram } from '../helpers/factories';
import { EARNING, key, PREVIEW, purchaseInput, RECORD, UPSERT_ITEM, writeCounts } from '../helpers/ledger';
import { startTestServer, type TestServer } from '../helpers/server';

// Issue 15's acceptance: previewPurchase equals the following recordPurchase's result for the
// same basket, over random baskets, earning configurations, tiers, reward rules and histories.
const clock = new ManualClock('2026-05-06T15:30:00Z');
let s: TestServer;

beforeAll(async () => {
  s = await startTestServer({ clock });
});
afterAll(() => s.close());

const RECORD_FULL = RECORD.replace('rewardsIssued { id }', 'rewardsIssued { id name label }').replace(
  'customer { id externalId',
  'customer { id tier { id } externalId',
);

const CATEGORIES = ['coffee', 'cake', 'tea'] as const;

const line = fc.record({
  sku: fc.constantFrom('A', 'B', 'C'),
  category: fc.constantFrom<string | null>(...CATEGORIES, null),
  quantity: fc.integer({ min: 1, max: 5 }),
  unitPriceMinor: fc.integer({ min: 0, max: 3000 }),
});

const earning = fc.record({
  pointsPerUnit: fc.integer({ min: 1, max: 3 }),
  rounding: fc.constantFrom('FLOOR', 'HALF_UP', 'CEIL'),
  pendingDays: fc.constantFrom(0, 0, 2),
  categoryMultipliers: fc.uniqueArray(
    fc.record({ category: fc.constantFrom(...CATEGORIES), percent: fc.integer({ min: 50, max: 300 }) }),
    { selector: (m) => m.category, maxLength: 2 },
  ),
  excludedCategories: fc.subarray([...CATEGORIES], { maxLength: 1 }),
});

const condition = fc.oneof(
  fc.constant(null),
  fc.record({
    condition: fc.constant('min_purchase_total'),
    args: fc.record({ amountMinor: fc.integer({ min: 1, max: 6000 }) }),
  }),
  fc.record({
    condition: fc.constant('line_matches'),
    args: fc.record({
      category: fc.constantFrom(...CATEGORIES),
      minQuantity: fc.integer({ min: 1, max: 4 }),
    }),
  }),
  fc.record({
    condition: fc.constant('visit_count_at_least'),
    args: fc.record({ count: fc.integer({ min: 1, max: 4 }) }),
  }),
);

const rule = fc.record({
  trigger: fc.oneof(
    fc.constant({ type: 'PURCHASE_RECORDED' }),
    fc.record({
      type: fc.constant('VISIT_MILESTONE'),
      args: fc.record({ visit: fc.integer({ min: 1, max: 3 }) }),
    }),
  ),
  condition,
  action: fc.oneof(
    fc.record({
      type: fc.constant('AWARD_POINTS'),
      args: fc.record({ points: fc.integer({ min: 1, max: 50 }) }),
    }),
    fc.record({
      type: fc.constant('AWARD_POINTS'),
      args: fc.record({ percentOfBase: fc.integer({ min: 1, max: 200 }) }),
    }),
    fc.record({ type: fc.constant('ISSUE_REWARD'), args: fc.constant({}) }),
  ),
  waitForReturnWindow: fc.boolean(),
  once: fc.boolean(),
});

const tier = fc.option(
  fc.record({
    metric: fc.constantFrom('SPEND', 'POINTS', 'VISITS'),
    threshold: fc.integer({ min: 1, max: 60 }),
    earnMultiplierPercent: fc.integer({ min: 100, max: 300 }),
    welcome: fc.boolean(),
  }),
  { nil: null },
);

const scenario = fc.record({
  earning,
  tier,
  rules: fc.array(rule, { maxLength: 3 }),
  history: fc.array(fc.array(line, { minLength: 1, maxLength: 2 }), { maxLength: 3 }),
  basket: fc.array(line, { minLength: 1, maxLength: 4 }),
  byExternalId: fc.boolean(),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

// One scenario where everything acts: a tier reached with its welcome reward, a reward rule,
// a bonus rule on base points, and one that waits for the return window.
const EVERYTHING: Scenario = {
  earning: {
    pointsPerUnit: 2,
    rounding: 'HALF_UP',
    pendingDays: 2,
    categoryMultipliers: [{ category: 'cake', percent: 150 }],
    excludedCategories: ['tea'],
  },
  tier: { metric: 'SPEND', threshold: 20, earnMultiplierPercent: 150, welcome: true },
  rules: [
    {
      trigger: { type: 'PURCHASE_RECORDED' },
      condition: { condition: 'line_matches', args: { category: 'cake', minQuantity: 1 } },
      action: { type: 'ISSUE_REWARD', args: {} },
      waitForReturnWindow: false,
      once: false,
    },
    {
      trigger: { type: 'VISIT_MILESTONE', args: { visit: 2 } },
      condition: null,
      action: { type: 'AWARD_POINTS', args: { percentOfBase: 50 } },
      waitForReturnWindow: false,
      once: true,
    },
    {
      trigger: { type: 'PURCHASE_RECORDED' },
      condition: { condition: 'min_purchase_total', args: { amountMinor: 1000 } },
      action: { type: 'AWARD_POINTS', args: { points: 25 } },
      waitForReturnWindow: true,
      once: false,
    },
  ],
  history: [[{ sku: 'A', category: 'coffee', quantity: 1, unitPriceMinor: 450 }]],
  basket: [
    { sku: 'B', category: 'cake', quantity: 3, unitPriceMinor: 650 },
    { sku: 'C', category: 'tea', quantity: 1, unitPriceMinor: 300 },
  ],
  byExternalId: false,
};

async function ok<T = Record<string, any>>(query: string, variables: Record<string, unknown>, token: string) {
  const r = await s.gql<T>(query, variables, token);
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data!;
}

/** A program set up as the scenario says, and a customer with its history. */
async function setUp(sc: Scenario) {
  const program = await makeProgram(s.testDb.db);
  const admin = await makeKey(s.testDb.db, program.id, 'admin');
  const pos = await makeKey(s.testDb.db, program.id, 'pos');
  await ok(EARNING, { input: sc.earning }, admin);
  const item = (
    await ok(UPSERT_ITEM, { input: { name: 'Free coffee', costPoints: 100, validDays: 30 } }, admin)
  ).upsertCatalogItem.id as string;
  if (sc.tier) {
    const { welcome, ...t } = sc.tier;
    const threshold = t.metric === 'SPEND' ? t.threshold * 100 : t.threshold;
    await ok(
      `mutation($input: CreateTierInput!) { createTier(input: $input) { id } }`,
      {
        input: {
          ...t,
          threshold,
          name: 'Gold',
          rank: 1,
          window: { kind: 'CALENDAR_YEAR' },
          ...(welcome ? { welcomeCatalogItemId: item } : {}),
        },
      },
      admin,
    );
  }
  for (const [i, r] of sc.rules.entries()) {
    const definition = {
      trigger: r.trigger,
      ...(r.condition ? { conditions: r.condition } : {}),
      actions: [r.action.type === 'ISSUE_REWARD' ? { ...r.action, args: { catalogItemId: item } } : r.action],
      waitForReturnWindow: r.waitForReturnWindow,
      ...(r.once ? { limits: { perCustomer: { times: 1, periodDays: null } } } : {}),
    };
    const c = await ok(
      `mutation($input: CreateRewardRuleInput!) { createRewardRule(input: $input) { id } }`,
      { input: { name: `Rule ${i}`, label: `Thanks ${i}`, definition } },
      admin,
    );
    await ok(
      `mutation($input: RewardRuleIdInput!) { activateRewardRule(input: $input) { id } }`,
      { input: { id: c.createRewardRule.id } },
      admin,
    );
  }
  const customer = await makeCustomer(s.testDb.db, program.id, {}, clock);
  for (const [i, lines] of sc.history.entries()) {
    const at = new Date(clock.now().getTime() - (sc.history.length - i) * 3_600_000).toISOString();
    await ok(RECORD, { input: purchaseInput(customer.id, { occurredAt: at, lines }) }, pos);
  }
  return { program, pos, customer };
}

const bonusPoints = async (programId: string, customerId: string) =>
  Number(
    (
      await s.testDb
        .db('ledger_entries')
        .where({ program_id: programId, customer_id: customerId, kind: 'BONUS' })
        .sum<{ s: string | null }[]>('points as s')
    )[0]!.s ?? 0,
  );

describe('previewPurchase', () => {
  it('equals the following recordPurchase for the same basket (random baskets, rules, tiers, histories)', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (sc) => {
        const { program, pos, customer } = await setUp(sc);
        const who = sc.byExternalId
          ? { customerExternalId: customer.external_id }
          : { customerId: customer.id };
        const basket = {
          ...who,
          storeCode: 'S1',
          currency: 'USD',
          lines: sc.basket,
          occurredAt: clock.now().toISOString(),
        };

        const before = await writeCounts(s.testDb.db);
        const preview = (await ok(PREVIEW, { input: basket }, pos)).previewPurchase;
        expect(await writeCounts(s.testDb.db)).toEqual(before);

        const bonusBefore = await bonusPoints(program.id, customer.id);
        const record = (
          await ok(
            RECORD_FULL,
            { input: { ...basket, idempotencyKey: key(), externalId: `r-${key()}` } },
            pos,
          )
        ).recordPurchase;
        const bonusAfter = await bonusPoints(program.id, customer.id);
        const earn = await s.testDb
          .db('ledger_entries')
          .where({ program_id: program.id, purchase_id: record.purchase.id, kind: 'EARN' })
          .first();
        const [later] = await s.testDb
          .db('rule_applications')
          .where({ program_id: program.id, purchase_id: record.purchase.id, status: 'PENDING' })
          .sum<{ s: string | null }[]>('points as s');

        expect(preview.customer).toEqual({ id: customer.id });
        expect(preview.pointsEarned).toBe(record.pointsEarned);
        expect(preview.totalMinor).toBe(record.purchase.totalMinor);
        expect(preview.basePoints).toBe(Number(earn?.base_points ?? 0));
        expect(preview.tierBonusPoints).toBe(Number(earn?.bonus_points ?? 0));
        expect(preview.availableAt).toBe(earn ? earn.available_at.toISOString() : null);
        expect(preview.ruleBonusPoints).toBe(bonusAfter - bonusBefore);
        expect(preview.laterRuleBonusPoints).toBe(Number(later?.s ?? 0));
        expect(preview.rewardsIssued.map((r: { name: string; label: string }) => [r.name, r.label])).toEqual(
          record.rewardsIssued.map((r: { name: string; label: string }) => [r.name, r.label]),
        );
        expect(preview.tierAfter?.id ?? null).toBe(record.customer.tier?.id ?? null);
        if (JSON.stringify(sc) === JSON.stringify(EVERYTHING)) {
          // The example above: each part of the preview had something to compare.
          expect(preview.rewardsIssued).toHaveLength(1);
          expect(preview.ruleBonusPoints).toBeGreaterThan(0);
          expect(preview.laterRuleBonusPoints).toBe(25);
          expect(preview.tierAfter).not.toBeNull();
        }
      }),
      {
        numRuns: 40,
        examples: [[EVERYTHING]],
      },
    );
  }, 600_000);
});
