import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProgramWithKeys } from '../helpers/factories';
import { startTestServer, type TestServer } from '../helpers/server';

let s: TestServer;
let keys: Awaited<ReturnType<typeof makeProgramWithKeys>>['keys'];

beforeAll(async () => {
  s = await startTestServer({ env: { RATE_LIMIT_PER_SECOND: '1', RATE_LIMIT_BURST: '1000' } });
  ({ keys } = await makeProgramWithKeys(s.testDb.db));
});
afterAll(() => s.close());

async function post(body: string, token = keys.admin, contentType = 'application/json') {
  const res = await fetch(`${s.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      accept: 'application/graphql-response+json',
      authorization: `Bearer ${token}`,
    },
    body,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

async function customerCount(): Promise<number> {
  const [row] = await s.testDb.db('customers').count<{ count: number }[]>('* as count');
  return row!.count;
}

describe('bad requests get their documented code and status, and change nothing', () => {
  it('malformed JSON → 400', async () => {
    const r = await post('{"query": "mutation { enrollCustomer(');
    expect(r.status).toBe(400);
    expect(r.body.errors[0].message).toMatch(/JSON/i);
  });

  it('a 2 MB body → 413 BAD_USER_INPUT, without reading it all', async () => {
    const query = `mutation { enrollCustomer(input: { externalId: "big", firstName: "${'x'.repeat(2_000_000)}" }) { created } }`;
    const r = await post(JSON.stringify({ query }));
    expect(r.status).toBe(413);
    expect(r.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(await customerCount()).toBe(0);
  });

  it('2,000 aliases → QUERY_TOO_COMPLEX', async () => {
    const fields = Array.from({ length: 2000 }, (_, i) => `a${i}: program { id }`).join(' ');
    const r = await post(JSON.stringify({ query: `{ ${fields} }` }));
    expect(r.status).toBe(400);
    expect(r.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('40 aliases (fewer tokens than the token limit) → QUERY_TOO_COMPLEX by the alias limit', async () => {
    const fields = Array.from({ length: 40 }, (_, i) => `a${i}: program { id }`).join(' ');
    const r = await post(JSON.stringify({ query: `{ ${fields} }` }));
    expect(r.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(r.body.errors[0].message).toMatch(/alias/i);
  });

  it('a 50-level nested query → QUERY_TOO_COMPLEX', async () => {
    const deep = `{ ${'program { '.repeat(50)}id${' }'.repeat(50)} }`;
    const r = await post(JSON.stringify({ query: deep }));
    expect(r.status).toBe(400);
    expect(r.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(r.body.errors[0].message).toMatch(/depth|cost/i);
  });

  it('an unknown field → 400 BAD_USER_INPUT naming it', async () => {
    const r = await post(JSON.stringify({ query: '{ program { id secretField } }' }));
    expect(r.status).toBe(400);
    expect(r.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(r.body.errors[0].message).toContain('secretField');
  });

  it('an invalid scalar (DateTime, Date) → BAD_USER_INPUT', async () => {
    const r = await post(
      JSON.stringify({
        query: 'mutation($input: EnrollCustomerInput!) { enrollCustomer(input: $input) { created } }',
        variables: { input: { externalId: 'x', birthday: '1990-02-31' } },
      }),
    );
    expect(r.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(await customerCount()).toBe(0);
  });

  it('an internal failure is masked: no stack, no SQL', async () => {
    // A customer id that is valid for the API but whose lookup fails inside PostgreSQL:
    // drop a table the resolver needs for the duration of one request.
    await s.testDb.db.raw('ALTER TABLE customer_notes RENAME TO customer_notes_away');
    try {
      const r = await post(
        JSON.stringify({ query: '{ customers(first: 1) { edges { node { id } } } program { id } }' }),
      );
      expect(r.body.data.program.id).toBeTruthy();
      const withNotes = await post(
        JSON.stringify({
          query:
            'mutation($i: EnrollCustomerInput!) { enrollCustomer(input: $i) { customer { notes { body } } } }',
          variables: { i: { externalId: 'masked' } },
        }),
      );
      const err = withNotes.body.errors[0];
      expect(err.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
      expect(err.message).toBe('Internal server error');
      expect(JSON.stringify(withNotes.body)).not.toMatch(/customer_notes|relation|select|at .*\.ts/i);
    } finally {
      await s.testDb.db.raw('ALTER TABLE customer_notes_away RENAME TO customer_notes');
    }
  });

  it('returns x-request-id, echoing a given one', async () => {
    const res = await fetch(`${s.url}/healthz`, { headers: { 'x-request-id': 'till-7-abc' } });
    expect(res.headers.get('x-request-id')).toBe('till-7-abc');
    const gen = await fetch(`${s.url}/healthz`);
    expect(gen.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('the server is still up after all of that', async () => {
    const r = await post(JSON.stringify({ query: '{ program { id } }' }));
    expect(r.status).toBe(200);
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
  });
});

describe('rate limit', () => {
  it('answers RATE_LIMITED with 429 and Retry-After once a key spends its burst', async () => {
    const limited = await startTestServer({ env: { RATE_LIMIT_PER_SECOND: '1', RATE_LIMIT_BURST: '5' } });
    try {
      const { keys: k } = await makeProgramWithKeys(limited.testDb.db);
      const results = [];
      for (let i = 0; i < 7; i++) results.push(await limited.gql('{ program { id } }', {}, k.pos));
      expect(results.slice(0, 5).every((r) => r.status === 200)).toBe(true);
      const last = results.at(-1)!;
      expect(last.status).toBe(429);
      expect(last.errors![0]!.extensions.code).toBe('RATE_LIMITED');
      expect(Number(last.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      // Another key of the same program has its own bucket.
      expect((await limited.gql('{ program { id } }', {}, k.staff)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('errors that say what is wrong (issue 10, defect 9)', () => {
  it('a typo in a field name keeps GraphQL\'s "Did you mean" while introspection is on', async () => {
    const r = await post(JSON.stringify({ query: '{ program { nmae } }' }));
    expect(r.status).toBe(400);
    expect(r.body.errors[0].message).toMatch(/Did you mean "name"\?/);
  });

  it('an Authorization header without "Bearer " says so', async () => {
    const res = await fetch(`${s.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: keys.admin },
      body: JSON.stringify({ query: '{ program { id } }' }),
    });
    const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(res.status).toBe(401);
    expect(body.errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
    expect(body.errors[0]!.message).toMatch(/must be "Bearer <token>"/);
  });

  it('ledger(first: 500) is the documented page-size error, not a cost error', async () => {
    const r = await post(
      JSON.stringify({
        query: `{ customers(first: 1) { edges { node { ledger(first: 500) { edges { node { id points
          purchase { id totalMinor lines { sku quantity } } reward { id code } } } } } } } }`,
      }),
    );
    expect(r.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(r.body.errors[0].extensions.issues).toEqual([
      { path: 'first', message: 'Must be between 0 and 100' },
    ]);
  });
});

describe('query cost: the largest page of every staff list, with its usual children, fits the default limit (issue 10, defect 9)', () => {
  const customer = `id externalId firstName lastName email phone enrolledAt
    balance { available pending lifetimeEarned expiringSoon { points expiresAt } }
    tier { id name rank } notes { id body pinned author createdAt }`;
  const lists: Record<string, string> = {
    customers: `{ customers(first: 100) { edges { cursor node { ${customer} } } pageInfo { hasNextPage endCursor } } }`,
    followUpTasks: `{ followUpTasks(first: 100) { edges { cursor node { id kind score comment assignee dueAt overdue
      status outcome createdAt resolvedAt customer { id firstName lastName email phone }
      comments { id body author createdAt } } } pageInfo { hasNextPage endCursor } } }`,
    feedbackItems: `{ feedbackItems(first: 100) { edges { cursor node { id topic message status createdAt
      firstResponseAt firstResponseSeconds resolvedAt customer { id firstName lastName email phone }
      replies { id body author messageId createdAt } } } pageInfo { hasNextPage endCursor } } }`,
    localOutbox: `{ localOutbox(first: 100) { edges { cursor node { id channel kind status templateKey recipient
      subject text attempts error queuedAt sentAt } } pageInfo { hasNextPage endCursor } } }`,
    auditLog:
      '{ auditLog(first: 100) { id actorKind actorId actorRole action targetType targetId details createdAt } }',
    'Customer.ledger': `{ customer(externalId: "x") { ${customer} ledger(first: 100) { edges { cursor node { id kind
      points createdAt availableAt expiresAt reason basePoints bonusPoints
      purchase { id externalId storeCode totalMinor currency occurredAt lines { sku category quantity unitPriceMinor } }
      reward { id code name status } } } pageInfo { hasNextPage endCursor } } } }`,
    'Customer.purchases': `{ customer(externalId: "x") { ${customer} purchases(first: 100) { edges { cursor node {
      id externalId storeCode currency totalMinor refundedMinor occurredAt recordedAt pointsEarned pointsReversed
      lines { sku category quantity unitPriceMinor refundedQuantity } } } pageInfo { hasNextPage endCursor } } } }`,
    'Customer.messages': `{ customer(externalId: "x") { ${customer} messages(first: 100) { edges { cursor node {
      id channel kind status templateKey subject attempts error queuedAt sentAt } } pageInfo { hasNextPage endCursor } } } }`,
  };
  for (const [name, query] of Object.entries(lists)) {
    it(`${name}: a page of 100`, async () => {
      const r = await post(JSON.stringify({ query }));
      expect(r.body.errors, JSON.stringify(r.body.errors)).toBeUndefined();
      expect(r.status).toBe(200);
    });
  }

  it('nested pages stay bounded: 100 customers × 100 ledger entries each is too costly', async () => {
    const r = await post(
      JSON.stringify({
        query:
          '{ customers(first: 100) { edges { node { id ledger(first: 100) { edges { node { id purchase { id } } } } } } } }',
      }),
    );
    expect(r.status).toBe(400);
    expect(r.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(r.body.errors[0].message).toMatch(/Query cost \d+ exceeds the limit of 5000/);
  });

  it('page sizes given as variables count too', async () => {
    const query =
      'query($n: Int) { customers(first: $n) { edges { node { id ledger(first: $n) { edges { node { id purchase { id } } } } } } } }';
    const small = await post(JSON.stringify({ query, variables: { n: 5 } }));
    expect(small.body.errors).toBeUndefined();
    const big = await post(JSON.stringify({ query, variables: { n: 100 } }));
    expect(big.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
  });
});
