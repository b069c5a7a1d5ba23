import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/shared/clock';
import { makeCustomer, makeProgramWithKeys } from '../helpers/factories';
import { startTestServer, type TestServer } from '../helpers/server';

const clock = new ManualClock('2026-06-01T10:00:00Z');
let s: TestServer;
let a: Awaited<ReturnType<typeof makeProgramWithKeys>>;
let b: Awaited<ReturnType<typeof makeProgramWithKeys>>;
let aliceId: string;
let aliceSession: string;
let bobId: string;

const SESSION = `mutation($input: CreateCustomerSessionInput!) { createCustomerSession(input: $input) { token expiresAt } }`;

beforeAll(async () => {
  s = await startTestServer({ clock });
  a = await makeProgramWithKeys(s.testDb.db, { name: 'Program A' });
  b = await makeProgramWithKeys(s.testDb.db, { name: 'Program B' });
  const alice = await makeCustomer(s.testDb.db, a.program.id, {
    externalId: 'alice',
    email: 'alice@example.com',
  });
  const bob = await makeCustomer(s.testDb.db, a.program.id, { externalId: 'bob' });
  aliceId = alice.id;
  bobId = bob.id;
  await s.testDb.db('customer_notes').insert({
    program_id: a.program.id,
    customer_id: aliceId,
    body: 'Ask about the new dog',
    pinned: true,
    author: 'staff',
    created_at: clock.now(),
    updated_at: clock.now(),
  });
  const r = await s.gql(SESSION, { input: { customerId: aliceId } }, a.keys.pos);
  aliceSession = r.data!.createCustomerSession.token;
});
afterAll(() => s.close());

type Role = 'admin' | 'marketing' | 'staff' | 'pos' | 'customer';
const token = (role: Role) => (role === 'customer' ? aliceSession : a.keys[role]);

describe('role matrix', () => {
  const ops: { name: string; query: () => string; vars?: () => Record<string, unknown>; allowed: Role[] }[] =
    [
      {
        name: 'program',
        query: () => '{ program { id } }',
        allowed: ['admin', 'marketing', 'staff', 'pos', 'customer'],
      },
      {
        name: 'customer',
        query: () => 'query($id: ID) { customer(id: $id) { id } }',
        vars: () => ({ id: aliceId }),
        allowed: ['admin', 'marketing', 'staff', 'pos'],
      },
      {
        name: 'customers',
        query: () => '{ customers(first: 1) { edges { node { id } } } }',
        allowed: ['admin', 'marketing', 'staff'],
      },
      { name: 'me', query: () => '{ me { id } }', allowed: ['customer'] },
      { name: 'auditLog', query: () => '{ auditLog { id } }', allowed: ['admin'] },
      {
        name: 'enrollCustomer',
        query: () => 'mutation($input: EnrollCustomerInput!) { enrollCustomer(input: $input) { created } }',
        vars: () => ({ input: { externalId: 'matrix' } }),
        allowed: ['admin', 'staff', 'pos'],
      },
      {
        name: 'createCustomerSession',
        query: () => SESSION,
        vars: () => ({ input: { customerId: aliceId } }),
        allowed: ['admin', 'pos'],
      },
      {
        name: 'updateContactPreferences',
        query: () =>
          'mutation($input: UpdateContactPreferencesInput!) { updateContactPreferences(input: $input) { smsOnlyAfterInbound } }',
        vars: () => ({ input: { customerId: aliceId, newsletterTopics: ['events'] } }),
        allowed: ['admin', 'staff', 'pos', 'customer'],
      },
    ];
  const roles: Role[] = ['admin', 'marketing', 'staff', 'pos', 'customer'];
  for (const op of ops) {
    for (const role of roles) {
      const allowed = op.allowed.includes(role);
      it(`${op.name} is ${allowed ? 'allowed' : 'FORBIDDEN'} for ${role}`, async () => {
        const r = await s.gql(op.query(), op.vars?.(), token(role));
        if (allowed) {
          expect(r.errors).toBeUndefined();
        } else {
          expect(r.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN']);
        }
      });
    }
  }

  it('every operation without a token is UNAUTHENTICATED', async () => {
    const r = await s.gql('{ program { id } }');
    expect(r.errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
    expect(r.data).toBeNull();
  });

  it('an unknown, malformed or revoked key is refused with 401', async () => {
    for (const t of [
      'nonsense',
      `${a.keys.pos.slice(0, -4)}AAAA`,
      `rk_${'0'.repeat(32)}_${'A'.repeat(43)}`,
    ]) {
      const r = await s.gql('{ program { id } }', {}, t);
      expect(r.status).toBe(401);
      expect(r.errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
    }
    const keyRow = await s.testDb.db('api_keys').where({ program_id: b.program.id, role: 'staff' }).first();
    await s.testDb
      .db('api_keys')
      .where({ program_id: b.program.id, id: keyRow.id })
      .update({ revoked_at: clock.now() });
    // Verified keys are cached; the revocation reaches the cache by NOTIFY (on commit, so
    // before any request sent a second later).
    await new Promise((r) => setTimeout(r, 1000));
    const r = await s.gql('{ program { id } }', {}, b.keys.staff);
    expect(r.status).toBe(401);
  });

  it('records when a key was last used', async () => {
    await s.gql('{ program { id } }', {}, a.keys.marketing);
    await new Promise((r) => setTimeout(r, 100)); // written after the response
    const row = await s.testDb.db('api_keys').where({ program_id: a.program.id, role: 'marketing' }).first();
    expect(row.last_used_at).toEqual(clock.now());
  });
});

describe('program isolation', () => {
  it("a key of program B never sees program A's customer, by id or by externalId", async () => {
    const byId = await s.gql('query($id: ID) { customer(id: $id) { id } }', { id: aliceId }, b.keys.admin);
    expect(byId.errors).toBeUndefined();
    expect(byId.data!.customer).toBeNull();
    const byExt = await s.gql('{ customer(externalId: "alice") { id } }', {}, b.keys.pos);
    expect(byExt.data!.customer).toBeNull();
    const customers = await s.gql('{ customers(first: 100) { edges { node { id } } } }', {}, b.keys.admin);
    expect(customers.data!.customers.edges).toEqual([]);
  });

  it("a key of program B cannot act on program A's customer", async () => {
    const session = await s.gql(SESSION, { input: { customerId: aliceId } }, b.keys.pos);
    expect(session.errors![0]!.extensions.code).toBe('NOT_FOUND');
    const prefs = await s.gql(
      'mutation($input: UpdateContactPreferencesInput!) { updateContactPreferences(input: $input) { smsOnlyAfterInbound } }',
      { input: { customerId: aliceId, smsOnlyAfterInbound: false } },
      b.keys.admin,
    );
    expect(prefs.errors![0]!.extensions.code).toBe('NOT_FOUND');
    const row = await s.testDb.db('contact_preferences').where({ customer_id: aliceId }).first();
    expect(row?.sms_only_after_inbound ?? true).toBe(true);
  });

  it("enrolling the same externalId in program B makes B's own customer", async () => {
    const r = await s.gql(
      'mutation($input: EnrollCustomerInput!) { enrollCustomer(input: $input) { created customer { id } } }',
      { input: { externalId: 'alice' } },
      b.keys.pos,
    );
    expect(r.data!.enrollCustomer.created).toBe(true);
    expect(r.data!.enrollCustomer.customer.id).not.toBe(aliceId);
  });
});

describe('customer sessions', () => {
  it('see their own customer through me, never staff notes', async () => {
    const me = await s.gql(
      '{ me { id email preferences { consents { channel state } } } }',
      {},
      aliceSession,
    );
    expect(me.data!.me.id).toBe(aliceId);
    const notes = await s.gql('{ me { id notes { body } } }', {}, aliceSession);
    expect(notes.errors![0]!.extensions.code).toBe('FORBIDDEN');
    expect(JSON.stringify(notes)).not.toContain('new dog');
  });

  it('staff and the till see the notes, pinned first', async () => {
    const r = await s.gql(
      'query($id: ID) { customer(id: $id) { notes { body pinned } } }',
      { id: aliceId },
      a.keys.pos,
    );
    expect(r.data!.customer.notes).toEqual([{ body: 'Ask about the new dog', pinned: true }]);
  });

  it("change their own preferences and consent, never another customer's", async () => {
    const mine = await s.gql(
      `mutation($input: UpdateContactPreferencesInput!) {
        updateContactPreferences(input: $input) { preferredChannel consents { channel state source } }
      }`,
      { input: { preferredChannel: 'EMAIL', consents: [{ channel: 'EMAIL', granted: true }] } },
      aliceSession,
    );
    expect(mine.data!.updateContactPreferences.preferredChannel).toBe('EMAIL');
    expect(mine.data!.updateContactPreferences.consents[0]).toEqual({
      channel: 'EMAIL',
      state: 'GRANTED',
      source: 'app',
    });
    const other = await s.gql(
      'mutation($input: UpdateContactPreferencesInput!) { updateContactPreferences(input: $input) { preferredChannel } }',
      { input: { customerId: bobId, preferredChannel: 'SMS' } },
      aliceSession,
    );
    expect(other.errors![0]!.extensions.code).toBe('FORBIDDEN');
    expect(await s.testDb.db('contact_preferences').where({ customer_id: bobId }).first()).toBeUndefined();
  });

  it('expire: an old session token is refused', async () => {
    const r = await s.gql(SESSION, { input: { customerId: bobId } }, a.keys.pos);
    const { token: t, expiresAt } = r.data!.createCustomerSession;
    expect(new Date(expiresAt).getTime() - clock.now().getTime()).toBe(3600_000);
    expect((await s.gql('{ me { id } }', {}, t)).data!.me.id).toBe(bobId);
    clock.advance(3600_001);
    const late = await s.gql('{ me { id } }', {}, t);
    expect(late.status).toBe(401);
    expect(late.errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
  });
});
