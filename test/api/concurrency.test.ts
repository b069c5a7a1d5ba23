import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCustomer, makeProgramWithKeys } from '../helpers/factories';
import {
  ADJUST,
  BALANCE,
  key,
  ledgerAgrees,
  purchaseInput,
  RECORD,
  REDEEM,
  UPSERT_ITEM,
  USE,
} from '../helpers/ledger';
import { startTestServer, type TestServer } from '../helpers/server';

let s: TestServer;
let program: Awaited<ReturnType<typeof makeProgramWithKeys>>['program'];
let keys: Awaited<ReturnType<typeof makeProgramWithKeys>>['keys'];

beforeAll(async () => {
  s = await startTestServer();
  ({ program, keys } = await makeProgramWithKeys(s.testDb.db));
});
afterAll(() => s.close());

const balance = async (id: string) => (await s.gql(BALANCE, { id }, keys.staff)).data!.customer.balance;

describe('under concurrency', () => {
  it('50 parallel purchases for one customer all land', async () => {
    const c = await makeCustomer(s.testDb.db, program.id);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        s.gql(
          RECORD,
          {
            input: purchaseInput(c.id, { lines: [{ sku: 'A', quantity: 1, unitPriceMinor: (i + 1) * 100 }] }),
          },
          keys.pos,
        ),
      ),
    );
    expect(results.filter((r) => r.errors)).toEqual([]);
    expect((await balance(c.id)).available).toBe((50 * 51) / 2);
    expect(await ledgerAgrees(s.testDb.db, program.id, c.id)).toEqual({
      entries: 1275,
      balance: 1275,
      lotsLessDebt: 1275,
    });
  });

  it('30 parallel retries of one key make exactly one purchase', async () => {
    const c = await makeCustomer(s.testDb.db, program.id);
    const input = purchaseInput(c.id);
    const results = await Promise.all(Array.from({ length: 30 }, () => s.gql(RECORD, { input }, keys.pos)));
    expect(results.filter((r) => r.errors)).toEqual([]);
    const ids = new Set(results.map((r) => r.data!.recordPurchase.purchase.id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.data!.recordPurchase.replayed)).toHaveLength(29);
    expect(await s.testDb.db('purchases').where({ customer_id: c.id })).toHaveLength(1);
    expect((await balance(c.id)).available).toBe(9);
  });

  it('25 parallel redemptions against points for exactly 5 give 5 rewards, never below zero', async () => {
    const c = await makeCustomer(s.testDb.db, program.id);
    await s.gql(
      ADJUST,
      { input: { idempotencyKey: key(), customerId: c.id, points: 500, reason: 'seed' } },
      keys.staff,
    );
    const item = await s.gql(UPSERT_ITEM, { input: { name: 'Cookie', costPoints: 100 } }, keys.marketing);
    const catalogItemId = item.data!.upsertCatalogItem.id;
    const results = await Promise.all(
      Array.from({ length: 25 }, () =>
        s.gql(REDEEM, { input: { idempotencyKey: key(), customerId: c.id, catalogItemId } }, keys.pos),
      ),
    );
    const ok = results.filter((r) => !r.errors);
    expect(ok).toHaveLength(5);
    expect(results.filter((r) => r.errors?.[0]?.extensions.code === 'INSUFFICIENT_POINTS')).toHaveLength(20);
    for (const r of ok) expect(r.data!.redeemReward.customer.balance.available).toBeGreaterThanOrEqual(0);
    expect((await balance(c.id)).available).toBe(0);
    expect(await s.testDb.db('issued_rewards').where({ customer_id: c.id })).toHaveLength(5);
  });

  it('limited stock is never oversold by parallel redemptions of many customers', async () => {
    const item = await s.gql(
      UPSERT_ITEM,
      { input: { name: 'Mug', costPoints: 10, stock: 3 } },
      keys.marketing,
    );
    const catalogItemId = item.data!.upsertCatalogItem.id;
    const customers = await Promise.all(
      Array.from({ length: 8 }, () => makeCustomer(s.testDb.db, program.id)),
    );
    for (const c of customers) {
      await s.gql(
        ADJUST,
        { input: { idempotencyKey: key(), customerId: c.id, points: 10, reason: 'seed' } },
        keys.staff,
      );
    }
    const results = await Promise.all(
      customers.map((c) =>
        s.gql(REDEEM, { input: { idempotencyKey: key(), customerId: c.id, catalogItemId } }, keys.pos),
      ),
    );
    expect(results.filter((r) => !r.errors)).toHaveLength(3);
    expect(results.filter((r) => r.errors?.[0]?.extensions.code === 'REWARD_NOT_AVAILABLE')).toHaveLength(5);
    expect((await s.testDb.db('catalog_items').where({ id: catalogItemId }).first()).stock).toBe(0);
  });

  it('two parallel uses of one code: exactly one wins', async () => {
    const c = await makeCustomer(s.testDb.db, program.id);
    await s.gql(
      ADJUST,
      { input: { idempotencyKey: key(), customerId: c.id, points: 100, reason: 'seed' } },
      keys.staff,
    );
    const item = await s.gql(UPSERT_ITEM, { input: { name: 'Scone', costPoints: 100 } }, keys.marketing);
    const r = await s.gql(
      REDEEM,
      { input: { idempotencyKey: key(), customerId: c.id, catalogItemId: item.data!.upsertCatalogItem.id } },
      keys.pos,
    );
    const code = r.data!.redeemReward.reward.code;
    const uses = await Promise.all(
      [1, 2].map(() => s.gql(USE, { input: { idempotencyKey: key(), code } }, keys.pos)),
    );
    expect(uses.filter((u) => !u.errors)).toHaveLength(1);
    expect(uses.filter((u) => u.errors?.[0]?.extensions.code === 'REWARD_ALREADY_USED')).toHaveLength(1);
  });

  it('a key whose first request failed runs again as a fresh request', async () => {
    const c = await makeCustomer(s.testDb.db, program.id);
    const input = { idempotencyKey: key(), customerId: c.id, points: -5, reason: 'correction' };
    const first = await s.gql(ADJUST, { input }, keys.staff);
    expect(first.errors![0]!.extensions.code).toBe('INSUFFICIENT_POINTS');
    await s.gql(
      ADJUST,
      { input: { idempotencyKey: key(), customerId: c.id, points: 5, reason: 'seed' } },
      keys.staff,
    );
    const retry = await s.gql(ADJUST, { input }, keys.staff);
    expect(retry.data!.adjustPoints).toMatchObject({
      replayed: false,
      customer: { balance: { available: 0 } },
    });
  });
});
