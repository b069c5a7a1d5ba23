import { describe, expect, it } from 'vitest';
import { scoped } from '../../src/db/scoped';
import { ManualClock } from '../../src/shared/clock';
import type { RequestContext } from '../../src/shared/context';
import { makeCustomer, makeProgramWithKeys, type ProgramWithKeys, systemContext } from '../helpers/factories';
import { EARNING } from '../helpers/ledger';
import { buyNow } from '../helpers/purchases';
import { serverForFile } from '../helpers/suite';

// Issue 12: a purchase's program settings (earning config, survey settings, active tiers, the
// rules' revision) are cached per process and checked against the program's settings revision
// in the purchase's first statement (migration 20261203110000). Nothing tells the cache about
// a change: every test here changes settings by a path that does not touch it (the API's other
// mutations, SQL by hand), as another process would.

const clock = new ManualClock('2026-03-03T12:00:00Z');
const s = serverForFile({ clock });

type Program = ProgramWithKeys;

async function setup() {
  const p = await makeProgramWithKeys(s.testDb.db);
  const ctx = systemContext(s.testDb.db, p.program.id, clock);
  const c = await makeCustomer(s.testDb.db, p.program.id, {}, clock);
  // $9.00: 9 points at the default 1 point per dollar.
  const buy = (at: RequestContext = ctx) => buyNow(at, c.id);
  expect((await buy()).pointsEarned).toBe(9); // fills this process's cache
  return { ...p, c, ctx, buy };
}

const gql = async (p: Program, query: string, input: object, key = p.keys.admin) => {
  const r = await s.gql(query, { input }, key);
  expect(r.errors).toBeUndefined();
  return r.data!;
};

/** The settings statement 1 returned (null: the cached ones were current). */
async function settingsRead(run: () => Promise<unknown>): Promise<unknown[]> {
  const seen: unknown[] = [];
  const on = (response: unknown) => {
    const rows = (response as { rows?: Record<string, unknown>[] })?.rows;
    if (rows?.[0] && 'settings_revision' in rows[0]) seen.push(rows[0].settings);
  };
  s.testDb.db.on('query-response', on);
  try {
    await run();
  } finally {
    s.testDb.db.off('query-response', on);
  }
  return seen;
}

describe('the purchase settings cache (issue 12)', () => {
  it('is used while the settings are unchanged, and read again after any change', async () => {
    const p = await setup();
    expect(await settingsRead(() => p.buy())).toEqual([null]);
    await gql(p, EARNING, { pointsPerUnit: 2 });
    const after = await settingsRead(() => p.buy());
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ earning: { points_per_unit: 2 } });
    expect(await settingsRead(() => p.buy())).toEqual([null]);
  });

  it('a change committed before the purchase began is applied, whoever made it (SQL by hand)', async () => {
    const p = await setup();
    await s.testDb.db.raw(
      `INSERT INTO earning_configs (program_id, points_per_unit, updated_at) VALUES (?, 5, now())
       ON CONFLICT (program_id) DO UPDATE SET points_per_unit = 5`,
      [p.program.id],
    );
    expect((await p.buy()).pointsEarned).toBe(45);
    await s.testDb.db('earning_configs').where({ program_id: p.program.id }).delete();
    expect((await p.buy()).pointsEarned).toBe(9);
  });

  it('is never stale inside a transaction that changed them, and a rolled-back change is never used', async () => {
    const p = await setup();
    await expect(
      s.testDb.db.transaction(async (trx) => {
        await trx.raw(
          `INSERT INTO earning_configs (program_id, points_per_unit, updated_at) VALUES (?, 3, now())
           ON CONFLICT (program_id) DO UPDATE SET points_per_unit = 3`,
          [p.program.id],
        );
        // The purchase in the changing transaction sees the change it made…
        expect((await p.buy({ ...p.ctx, q: scoped(trx, p.program.id) })).pointsEarned).toBe(27);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    // …and nobody uses it once it is rolled back.
    expect((await p.buy()).pointsEarned).toBe(9);
    await s.testDb.db.raw(
      `INSERT INTO earning_configs (program_id, points_per_unit, updated_at) VALUES (?, 4, now())
       ON CONFLICT (program_id) DO UPDATE SET points_per_unit = 4`,
      [p.program.id],
    );
    expect((await p.buy()).pointsEarned).toBe(36);
  });

  it('never applies a rule revision archived before the purchase began', async () => {
    const p = await setup();
    const RULE = `mutation($input: CreateRewardRuleInput!) { createRewardRule(input: $input) { id } }`;
    const ACTIVATE = `mutation($input: RewardRuleIdInput!) { activateRewardRule(input: $input) { id } }`;
    const ARCHIVE = `mutation($input: RewardRuleIdInput!) { archiveRewardRule(input: $input) { status } }`;
    const definition = {
      trigger: { type: 'PURCHASE_RECORDED' },
      actions: [{ type: 'AWARD_POINTS', args: { points: 5 } }],
    };
    const rule = (await gql(p, RULE, { name: 'r', label: 'Thanks', definition }, p.keys.marketing))
      .createRewardRule;
    await gql(p, ACTIVATE, { id: rule.id }, p.keys.marketing);
    const bonuses = () =>
      s.testDb.db('ledger_entries').where({ program_id: p.program.id, customer_id: p.c.id, kind: 'BONUS' });
    await p.buy();
    expect(await bonuses()).toHaveLength(1); // the rule is cached, compiled, and acts
    await gql(p, ARCHIVE, { id: rule.id });
    await p.buy();
    await p.buy();
    expect(await bonuses()).toHaveLength(1);
  });

  it('tier definitions created after the cache was filled are used by the next purchase', async () => {
    const p = await setup();
    const TIER = `mutation($input: CreateTierInput!) { createTier(input: $input) { id } }`;
    const silver = (
      await gql(
        p,
        TIER,
        {
          name: 'Silver',
          rank: 1,
          threshold: 1000,
          metric: 'SPEND',
          window: { kind: 'ROLLING_DAYS', days: 30 },
          earnMultiplierPercent: 200,
        },
        p.keys.marketing,
      )
    ).createTier;
    await p.buy(); // $18 this month: Silver, from this purchase on
    const held = await s.testDb
      .db('customer_tiers')
      .where({ program_id: p.program.id, customer_id: p.c.id })
      .first();
    expect(held?.tier_id).toBe(silver.id);
    expect((await p.buy()).pointsEarned).toBe(18); // Silver's 2x
  });

  it("never shows another program's settings", async () => {
    const a = await setup();
    const b = await setup();
    await gql(b, EARNING, { pointsPerUnit: 10 });
    for (let i = 0; i < 3; i++) {
      expect((await a.buy()).pointsEarned).toBe(9);
      expect((await b.buy()).pointsEarned).toBe(90);
    }
  });
});
