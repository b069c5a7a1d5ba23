import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/shared/clock';
import { makeCustomer, makeProgramWithKeys } from '../helpers/factories';
import {
  ADJUST,
  expectFailsCleanly,
  key,
  ledgerAgrees,
  REDEEM,
  UPSERT_ITEM,
  USE,
  VOID,
} from '../helpers/ledger';
import { startTestServer, type TestServer } from '../helpers/server';

const DAY = 86_400_000;
const clock = new ManualClock('2026-03-01T12:00:00Z');
let s: TestServer;
let program: Awaited<ReturnType<typeof makeProgramWithKeys>>['program'];
let keys: Awaited<ReturnType<typeof makeProgramWithKeys>>['keys'];

beforeAll(async () => {
  s = await startTestServer({ clock });
  ({ program, keys } = await makeProgramWithKeys(s.testDb.db));
});
afterAll(() => s.close());

async function customerWith(points: number) {
  const c = await makeCustomer(s.testDb.db, program.id, {}, clock);
  if (points > 0) {
    await s.gql(
      ADJUST,
      { input: { idempotencyKey: key(), customerId: c.id, points, reason: 'welcome' } },
      keys.staff,
    );
  }
  return c;
}

async function item(input: Record<string, unknown> = {}) {
  const r = await s.gql(
    UPSERT_ITEM,
    { input: { name: 'Free coffee', costPoints: 100, validDays: 30, ...input } },
    keys.marketing,
  );
  expect(r.errors).toBeUndefined();
  return r.data!.upsertCatalogItem as { id: string };
}

const redeem = (customerId: string, catalogItemId: string, token = keys.pos, k = key()) =>
  s.gql(REDEEM, { input: { idempotencyKey: k, customerId, catalogItemId } }, token);

describe('catalogue', () => {
  it('creates and updates items (audited); customers see only live ones', async () => {
    const a = await item({ name: 'Muffin', costPoints: 50, stock: 3 });
    const upd = await s.gql(
      UPSERT_ITEM,
      { input: { id: a.id, name: 'Big muffin', costPoints: 60, active: false, stock: 2 } },
      keys.admin,
    );
    expect(upd.data!.upsertCatalogItem).toMatchObject({
      id: a.id,
      name: 'Big muffin',
      costPoints: 60,
      active: false,
      stock: 2,
    });
    const audit = await s.testDb.db('audit_log').where({ target_id: a.id }).orderBy('id');
    expect(audit.map((r) => r.action)).toEqual(['catalog.create', 'catalog.update']);

    const c = await customerWith(0);
    const session = await s.gql(
      `mutation($input: CreateCustomerSessionInput!) { createCustomerSession(input: $input) { token } }`,
      { input: { customerId: c.id } },
      keys.pos,
    );
    const token = session.data!.createCustomerSession.token;
    const mine = await s.gql(`{ catalogItems { id } }`, {}, token);
    const all = await s.gql(`{ catalogItems { id } }`, {}, keys.staff);
    expect(mine.data!.catalogItems.map((i: any) => i.id)).not.toContain(a.id);
    expect(all.data!.catalogItems.map((i: any) => i.id)).toContain(a.id);
  });

  it('rejects bad items and roles', async () => {
    await expectFailsCleanly(
      s,
      () => s.gql(UPSERT_ITEM, { input: { name: '', costPoints: 0 } }, keys.admin),
      'BAD_USER_INPUT',
    );
    await expectFailsCleanly(
      s,
      () =>
        s.gql(
          UPSERT_ITEM,
          {
            input: {
              name: 'x',
              costPoints: 1,
              activeFrom: '2026-05-01T00:00:00Z',
              activeUntil: '2026-04-01T00:00:00Z',
            },
          },
          keys.admin,
        ),
      'BAD_USER_INPUT',
    );
    await expectFailsCleanly(
      s,
      () => s.gql(UPSERT_ITEM, { input: { name: 'x', costPoints: 1 } }, keys.pos),
      'FORBIDDEN',
    );
    await expectFailsCleanly(
      s,
      () =>
        s.gql(
          UPSERT_ITEM,
          { input: { id: '00000000-0000-4000-8000-000000000000', name: 'x', costPoints: 1 } },
          keys.admin,
        ),
      'NOT_FOUND',
    );
  });
});

describe('redeemReward', () => {
  it('spends points, issues a code that expires after validDays, and replays', async () => {
    const c = await customerWith(250);
    const i = await item({ stock: 5 });
    const k = key();
    const r = await redeem(c.id, i.id, keys.pos, k);
    expect(r.errors).toBeUndefined();
    const reward = r.data!.redeemReward.reward;
    expect(reward.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
    expect(reward).toMatchObject({
      name: 'Free coffee',
      status: 'AVAILABLE',
      expiresAt: '2026-03-31T12:00:00.000Z',
    });
    expect(r.data!.redeemReward.customer.balance.available).toBe(150);
    const again = await redeem(c.id, i.id, keys.pos, k);
    expect(again.data!.redeemReward).toMatchObject({ replayed: true, reward: { id: reward.id } });
    const stock = await s.testDb.db('catalog_items').where({ id: i.id }).first();
    expect(stock.stock).toBe(4);
    const entry = await s.testDb.db('ledger_entries').where({ reward_id: reward.id }).first();
    expect(entry).toMatchObject({ kind: 'REDEEM', points: -100 });

    clock.advance(31 * DAY);
    const listed = await s.gql(
      `query($id: ID!) { customer(id: $id) { rewards(status: EXPIRED) { id status } } }`,
      { id: c.id },
      keys.staff,
    );
    expect(listed.data!.customer.rewards).toEqual([{ id: reward.id, status: 'EXPIRED' }]);
    await expectFailsCleanly(
      s,
      () => s.gql(USE, { input: { idempotencyKey: key(), code: reward.code } }, keys.pos),
      'REWARD_NOT_AVAILABLE',
    );
    clock.set('2026-03-01T12:00:00Z');
  });

  it('a customer session redeems for itself only', async () => {
    const c = await customerWith(100);
    const other = await customerWith(100);
    const i = await item();
    const session = await s.gql(
      `mutation($input: CreateCustomerSessionInput!) { createCustomerSession(input: $input) { token } }`,
      { input: { customerId: c.id } },
      keys.pos,
    );
    const token = session.data!.createCustomerSession.token;
    const own = await s.gql(REDEEM, { input: { idempotencyKey: key(), catalogItemId: i.id } }, token);
    expect(own.data!.redeemReward.customer.balance.available).toBe(0);
    await expectFailsCleanly(s, () => redeem(other.id, i.id, token), 'FORBIDDEN');
  });

  it('refuses inactive, out-of-window and out-of-stock items, and insufficient points', async () => {
    const rich = await customerWith(1000);
    const poor = await customerWith(99);
    const inactive = await item({ active: false });
    const later = await item({ activeFrom: '2026-04-01T00:00:00Z' });
    const ended = await item({ activeUntil: '2026-02-01T00:00:00Z' });
    const none = await item({ stock: 0 });
    for (const i of [inactive, later, ended, none]) {
      await expectFailsCleanly(s, () => redeem(rich.id, i.id), 'REWARD_NOT_AVAILABLE');
    }
    const ok = await item();
    await expectFailsCleanly(s, () => redeem(poor.id, ok.id), 'INSUFFICIENT_POINTS');
    await expectFailsCleanly(s, () => redeem(rich.id, '00000000-0000-4000-8000-000000000000'), 'NOT_FOUND');
    await expectFailsCleanly(s, () => redeem(rich.id, ok.id, keys.marketing), 'FORBIDDEN');
    await expectFailsCleanly(
      s,
      () =>
        s.gql(REDEEM, { input: { idempotencyKey: '', customerId: rich.id, catalogItemId: ok.id } }, keys.pos),
      'BAD_USER_INPUT',
    );
  });
});

describe('useReward and voidReward', () => {
  it('uses a reward once; a second use is REWARD_ALREADY_USED', async () => {
    const c = await customerWith(100);
    const i = await item();
    const { code } = (await redeem(c.id, i.id)).data!.redeemReward.reward;
    const k = key();
    const used = await s.gql(USE, { input: { idempotencyKey: k, code: code.toLowerCase() } }, keys.pos);
    expect(used.data!.useReward).toMatchObject({ replayed: false, reward: { status: 'USED' } });
    const replay = await s.gql(USE, { input: { idempotencyKey: k, code: code.toLowerCase() } }, keys.pos);
    expect(replay.data!.useReward.replayed).toBe(true);
    await expectFailsCleanly(
      s,
      () => s.gql(USE, { input: { idempotencyKey: key(), code } }, keys.pos),
      'REWARD_ALREADY_USED',
    );
    await expectFailsCleanly(
      s,
      () => s.gql(USE, { input: { idempotencyKey: key(), code: 'ZZZZZZZZZZ' } }, keys.pos),
      'NOT_FOUND',
    );
    await expectFailsCleanly(
      s,
      () => s.gql(USE, { input: { idempotencyKey: key(), code } }, keys.staff),
      'FORBIDDEN',
    );
  });

  it('voids an available reward: points come back, stock returns, and only once', async () => {
    const c = await customerWith(100);
    const i = await item({ stock: 1 });
    const reward = (await redeem(c.id, i.id)).data!.redeemReward.reward;
    const v = await s.gql(
      VOID,
      { input: { idempotencyKey: key(), rewardId: reward.id, reason: 'wrong item' } },
      keys.staff,
    );
    expect(v.data!.voidReward).toMatchObject({
      pointsReturned: 100,
      reward: { status: 'VOIDED' },
      customer: { balance: { available: 100 } },
    });
    expect((await s.testDb.db('catalog_items').where({ id: i.id }).first()).stock).toBe(1);
    await expectFailsCleanly(
      s,
      () => s.gql(VOID, { input: { idempotencyKey: key(), rewardId: reward.id } }, keys.staff),
      'REWARD_NOT_AVAILABLE',
    );
    await expectFailsCleanly(
      s,
      () => s.gql(USE, { input: { idempotencyKey: key(), code: reward.code } }, keys.pos),
      'REWARD_NOT_AVAILABLE',
    );
    expect(await ledgerAgrees(s.testDb.db, program.id, c.id)).toEqual({
      entries: 100,
      balance: 100,
      lotsLessDebt: 100,
    });
  });

  it('a used reward cannot be voided', async () => {
    const c = await customerWith(100);
    const i = await item();
    const reward = (await redeem(c.id, i.id)).data!.redeemReward.reward;
    await s.gql(USE, { input: { idempotencyKey: key(), code: reward.code } }, keys.pos);
    await expectFailsCleanly(
      s,
      () => s.gql(VOID, { input: { idempotencyKey: key(), rewardId: reward.id } }, keys.admin),
      'REWARD_NOT_AVAILABLE',
    );
  });
});
