import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoped } from '../../src/db/scoped';
import { expireLots } from '../../src/modules/ledger/ledger.service';
import { ManualClock } from '../../src/shared/clock';
import type { RequestContext } from '../../src/shared/context';
import { makeCustomer, makeProgramWithKeys } from '../helpers/factories';
import {
  ADJUST,
  BALANCE,
  EARNING,
  expectFailsCleanly,
  key,
  ledgerAgrees,
  purchaseInput,
  RECORD,
  REDEEM,
  UPSERT_ITEM,
} from '../helpers/ledger';
import { startTestServer, type TestServer } from '../helpers/server';

const DAY = 86_400_000;
const START = '2026-03-01T12:00:00Z';
const clock = new ManualClock(START);
let s: TestServer;

beforeAll(async () => {
  s = await startTestServer({ clock });
});
afterAll(() => s.close());

const systemCtx = (programId: string): RequestContext => ({
  programId,
  q: scoped(s.testDb.db, programId),
  viewer: null,
  actor: { kind: 'system', id: 'expiry', role: null },
  clock,
});

async function setup(config?: Record<string, unknown>) {
  clock.set(START);
  const p = await makeProgramWithKeys(s.testDb.db);
  if (config) expect((await s.gql(EARNING, { input: config }, p.keys.admin)).errors).toBeUndefined();
  const c = await makeCustomer(s.testDb.db, p.program.id, {}, clock);
  const buy = async (major: number, occurredAt = clock.now()) => {
    const r = await s.gql(
      RECORD,
      {
        input: purchaseInput(c.id, {
          occurredAt: occurredAt.toISOString(),
          lines: [{ sku: 'A', quantity: 1, unitPriceMinor: major * 100 }],
        }),
      },
      p.keys.pos,
    );
    expect(r.errors).toBeUndefined();
    return r.data!.recordPurchase;
  };
  const balance = async () => (await s.gql(BALANCE, { id: c.id }, p.keys.staff)).data!.customer.balance;
  return { ...p, c, buy, balance };
}

describe('adjustPoints', () => {
  it('adds and removes points with a reason, audited; never below zero', async () => {
    const { keys, c, program, balance } = await setup();
    const add = await s.gql(
      ADJUST,
      { input: { idempotencyKey: key(), customerId: c.id, points: 30, reason: 'goodwill' } },
      keys.staff,
    );
    expect(add.data!.adjustPoints).toMatchObject({
      replayed: false,
      entry: { kind: 'ADJUST', points: 30, reason: 'goodwill' },
      customer: { balance: { available: 30 } },
    });
    const take = await s.gql(
      ADJUST,
      { input: { idempotencyKey: key(), customerId: c.id, points: -10, reason: 'typo' } },
      keys.admin,
    );
    expect(take.data!.adjustPoints.customer.balance.available).toBe(20);
    await expectFailsCleanly(
      s,
      () =>
        s.gql(
          ADJUST,
          { input: { idempotencyKey: key(), customerId: c.id, points: -21, reason: 'too much' } },
          keys.staff,
        ),
      'INSUFFICIENT_POINTS',
    );
    for (const input of [
      { points: 5, reason: '' },
      { points: 5, reason: 'x'.repeat(501) },
      { points: 0, reason: 'zero' },
      { points: 5, reason: 'ok', idempotencyKey: 'k'.repeat(129) },
    ]) {
      await expectFailsCleanly(
        s,
        () => s.gql(ADJUST, { input: { idempotencyKey: key(), customerId: c.id, ...input } }, keys.staff),
        'BAD_USER_INPUT',
      );
    }
    await expectFailsCleanly(
      s,
      () =>
        s.gql(
          ADJUST,
          { input: { idempotencyKey: key(), customerId: c.id, points: 5, reason: 'x' } },
          keys.pos,
        ),
      'FORBIDDEN',
    );
    const audit = await s.testDb.db('audit_log').where({ program_id: program.id, action: 'points.adjust' });
    expect(audit).toHaveLength(2);
    expect(await balance()).toMatchObject({ available: 20, lifetimeEarned: 0 });
  });
});

describe('expiry', () => {
  it('FIXED_DAYS: lapsed points stop counting before any job, then expireLots writes them off once', async () => {
    const { c, program, buy, balance } = await setup({ expiryPolicy: 'FIXED_DAYS', expiryDays: 60 });
    await buy(40);
    clock.advance(20 * DAY);
    await buy(25);
    clock.advance(15 * DAY); // first lot expires in 25 days, second in 45
    const soon = await balance();
    expect(soon).toMatchObject({ available: 65, pending: 0, lifetimeEarned: 65 });
    expect(soon.expiringSoon).toEqual([{ points: 40, expiresAt: '2026-04-30T12:00:00.000Z' }]);

    clock.advance(26 * DAY);
    expect(await balance()).toMatchObject({ available: 25, lifetimeEarned: 65 });
    // Invariant 1: ledger sum = available + pending + lapsed points not yet written off.
    expect(await ledgerAgrees(s.testDb.db, program.id, c.id)).toMatchObject({ entries: 65, balance: 65 });

    const ctx = systemCtx(program.id);
    const [a, b] = await Promise.all([
      expireLots(ctx, 'all', clock.now()),
      expireLots(ctx, c.id, clock.now()),
    ]);
    expect(a + b).toBe(40);
    expect(await expireLots(ctx, 'all', clock.now())).toBe(0);
    const expired = await s.testDb.db('ledger_entries').where({ customer_id: c.id, kind: 'EXPIRE' });
    expect(expired.map((e) => e.points)).toEqual([-40]);
    expect(await balance()).toMatchObject({ available: 25 });
    expect(await ledgerAgrees(s.testDb.db, program.id, c.id)).toEqual({
      entries: 25,
      balance: 25,
      lotsLessDebt: 25,
    });
  });

  it('INACTIVITY: every purchase pushes back the expiry of all points', async () => {
    const { buy, balance } = await setup({ expiryPolicy: 'INACTIVITY', expiryDays: 30 });
    await buy(10);
    clock.advance(25 * DAY);
    await buy(5);
    clock.advance(25 * DAY); // 50 days after the first purchase, 25 after the last
    expect(await balance()).toMatchObject({ available: 15 });
    clock.advance(6 * DAY);
    expect(await balance()).toMatchObject({ available: 0 });
  });

  it('spends the oldest lots first, so the earliest-expiring points go first', async () => {
    const { keys, c, buy, balance } = await setup({ expiryPolicy: 'FIXED_DAYS', expiryDays: 30 });
    await buy(60);
    clock.advance(10 * DAY);
    await buy(60);
    const item = await s.gql(UPSERT_ITEM, { input: { name: 'Tea', costPoints: 50 } }, keys.marketing);
    await s.gql(
      REDEEM,
      { input: { idempotencyKey: key(), customerId: c.id, catalogItemId: item.data!.upsertCatalogItem.id } },
      keys.pos,
    );
    const b = await balance();
    expect(b.available).toBe(70);
    expect(b.expiringSoon).toEqual([
      { points: 10, expiresAt: '2026-03-31T12:00:00.000Z' },
      { points: 60, expiresAt: '2026-04-10T12:00:00.000Z' },
    ]);
  });
});

describe('reads', () => {
  it('Customer.ledger and purchases page newest first and resolve purchase and reward', async () => {
    const { keys, c, buy } = await setup();
    for (let i = 1; i <= 5; i++) {
      await buy(i * 10);
      clock.advance(60_000);
    }
    const Q = `query($id: ID!, $after: String) { customer(id: $id) {
      ledger(first: 2, after: $after) { edges { cursor node { kind points purchase { totalMinor } reward { id } } } pageInfo { hasNextPage endCursor } }
      purchases(first: 3) { edges { node { totalMinor lines { sku } } } pageInfo { hasNextPage } }
    } }`;
    const p1 = await s.gql(Q, { id: c.id }, keys.staff);
    const ledger = p1.data!.customer.ledger;
    expect(ledger.edges.map((e: any) => e.node.points)).toEqual([50, 40]);
    expect(ledger.edges[0].node).toMatchObject({
      kind: 'EARN',
      purchase: { totalMinor: 5000 },
      reward: null,
    });
    expect(ledger.pageInfo.hasNextPage).toBe(true);
    const p2 = await s.gql(Q, { id: c.id, after: ledger.pageInfo.endCursor }, keys.staff);
    expect(p2.data!.customer.ledger.edges.map((e: any) => e.node.points)).toEqual([30, 20]);
    expect(p1.data!.customer.purchases.edges.map((e: any) => e.node.totalMinor)).toEqual([5000, 4000, 3000]);
    expect(p1.data!.customer.purchases.pageInfo.hasNextPage).toBe(true);
  });

  it('ledger entries cannot be updated or deleted', async () => {
    const { buy } = await setup();
    await buy(10);
    await expect(s.testDb.db('ledger_entries').update({ points: 1000 })).rejects.toThrow(/append-only/);
    await expect(s.testDb.db('ledger_entries').delete()).rejects.toThrow(/append-only/);
  });

  it('balances of 100 customers cost as many queries as those of 10', async () => {
    const { program, keys } = await setup();
    const db = s.testDb.db;
    const ids = [];
    for (let i = 0; i < 100; i++) ids.push((await makeCustomer(db, program.id, {}, clock)).id);
    for (const id of ids.slice(0, 20)) {
      await s.gql(RECORD, { input: purchaseInput(id, { occurredAt: clock.now().toISOString() }) }, keys.pos);
    }
    const count = async (first: number) => {
      let n = 0;
      const listener = () => {
        n++;
      };
      db.on('query', listener);
      try {
        const r = await s.gql(
          `query($first: Int) { customers(first: $first) { edges { node { id balance { available pending lifetimeEarned expiringSoon { points } } } } } }`,
          { first },
          keys.admin,
        );
        expect(r.errors).toBeUndefined();
        expect(r.data!.customers.edges).toHaveLength(first);
      } finally {
        db.off('query', listener);
      }
      return n;
    };
    await count(1); // the key's first use also records last_used_at: not part of the read
    const ten = await count(10);
    const hundred = await count(100);
    expect(hundred).toBe(ten);
    expect(hundred).toBeLessThanOrEqual(6);
  });
});
