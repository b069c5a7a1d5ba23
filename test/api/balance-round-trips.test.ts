import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/shared/clock';
import { makeCustomer, makeProgramWithKeys } from '../helpers/factories';
import { ADJUST, EARNING, key, REFUND } from '../helpers/ledger';
import { buyAsTill, statementsDuring } from '../helpers/purchases';
import { startTestServer, type TestServer } from '../helpers/server';

// Issue 12: the balance query is one round trip. `customer(id) { balance { … } }` reads the
// customer, the balance row and the live lots in one statement; the balance's fields (all
// four) then load from what it read. Counted as the purchase's round trips are: every
// statement knex sends, through its 'query' event.

const DAY = 86_400_000;
const clock = new ManualClock('2026-03-01T12:00:00Z');
let s: TestServer;

beforeAll(async () => {
  s = await startTestServer({ clock });
});
afterAll(() => s.close());

const FIELDS = 'available pending lifetimeEarned expiringSoon { points expiresAt }';

const statements = (run: () => Promise<unknown>) => statementsDuring(s.testDb.db, run);

async function setup() {
  const p = await makeProgramWithKeys(s.testDb.db);
  const config = { expiryPolicy: 'FIXED_DAYS', expiryDays: 60, pendingDays: 14 };
  expect((await s.gql(EARNING, { input: config }, p.keys.admin)).errors).toBeUndefined();
  const gql = async (query: string, variables: Record<string, unknown>, token = p.keys.staff) => {
    const r = await s.gql(query, variables, token);
    expect(r.errors).toBeUndefined();
    return r.data!;
  };
  const buy = (customerId: string, major: number) =>
    buyAsTill(s, p.keys.pos, customerId, major * 100, clock.now());
  await gql('{ __typename }', {}); // the key's first use records last_used_at once
  return { ...p, gql, buy };
}

describe('the balance query (issue 12)', () => {
  it('is one statement, with every field of the balance right', async () => {
    const p = await setup();
    const c = await makeCustomer(s.testDb.db, p.program.id, {}, clock);
    await p.buy(c.id, 40); // available on day 14, expires on day 60
    clock.advance(20 * DAY);
    const second = await p.buy(c.id, 25);
    await p.gql(REFUND, { input: { idempotencyKey: key(), purchaseId: second.purchase.id } }, p.keys.pos);
    await p.gql(ADJUST, { input: { idempotencyKey: key(), customerId: c.id, points: -5, reason: 'x' } });
    clock.advance(15 * DAY);
    await p.buy(c.id, 30); // day 35: pending until day 49, expires on day 95
    await p.gql('{ __typename }', {}); // the key's last use, a minute later on the clock

    let data: Record<string, any> = {};
    const st = await statements(async () => {
      data = await p.gql(`query($id: ID!) { customer(id: $id) { id balance { ${FIELDS} } } }`, { id: c.id });
    });
    expect(st).toEqual(['SELECT to_jsonb(c)']);
    expect(data.customer).toEqual({
      id: c.id,
      balance: {
        available: 35,
        pending: 30,
        lifetimeEarned: 70,
        expiringSoon: [{ points: 35, expiresAt: '2026-04-30T12:00:00.000Z' }],
      },
    });

    clock.advance(26 * DAY); // the first lot lapsed (no job ran); the third is available
    await p.gql('{ __typename }', {});
    const later = await statements(async () => {
      data = await p.gql(`query($e: String!) { customer(externalId: $e) { balance { ${FIELDS} } } }`, {
        e: c.external_id,
      });
    });
    expect(later).toEqual(['SELECT to_jsonb(c)']);
    expect(data.customer.balance).toEqual({
      available: 30,
      pending: 0,
      lifetimeEarned: 70,
      expiringSoon: [],
    });
  });

  it('a customer with no points yet, an unknown customer, and a fragment: one statement each', async () => {
    const p = await setup();
    const c = await makeCustomer(s.testDb.db, p.program.id, {}, clock);
    let data: Record<string, any> = {};
    expect(
      await statements(async () => {
        data = await p.gql(`query($id: ID!) { customer(id: $id) { balance { ${FIELDS} } } }`, { id: c.id });
      }),
    ).toHaveLength(1);
    expect(data.customer.balance).toEqual({ available: 0, pending: 0, lifetimeEarned: 0, expiringSoon: [] });

    expect(
      await statements(async () => {
        data = await p.gql(`query($id: ID!) { customer(id: $id) { balance { available } } }`, {
          id: '00000000-0000-4000-8000-000000000000',
        });
      }),
    ).toHaveLength(1);
    expect(data.customer).toBeNull();

    await p.buy(c.id, 12);
    expect(
      await statements(async () => {
        data = await p.gql(
          `query($id: ID!) { customer(id: $id) { ...B } } fragment B on Customer { ... on Customer { balance { pending } } }`,
          { id: c.id },
        );
      }),
    ).toHaveLength(1);
    expect(data.customer.balance).toEqual({ pending: 12 });
  });

  it("another program's customer is not found, with or without the balance", async () => {
    const p = await setup();
    const other = await setup();
    const c = await makeCustomer(s.testDb.db, other.program.id, {}, clock);
    await other.buy(c.id, 10);
    const r = await p.gql(`query($id: ID!) { customer(id: $id) { balance { available } } }`, { id: c.id });
    expect(r.customer).toBeNull();
    const e = await p.gql(`query($e: String!) { customer(externalId: $e) { balance { available } } }`, {
      e: c.external_id,
    });
    expect(e.customer).toBeNull();
  });

  it('without the balance, the customer alone (one statement, as before)', async () => {
    const p = await setup();
    const c = await makeCustomer(s.testDb.db, p.program.id, {}, clock);
    const st = await statements(() =>
      p.gql(`query($id: ID!) { customer(id: $id) { firstName } }`, { id: c.id }),
    );
    expect(st).toHaveLength(1);
  });
});
