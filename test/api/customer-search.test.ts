import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCustomer, makeProgramWithKeys } from '../helpers/factories';
import { startTestServer, type TestServer } from '../helpers/server';

// Issue 11: staff find a customer by name, email, phone (any format), external id or reward
// code; exact matches first, then names containing the text, then similar ones.
let s: TestServer;
let keys: Awaited<ReturnType<typeof makeProgramWithKeys>>['keys'];
let programId: string;
const people: Record<string, string> = {};

const SEARCH = `query($search: String, $first: Int, $after: String) {
  customers(search: $search, first: $first, after: $after) {
    edges { cursor node { id firstName lastName } }
    pageInfo { hasNextPage endCursor }
  }
}`;

async function search(text: string, first?: number, after?: string) {
  const r = await s.gql(SEARCH, { search: text, first, after }, keys.staff);
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data!.customers as {
    edges: { cursor: string; node: { id: string; firstName: string | null; lastName: string | null } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}
const names = async (text: string) =>
  (await search(text)).edges.map((e) => `${e.node.firstName} ${e.node.lastName}`);

beforeAll(async () => {
  s = await startTestServer();
  const p = await makeProgramWithKeys(s.testDb.db);
  keys = p.keys;
  programId = p.program.id;
  const add = async (key: string, profile: Record<string, unknown>) => {
    people[key] = (await makeCustomer(s.testDb.db, programId, profile)).id;
  };
  await add('ada', {
    firstName: 'Ada',
    lastName: 'Moreno',
    email: 'ada@example.com',
    phone: '+15550100001',
    externalId: 'card-0001',
  });
  await add('adam', {
    firstName: 'Adam',
    lastName: 'Morrison',
    email: 'adam.m@example.com',
    phone: '+15550100009',
  });
  await add('adalbert', { firstName: 'Adalbert', lastName: 'Stone', email: 'stone@example.org' });
  await add('priya', { firstName: 'Priya', lastName: 'Natarajan', email: 'priya@example.com' });
  await add('tom', { firstName: 'Tom', lastName: 'Ashby', phone: '+442079460018', externalId: 'LDN-77' });
  await add('card', { firstName: 'Card', lastName: 'Holder', externalId: 'card-00011' });
  // Someone of another program with the same name is never found.
  const other = await makeProgramWithKeys(s.testDb.db);
  await makeCustomer(s.testDb.db, other.program.id, {
    firstName: 'Ada',
    lastName: 'Moreno',
    email: 'ada@example.com',
  });
});
afterAll(() => s.close());

describe('customers(search:)', () => {
  it('an exact email comes first', async () => {
    const r = await search('ADA@example.com');
    expect(r.edges[0]!.node.id).toBe(people.ada);
    expect(r.edges.filter((e) => e.node.firstName === 'Ada')).toHaveLength(1); // not the other program's
  });

  it('a name fragment: whole-word match first, then longer names containing it', async () => {
    expect((await names('ada')).slice(0, 3)).toEqual(['Ada Moreno', 'Adam Morrison', 'Adalbert Stone']);
    expect(await names('Ada Moreno')).toEqual(['Ada Moreno']);
    expect(await names('natara')).toEqual(['Priya Natarajan']);
  });

  it('accents are not folded, but a name without its accent is still similar', async () => {
    const t = await makeCustomer(s.testDb.db, programId, { firstName: 'Tomás', lastName: 'Reyes' });
    expect((await search('tomas')).edges.map((e) => e.node.id)).toContain(t.id);
    expect((await search('Tomás')).edges[0]!.node.id).toBe(t.id);
  });

  it('a misspelt name is still found, after exact and containing matches', async () => {
    expect(await names('natarjan')).toEqual(['Priya Natarajan']);
    expect((await names('morrisson'))[0]).toBe('Adam Morrison');
  });

  it('a phone number in another format: national, spaced, with an international or trunk prefix', async () => {
    for (const typed of ['(555) 010-0001', '+1 555 010 0001', '555.010.0001', '15550100001']) {
      expect((await search(typed)).edges[0]?.node.id, typed).toBe(people.ada);
    }
    for (const typed of ['+44 20 7946 0018', '020 7946 0018', '0044 20 7946 0018']) {
      expect((await search(typed)).edges[0]?.node.id, typed).toBe(people.tom);
    }
  });

  it('an external id exactly, above ids that start with it; part of an email', async () => {
    const r = await search('card-0001');
    expect(r.edges.map((e) => e.node.id).slice(0, 2)).toEqual([people.ada, people.card]);
    expect((await search('LDN-77')).edges[0]!.node.id).toBe(people.tom);
    expect((await search('adam.m@')).edges.map((e) => e.node.id)).toEqual([people.adam]);
    expect((await search('stone@example')).edges.map((e) => e.node.id)).toEqual([people.adalbert]);
  });

  it('a reward code, typed in lower case with a dash', async () => {
    const item = await s.gql(
      'mutation($i: UpsertCatalogItemInput!) { upsertCatalogItem(input: $i) { id } }',
      { i: { name: 'Pastry', costPoints: 10, active: true } },
      keys.admin,
    );
    await s.gql(
      'mutation($i: AdjustPointsInput!) { adjustPoints(input: $i) { customer { id } } }',
      { i: { idempotencyKey: 'search-adj', customerId: people.priya, points: 10, reason: 'welcome' } },
      keys.admin,
    );
    const redeemed = await s.gql(
      'mutation($i: RedeemRewardInput!) { redeemReward(input: $i) { reward { code } } }',
      {
        i: {
          idempotencyKey: 'search-redeem',
          customerId: people.priya,
          catalogItemId: item.data!.upsertCatalogItem.id,
        },
      },
      keys.staff,
    );
    const code: string = redeemed.data!.redeemReward.reward.code;
    const typed = `${code.slice(0, 5).toLowerCase()}-${code.slice(5).toLowerCase()}`;
    expect((await search(typed)).edges[0]!.node.id).toBe(people.priya);
  });

  it('pages through the ranking with cursors, without repeats or gaps, within the shared page limit', async () => {
    // Many customers under the same names, some found twice (first and last name both match).
    for (let i = 0; i < 5; i++)
      await makeCustomer(s.testDb.db, programId, {
        firstName: 'Morgan',
        lastName: `Vale${i}`,
        email: `morgan.vale${i}@example.com`,
      });
    await makeCustomer(s.testDb.db, programId, { firstName: 'Morgan', lastName: 'Morgan' });
    await makeCustomer(s.testDb.db, programId, { firstName: 'Elsa', lastName: 'Morgana' });
    for (const text of ['morgan', 'morgan.vale', 'morgan vale']) {
      const all = (await search(text, 100)).edges.map((e) => e.node.id);
      expect(all.length, text).toBeGreaterThanOrEqual(3);
      expect(new Set(all).size, text).toBe(all.length);
      const paged: string[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await search(text, 2, after);
        paged.push(...page.edges.map((e) => e.node.id));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor!;
      }
      expect(paged, text).toEqual(all);
    }
    expect((await names('morgan')).at(-1)).toBe('Elsa Morgana'); // contains it, longer: last
    const tooMany = await s.gql(SEARCH, { search: 'example', first: 101 }, keys.staff);
    expect(tooMany.errors?.[0]?.extensions.issues?.[0]?.path).toBe('first');
    const foreign = await s.gql(SEARCH, { search: 'example', after: 'bm9wZQ' }, keys.staff);
    expect(foreign.errors?.[0]?.extensions.issues?.[0]?.path).toBe('after');
  });

  it('a renamed or erased customer takes their old name out of the name list, unless someone else has it', async () => {
    const db = s.testDb.db;
    const listed = async (name: string) =>
      Boolean(await db('customer_names').where({ program_id: programId, name }).first());
    const a = await makeCustomer(db, programId, { firstName: 'Ottoline', lastName: 'Quist' });
    await makeCustomer(db, programId, { firstName: 'Bram', lastName: 'Quist' });
    expect(await listed('ottoline')).toBe(true);
    const r = await s.gql(
      'mutation($i: UpdateCustomerInput!) { updateCustomer(input: $i) { id } }',
      { i: { customerId: a.id, firstName: 'Lina' } },
      keys.staff,
    );
    expect(r.errors).toBeUndefined();
    expect(await listed('ottoline')).toBe(false);
    expect(await listed('lina')).toBe(true);
    await s.gql(
      'mutation($i: EraseCustomerInput!) { eraseCustomer(input: $i) { customerId } }',
      { i: { customerId: a.id, reason: 'asked' } },
      keys.admin,
    );
    expect(await listed('quist')).toBe(true); // Bram still has it
  });

  it('short and empty searches: two characters match exactly only; blank lists newest first', async () => {
    expect(await names('ad')).toEqual([]);
    const blank = await search('  ');
    expect(blank.edges.length).toBeGreaterThanOrEqual(6);
    const newest = await s.gql('{ customers(first: 1) { edges { node { id } } } }', {}, keys.staff);
    expect(blank.edges[0]!.node.id).toBe(newest.data!.customers.edges[0].node.id);
  });

  it('text that looks like SQL or LIKE patterns is only text', async () => {
    expect(await names("%' OR 1=1 --")).toEqual([]);
    expect(await names('___')).toEqual([]);
  });

  it('an erased customer is never found', async () => {
    const gone = await makeCustomer(s.testDb.db, programId, {
      firstName: 'Quentin',
      lastName: 'Gone',
      email: 'q@example.net',
    });
    expect(await names('quentin')).toEqual(['Quentin Gone']);
    const r = await s.gql(
      'mutation($i: EraseCustomerInput!) { eraseCustomer(input: $i) { customerId } }',
      { i: { customerId: gone.id, reason: 'asked' } },
      keys.admin,
    );
    expect(r.errors).toBeUndefined();
    expect(await names('quentin')).toEqual([]);
    expect(await names('q@example.net')).toEqual([]);
  });

  it('is for staff roles only', async () => {
    const r = await s.gql(SEARCH, { search: 'ada' }, keys.pos);
    expect(r.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });
});
