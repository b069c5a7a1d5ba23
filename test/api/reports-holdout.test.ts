import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rollUp } from '../../src/modules/reports/reports.rollups';
import { rulesReport } from '../../src/modules/reports/reports.service';
import { isHeldOut } from '../../src/modules/rules/rules.engine';
import { CreateRewardRuleInput } from '../../src/modules/rules/rules.inputs';
import { createRewardRule, moveRewardRule } from '../../src/modules/rules/rules.service';
import { ManualClock } from '../../src/shared/clock';
import { parseInput } from '../../src/shared/errors';
import { createTestDb, type TestDb } from '../helpers/db';
import { makeCustomer, makeProgram, systemContext } from '../helpers/factories';
import { recordOneLine } from '../helpers/ledger';
import { rng } from '../helpers/random';

const DAY = 86_400_000;
const DAY0 = Date.parse('2026-05-01T08:00:00Z');
const clock = new ManualClock(new Date(DAY0));
let t: TestDb;

const definition = (holdoutPercent: number) => ({
  trigger: { type: 'PURCHASE_RECORDED' },
  actions: [{ type: 'AWARD_POINTS', args: { points: 10 } }],
  limits: { perCustomer: { times: 1, periodDays: null } },
  holdoutPercent,
});

/**
 * A program with a 50% holdout rule and `n` customers who each buy once on May 1; then each
 * returns within 20 days with probability pTreated or pHeldOut, by the group the rule put
 * them in. Every purchase goes through the real purchase transaction.
 */
async function population(n: number, pTreated: number, pHeldOut: number, seed: number) {
  const program = await makeProgram(t.db);
  const ctx = systemContext(t.db, program.id, clock);
  clock.set(new Date(DAY0));
  const rule = await createRewardRule(
    ctx,
    parseInput(CreateRewardRuleInput, {
      name: 'Thanks',
      label: 'Thank you!',
      definition: definition(50),
    }),
  );
  await moveRewardRule(ctx, 'activate', { id: rule.id });
  const buy = async (customerId: string, at: number, minor: number) => {
    clock.set(new Date(at));
    await recordOneLine(ctx, customerId, new Date(at), minor);
  };
  const random = rng(seed);
  const customers: { id: string; held: boolean }[] = [];
  for (let i = 0; i < n; i++) {
    clock.set(new Date(DAY0 + i * 60_000));
    const c = await makeCustomer(t.db, program.id, {}, clock);
    await buy(c.id, DAY0 + i * 60_000, 500);
    customers.push({ id: c.id, held: isHeldOut(rule.id, c.id, 50) });
  }
  // Who returns is spread evenly through each group (the k-th member returns when k × p
  // crosses a whole number): each group's rate is its p to within one customer, whatever the
  // random customer ids put in which group. Drawing it at random made the "no difference"
  // case a 95% interval that missed zero in one run of twenty.
  const seen = { held: 0, treated: 0 };
  for (const c of customers) {
    const group = c.held ? 'held' : 'treated';
    const p = c.held ? pHeldOut : pTreated;
    const kth = seen[group]++;
    if (Math.floor((kth + 1) * p) > Math.floor(kth * p)) {
      await buy(c.id, DAY0 + (1 + Math.floor(random() * 20)) * DAY, 400 + Math.floor(random() * 200));
    }
  }
  clock.set(new Date(DAY0 + 60 * DAY));
  return { ctx, rule, customers };
}

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.drop());

// Each population is hundreds of purchases through the workflow: on a loaded 2-core machine that
// passed 60 s, so the budget is the hang detector for tests that generate data (300 s).
describe('rule holdouts', { timeout: 300_000 }, () => {
  it('a true difference shows with an interval that excludes zero; held-out customers get nothing', async () => {
    const { ctx, rule, customers } = await population(240, 0.7, 0.3, 1);
    const held = customers.filter((c) => c.held);
    expect(held.length).toBeGreaterThan(84); // 50% of 240, give or take the hash
    expect(held.length).toBeLessThan(156);
    // Held out: recorded once per purchase that would have matched, never any bonus.
    const holdouts = await t
      .db('rule_holdouts')
      .where({ program_id: ctx.programId })
      .countDistinct('customer_id as n');
    expect(Number(holdouts[0]!.n)).toBe(held.length);
    const bonuses = await t
      .db('ledger_entries')
      .where({ program_id: ctx.programId, kind: 'BONUS' })
      .whereIn(
        'customer_id',
        held.map((c) => c.id),
      )
      .count('* as n');
    expect(Number(bonuses[0]!.n)).toBe(0);

    const r = await rulesReport(ctx, {
      from: '2026-05-01',
      to: '2026-05-01',
      followUpDays: 30,
      pointValueMinorPer100: 100,
    });
    const row = r.rules.find((x) => x.ruleId === rule.id)!;
    const treated = customers.length - held.length;
    expect(row).toMatchObject({
      holdoutPercent: 50,
      matches: treated,
      customers: treated,
      heldOutCustomers: held.length,
      pointsGiven: 10 * treated,
      costMinor: 10 * treated,
    });
    const e = row.effect!;
    expect(e.treated.customers).toBe(treated);
    expect(e.heldOut.customers).toBe(held.length);
    expect(e.verdict).toBe('TREATED_RETURN_MORE');
    expect(e.returnRateDiffLowBp!).toBeGreaterThan(0);
    expect(e.returnRateDiffHighBp!).toBeGreaterThan(e.returnRateDiffLowBp!);
    expect(e.summary).toMatch(/more often/);
  });

  it('no true difference: the interval includes zero', async () => {
    const { ctx, rule } = await population(240, 0.5, 0.5, 2);
    const r = await rulesReport(ctx, { from: '2026-05-01', to: '2026-05-01', followUpDays: 30 });
    const e = r.rules.find((x) => x.ruleId === rule.id)!.effect!;
    expect(e.verdict).toBe('NO_CLEAR_DIFFERENCE');
    expect(e.returnRateDiffLowBp!).toBeLessThanOrEqual(0);
    expect(e.returnRateDiffHighBp!).toBeGreaterThanOrEqual(0);
    expect(e.summary).toMatch(/No clear difference/);
  });

  it('says plainly when the sample is too small, and waits for the follow-up window', async () => {
    const { ctx, rule } = await population(12, 0.7, 0.3, 3);
    const r = await rulesReport(ctx, { from: '2026-05-01', to: '2026-05-01', followUpDays: 30 });
    const e = r.rules.find((x) => x.ruleId === rule.id)!.effect!;
    expect(e.verdict).toBe('TOO_SMALL');
    expect(e.returnRateDiffBp).toBeNull();
    expect(e.summary).toMatch(/^Too few customers to tell/);
    // 60 days on, a 90-day follow-up has not ended for anyone: nobody is compared yet.
    const early = await rulesReport(ctx, { from: '2026-05-01', to: '2026-05-01', followUpDays: 90 });
    const e2 = early.rules.find((x) => x.ruleId === rule.id)!.effect!;
    expect(e2.treated.customers + e2.heldOut.customers).toBe(0);
  });

  it('the effect from the roll-ups (and what was recorded after them) is the effect from every purchase', async () => {
    const { ctx, customers } = await population(80, 0.6, 0.4, 4);
    const same = async () => {
      for (const followUpDays of [3, 10, 30]) {
        const args = { from: '2026-05-01', to: '2026-05-01', followUpDays };
        expect(await rulesReport(ctx, args)).toEqual(await rulesReport(ctx, args, { rollups: false }));
      }
    };
    // Rolled up at day 8: the returns after it are recorded since the cutoff.
    await rollUp(t.db, ctx.programId, 'UTC', new Date(DAY0 + 8 * DAY));
    await same();
    await rollUp(t.db, ctx.programId, 'UTC', new Date(DAY0 + 40 * DAY));
    await same();
    // A purchase recorded on day 58 that happened on day 29, inside rolled-up follow-up windows.
    clock.set(new Date(DAY0 + 58 * DAY));
    await recordOneLine(ctx, customers[0]!.id, new Date(DAY0 + 29 * DAY), 777);
    clock.set(new Date(DAY0 + 60 * DAY));
    await same();
  });

  it('refuses a holdout share outside 0–50% with the field', async () => {
    const program = await makeProgram(t.db);
    const ctx = systemContext(t.db, program.id, clock);
    await expect(
      createRewardRule(
        ctx,
        parseInput(CreateRewardRuleInput, { name: 'Too much', label: 'x', definition: definition(60) }),
      ),
    ).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { issues: [{ path: 'input.definition.holdoutPercent', message: 'Must be 0–50' }] },
    });
  });
});
