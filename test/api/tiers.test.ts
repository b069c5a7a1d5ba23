import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOBS } from '../../src/jobs/registry';
import { runTierEvaluation } from '../../src/modules/tiers/tiers.evaluation';
import { ManualClock } from '../../src/shared/clock';
import { makeCustomer, makeProgramWithKeys, systemContext } from '../helpers/factories';
import { jobDeps } from '../helpers/jobs';
import { key, purchaseInput, RECORD, REFUND, UPSERT_ITEM } from '../helpers/ledger';
import { buyAsTill } from '../helpers/purchases';
import { startTestServer, type TestServer } from '../helpers/server';

const DAY = 86_400_000;
const clock = new ManualClock('2026-03-01T15:00:00Z');
let s: TestServer;

beforeAll(async () => {
  s = await startTestServer({ clock });
});
afterAll(() => s.close());

const CREATE = `mutation($input: CreateTierInput!) {
  createTier(input: $input) { id name rank metric threshold window { kind days } earnMultiplierPercent version }
}`;
const UPDATE = `mutation($input: UpdateTierInput!) { updateTier(input: $input) { id version threshold } }`;
const SETTINGS = `mutation($input: UpdateTierSettingsInput!) {
  updateTierSettings(input: $input) { graceDays maxDowngradeRanks }
}`;
const STANDING = `query($id: ID!) {
  customer(id: $id) {
    tier { name }
    tierProgress { next { name } metric current required remaining }
    tierRenewal { tier { name } metric current required remaining graceUntil windowEndsAt nextEvaluationAt }
    tierHistory { reason from { name } to { name } purchase { id } evaluationDate }
  }
}`;

type Tier = { name: string; rank: number; threshold: number } & Record<string, unknown>;

async function setup(opts: {
  timeZone?: string;
  tiers: Tier[];
  graceDays?: number;
  maxDowngradeRanks?: number;
}) {
  const p = await makeProgramWithKeys(s.testDb.db, opts.timeZone ? { timeZone: opts.timeZone } : {});
  const ids: Record<string, string> = {};
  for (const t of opts.tiers) {
    const r = await s.gql(
      CREATE,
      { input: { metric: 'SPEND', window: { kind: 'ROLLING_DAYS', days: 30 }, ...t } },
      p.keys.marketing,
    );
    expect(r.errors).toBeUndefined();
    ids[t.name] = r.data!.createTier.id;
  }
  const settings = { graceDays: opts.graceDays ?? 0, maxDowngradeRanks: opts.maxDowngradeRanks ?? 1 };
  expect((await s.gql(SETTINGS, { input: settings }, p.keys.admin)).errors).toBeUndefined();
  const c = await makeCustomer(s.testDb.db, p.program.id, {}, clock);
  const ctx = systemContext(s.testDb.db, p.program.id, clock);
  const buy = (minor: number) => buyAsTill(s, p.keys.pos, c.id, minor, clock.now());
  const standing = async () => (await s.gql(STANDING, { id: c.id }, p.keys.staff)).data!.customer;
  const evaluate = () => runTierEvaluation(ctx);
  return { ...p, c, ids, ctx, buy, standing, evaluate };
}

const ladder: Tier[] = [
  { name: 'Silver', rank: 1, threshold: 10_000 },
  { name: 'Gold', rank: 2, threshold: 50_000, earnMultiplierPercent: 150 },
  { name: 'Platinum', rank: 3, threshold: 100_000, earnMultiplierPercent: 200 },
];

describe('upgrades inside the purchase transaction', () => {
  it('upgrades on the purchase that crosses the threshold, skipping tiers; progress exact to the cent', async () => {
    clock.set('2026-03-01T15:00:00Z');
    const { buy, standing, ids, program } = await setup({ tiers: ladder });
    await buy(9_999);
    expect(await standing()).toMatchObject({
      tier: null,
      tierProgress: {
        next: { name: 'Silver' },
        metric: 'SPEND',
        current: 9_999,
        required: 10_000,
        remaining: 1,
      },
      tierRenewal: null,
      tierHistory: [],
    });
    const crossing = await buy(1);
    let st = await standing();
    expect(st.tier).toEqual({ name: 'Silver' });
    expect(st.tierProgress).toEqual({
      next: { name: 'Gold' },
      metric: 'SPEND',
      current: 10_000,
      required: 50_000,
      remaining: 40_000,
    });
    expect(st.tierHistory).toEqual([
      {
        reason: 'PURCHASE',
        from: null,
        to: { name: 'Silver' },
        purchase: { id: crossing.purchase.id },
        evaluationDate: null,
      },
    ]);

    // One purchase crosses Gold and Platinum: straight to Platinum.
    await buy(90_000);
    st = await standing();
    expect(st.tier).toEqual({ name: 'Platinum' });
    expect(st.tierProgress).toBeNull();
    expect(st.tierRenewal).toMatchObject({ tier: { name: 'Platinum' }, current: 100_000, remaining: 0 });
    expect(st.tierHistory.map((h: { to: { name: string } }) => h.to.name)).toEqual(['Platinum', 'Silver']);

    // The event for later work is in the outbox, written by the same transaction.
    const events = await s.testDb
      .db('outbox')
      .where({ program_id: program.id, task: 'tier_changed' })
      .orderBy('id');
    expect(events.map((e) => e.payload)).toEqual([
      expect.objectContaining({
        programId: program.id,
        fromTierId: null,
        toTierId: ids.Silver,
        reason: 'PURCHASE',
      }),
      expect.objectContaining({ fromTierId: ids.Silver, toTierId: ids.Platinum, reason: 'PURCHASE' }),
    ]);
  });

  it("applies the tier's multiplier to earning; the ledger entry shows base and bonus", async () => {
    clock.set('2026-03-01T15:00:00Z');
    const { buy, c, keys } = await setup({ tiers: ladder });
    const first = await buy(50_000); // earns at no tier, reaches Gold
    expect(first.pointsEarned).toBe(500);
    const second = await buy(1_099); // Gold: 10 base + floor(10 x 0.5) = 5 bonus
    expect(second.pointsEarned).toBe(15);
    const r = await s.gql(
      `query($id: ID!) { customer(id: $id) { ledger(first: 2) { edges { node { kind points basePoints bonusPoints reason } } } } }`,
      { id: c.id },
      keys.staff,
    );
    expect(r.data!.customer.ledger.edges.map((e: { node: unknown }) => e.node)).toEqual([
      { kind: 'EARN', points: 15, basePoints: 10, bonusPoints: 5, reason: 'Gold tier 150%' },
      { kind: 'EARN', points: 500, basePoints: 500, bonusPoints: 0, reason: null },
    ]);
  });
});

it('issues the welcome reward of every tier reached, skipped ones included', async () => {
  clock.set('2026-03-01T15:00:00Z');
  const p = await makeProgramWithKeys(s.testDb.db);
  const item = await s.gql(
    UPSERT_ITEM,
    { input: { name: 'Free latte', costPoints: 500, active: true, validDays: 30 } },
    p.keys.marketing,
  );
  const itemId = item.data!.upsertCatalogItem.id;
  for (const t of ladder) {
    const r = await s.gql(
      CREATE,
      {
        input: {
          ...t,
          metric: 'SPEND',
          window: { kind: 'ROLLING_DAYS', days: 30 },
          welcomeCatalogItemId: t.name === 'Silver' ? null : itemId,
        },
      },
      p.keys.marketing,
    );
    expect(r.errors).toBeUndefined();
  }
  const c = await makeCustomer(s.testDb.db, p.program.id, {}, clock);
  const r = await s.gql(
    RECORD,
    {
      input: purchaseInput(c.id, {
        occurredAt: clock.now().toISOString(),
        lines: [{ sku: 'A', quantity: 1, unitPriceMinor: 100_000 }],
      }),
    },
    p.keys.pos,
  );
  expect(r.errors).toBeUndefined();
  const rewards = await s.gql(
    `query($id: ID!) { customer(id: $id) { tier { name } balance { available } rewards(status: AVAILABLE) { name } } }`,
    { id: c.id },
    p.keys.staff,
  );
  expect(rewards.data!.customer).toEqual({
    tier: { name: 'Platinum' },
    balance: { available: 1000 },
    rewards: [{ name: 'Free latte' }, { name: 'Free latte' }],
  });
});

it('VISITS counts distinct local days; POINTS counts adjustments too, which upgrade at once', async () => {
  clock.set('2026-03-01T15:00:00Z');
  const { buy, standing, keys, c } = await setup({
    tiers: [
      { name: 'Regular', rank: 1, metric: 'VISITS', threshold: 2 },
      { name: 'Star', rank: 2, metric: 'POINTS', threshold: 1_000 },
    ],
  });
  await buy(500);
  await buy(500); // same day: still one visit
  expect((await standing()).tierProgress).toMatchObject({ metric: 'VISITS', current: 1, remaining: 1 });
  clock.advance(DAY);
  await buy(500);
  let st = await standing();
  expect(st.tier).toEqual({ name: 'Regular' });
  expect(st.tierProgress).toEqual({
    next: { name: 'Star' },
    metric: 'POINTS',
    current: 15,
    required: 1_000,
    remaining: 985,
  });
  const adj = await s.gql(
    `mutation($input: AdjustPointsInput!) { adjustPoints(input: $input) { entry { points } } }`,
    { input: { idempotencyKey: key(), customerId: c.id, points: 985, reason: 'missed receipts' } },
    keys.staff,
  );
  expect(adj.errors).toBeUndefined();
  st = await standing();
  expect(st.tier).toEqual({ name: 'Star' });
  expect(st.tierHistory[0]).toMatchObject({
    reason: 'ADJUSTMENT',
    from: { name: 'Regular' },
    to: { name: 'Star' },
  });
});

describe('scheduled evaluation', () => {
  it('rolls old purchases off, keeps the tier through grace, downgrades after it; a second run is a no-op', async () => {
    clock.set('2026-03-01T15:00:00Z');
    const { buy, standing, evaluate, program } = await setup({ tiers: ladder.slice(0, 2), graceDays: 7 });
    await buy(12_345);
    clock.advance(29 * DAY); // 30 March: 1 March is the window's first day
    expect((await evaluate()).changed).toBe(0);
    expect((await standing()).tierRenewal).toMatchObject({ current: 12_345, remaining: 0, graceUntil: null });

    clock.advance(DAY); // 31 March: the purchase has rolled off
    expect(await evaluate()).toMatchObject({ runDate: '2026-03-31', changed: 0, updated: 1 });
    let st = await standing();
    expect(st.tier).toEqual({ name: 'Silver' });
    expect(st.tierProgress).toMatchObject({ next: { name: 'Gold' }, current: 0, remaining: 50_000 });
    expect(st.tierRenewal).toEqual({
      tier: { name: 'Silver' },
      metric: 'SPEND',
      current: 0,
      required: 10_000,
      remaining: 10_000,
      graceUntil: '2026-04-07T15:00:00.000Z',
      windowEndsAt: null,
      nextEvaluationAt: '2026-04-01T03:00:00.000Z',
    });

    clock.advance(6 * DAY); // 6 April: still in grace
    expect((await evaluate()).changed).toBe(0);
    expect((await standing()).tier).toEqual({ name: 'Silver' });

    clock.advance(DAY); // 7 April: grace is over
    expect(await evaluate()).toMatchObject({ runDate: '2026-04-07', changed: 1 });
    const again = await evaluate();
    expect(again).toMatchObject({ skipped: true });
    st = await standing();
    expect(st.tier).toBeNull();
    expect(st.tierHistory[0]).toEqual({
      reason: 'EVALUATION',
      from: { name: 'Silver' },
      to: null,
      purchase: null,
      evaluationDate: '2026-04-07',
    });
    expect(
      await s.testDb.db('tier_history').where({ program_id: program.id }).count('* as n').first(),
    ).toEqual({
      n: 2,
    });
  });

  it('a purchase during grace that qualifies again ends the grace', async () => {
    clock.set('2026-03-01T15:00:00Z');
    const { buy, standing, evaluate } = await setup({ tiers: ladder.slice(0, 1), graceDays: 7 });
    await buy(10_000);
    clock.advance(30 * DAY);
    await evaluate();
    expect((await standing()).tierRenewal.graceUntil).not.toBeNull();
    await buy(10_000);
    expect((await standing()).tierRenewal).toMatchObject({ graceUntil: null, current: 10_000 });
    clock.advance(8 * DAY);
    await evaluate();
    expect((await standing()).tier).toEqual({ name: 'Silver' });
  });

  it('a refund below the threshold keeps the tier until the evaluation, which steps down one rank at a time', async () => {
    clock.set('2026-03-01T15:00:00Z');
    const { buy, standing, evaluate, keys } = await setup({ tiers: ladder });
    const p = await buy(60_000);
    expect((await standing()).tier).toEqual({ name: 'Gold' });
    const r = await s.gql(
      REFUND,
      { input: { idempotencyKey: key(), purchaseId: p.purchase.id, lines: [{ sku: 'A', quantity: 1 }] } },
      keys.pos,
    );
    expect(r.errors).toBeUndefined();
    let st = await standing();
    expect(st.tier).toEqual({ name: 'Gold' });
    expect(st.tierRenewal).toMatchObject({ current: 0, required: 50_000, remaining: 50_000 });
    expect(st.tierProgress).toMatchObject({ next: { name: 'Platinum' }, current: 0, remaining: 100_000 });
    expect(st.tierHistory).toHaveLength(1);

    clock.advance(DAY);
    await evaluate();
    st = await standing();
    expect(st.tier).toEqual({ name: 'Silver' }); // one rank, though nothing qualifies
    clock.advance(DAY);
    await evaluate();
    expect((await standing()).tier).toBeNull();
  });

  it('calendar-year windows follow the program time zone around New Year', async () => {
    clock.set('2026-12-31T23:00:00-05:00');
    const { buy, standing, evaluate } = await setup({
      timeZone: 'America/New_York',
      tiers: [{ name: 'Gold', rank: 1, threshold: 50_000, window: { kind: 'CALENDAR_YEAR' } }],
    });
    await buy(30_000); // 04:00 UTC on 1 January, still 2026 in New York
    expect((await standing()).tierProgress).toEqual({
      next: { name: 'Gold' },
      metric: 'SPEND',
      current: 30_000,
      required: 50_000,
      remaining: 20_000,
    });
    clock.set('2026-12-31T23:50:00-05:00');
    await buy(20_000);
    expect((await standing()).tier).toEqual({ name: 'Gold' });

    clock.set('2027-01-01T00:10:00-05:00'); // a new year in New York
    await buy(1_234);
    const st = await standing();
    expect(st.tier).toEqual({ name: 'Gold' });
    expect(st.tierRenewal).toEqual({
      tier: { name: 'Gold' },
      metric: 'SPEND',
      current: 1_234,
      required: 50_000,
      remaining: 48_766,
      graceUntil: null,
      windowEndsAt: '2028-01-01T05:00:00.000Z',
      nextEvaluationAt: '2027-01-01T08:00:00.000Z',
    });

    // The first evaluation of 2027 (no grace configured) finds 2027 below the threshold.
    clock.set('2027-01-01T03:00:00-05:00');
    expect(await evaluate()).toMatchObject({ runDate: '2027-01-01', changed: 1 });
    expect((await standing()).tier).toBeNull();
    expect((await standing()).tierProgress).toMatchObject({ current: 1_234, remaining: 48_766 });
  });

  it('the cron job evaluates each program once per local day, after 03:00 local; a crash leaves nothing', async () => {
    clock.set('2026-03-01T15:00:00Z');
    const { buy, standing, ctx, program } = await setup({ tiers: ladder.slice(0, 1) });
    await buy(10_000);
    clock.set('2026-04-01T02:00:00Z');
    const deps = jobDeps(s.testDb, clock);
    const job = JOBS.tier_evaluation!;
    await job.run(deps, {}, {} as never); // 02:00 local (UTC): not yet
    expect((await standing()).tier).toEqual({ name: 'Silver' });

    // A run that dies halfway rolls back entirely, claim included.
    clock.set('2026-04-01T03:00:00Z');
    await expect(
      ctx.q.transaction(async (q) => {
        await runTierEvaluation({ ...ctx, q });
        throw new Error('worker killed');
      }),
    ).rejects.toThrow('worker killed');
    expect((await standing()).tier).toEqual({ name: 'Silver' });

    await job.run(deps, {}, {} as never);
    const after = await standing();
    await job.run(deps, {}, {} as never);
    expect(await standing()).toEqual(after);
    expect(after.tier).toBeNull();
    expect(
      await s.testDb
        .db('tier_evaluation_runs')
        .where({ program_id: program.id })
        .select('run_date', 'changed'),
    ).toEqual([{ run_date: '2026-04-01', changed: 1 }]);
    // The change event's handler is registered (it only logs for now).
    await JOBS.tier_changed!.run(
      deps,
      {
        programId: program.id,
        customerId: ctx.programId,
        fromTierId: null,
        toTierId: null,
        reason: 'EVALUATION',
      },
      {} as never,
    );
  });
});

describe('tier definitions', () => {
  async function counts() {
    const out: Record<string, unknown> = {};
    for (const t of ['tiers', 'tier_versions', 'customer_tiers', 'tier_history', 'audit_log', 'outbox']) {
      out[t] = (await s.testDb.db(t).count('* as n').first())!.n;
    }
    return out;
  }
  async function failsCleanly(run: () => Promise<{ errors?: any[] }>, path: string) {
    const before = await counts();
    const r = await run();
    expect(r.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    expect(r.errors![0].extensions.issues.map((i: { path: string }) => i.path)).toContain(path);
    expect(await counts()).toEqual(before);
  }

  it('rejects bad definitions with paths and changes nothing', async () => {
    clock.set('2026-03-01T15:00:00Z');
    const { keys, buy, ids } = await setup({ tiers: ladder.slice(0, 2) });
    const base = {
      name: 'X',
      rank: 3,
      metric: 'SPEND',
      threshold: 80_000,
      window: { kind: 'ROLLING_DAYS', days: 30 },
    };
    const create = (input: Record<string, unknown>) => () =>
      s.gql(CREATE, { input: { ...base, ...input } }, keys.admin);
    await failsCleanly(create({ threshold: 40_000 }), 'input.threshold'); // overlaps Gold
    await failsCleanly(create({ rank: 2 }), 'input.rank');
    await failsCleanly(create({ earnMultiplierPercent: -50 }), 'input.earnMultiplierPercent');
    await failsCleanly(create({ window: { kind: 'ROLLING_DAYS', days: 0 } }), 'input.window.days');
    await failsCleanly(create({ metric: 'LOYALTY' }), 'input.metric');
    await failsCleanly(create({ threshold: 0, rank: 5 }), 'input.threshold');
    await failsCleanly(
      () => s.gql(UPDATE, { input: { id: ids.Silver, threshold: 60_000 } }, keys.marketing),
      'input.threshold',
    );

    await buy(10_000); // now someone holds Silver
    const del = `mutation($input: DeleteTierInput!) { deleteTier(input: $input) { id } }`;
    const archive = `mutation($input: ArchiveTierInput!) { archiveTier(input: $input) { customersMoved tier { archivedAt } } }`;
    await failsCleanly(() => s.gql(del, { input: { id: ids.Silver } }, keys.admin), 'input.id');
    await failsCleanly(
      () => s.gql(archive, { input: { id: ids.Silver } }, keys.admin),
      'input.moveHoldersTo',
    );
    const moved = await s.gql(
      archive,
      { input: { id: ids.Silver, moveHoldersTo: ids.Gold } },
      keys.marketing,
    );
    expect(moved.data!.archiveTier.customersMoved).toBe(1);
  });

  it('versions every change; history keeps the version it used; staff cannot define tiers', async () => {
    clock.set('2026-03-01T15:00:00Z');
    const { keys, ids, buy, c } = await setup({ tiers: ladder.slice(0, 1) });
    await buy(10_000);
    const u = await s.gql(UPDATE, { input: { id: ids.Silver, threshold: 20_000 } }, keys.admin);
    expect(u.data!.updateTier).toMatchObject({ version: 2, threshold: 20_000 });
    const r = await s.gql(
      `query($id: ID!) { customer(id: $id) { tier { name version } tierHistory { toVersion } } }`,
      { id: c.id },
      keys.staff,
    );
    expect(r.data!.customer).toEqual({
      tier: { name: 'Silver', version: 2 },
      tierHistory: [{ toVersion: 1 }],
    });
    const versions = await s.testDb.db('tier_versions').where({ tier_id: ids.Silver }).orderBy('version');
    expect(versions.map((v) => v.definition.threshold)).toEqual([10_000, 20_000]);
    expect(
      (
        await s.gql(
          CREATE,
          { input: { ...ladder[1], metric: 'SPEND', window: { kind: 'CALENDAR_YEAR' } } },
          keys.staff,
        )
      ).errors?.[0]?.extensions.code,
    ).toBe('FORBIDDEN');
  });

  it('a list of customers with tiers costs a constant number of queries', async () => {
    clock.set('2026-03-01T15:00:00Z');
    const { keys, program, buy } = await setup({ tiers: ladder });
    await buy(60_000);
    const q = `{ customers(first: 30) { edges { node { tier { name } tierProgress { remaining next { name } }
      tierRenewal { remaining } tierHistory { to { name } } } } } }`;
    const count = async () => {
      let n = 0;
      const on = () => n++;
      s.testDb.db.on('query', on);
      const r = await s.gql(q, {}, keys.staff);
      s.testDb.db.off('query', on);
      expect(r.errors).toBeUndefined();
      return n;
    };
    await count(); // the key's first use is recorded once
    const few = await count();
    for (let i = 0; i < 20; i++) await makeCustomer(s.testDb.db, program.id, {}, clock);
    expect(await count()).toBe(few);
  });
});
