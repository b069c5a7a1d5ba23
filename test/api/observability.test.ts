import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCustomer, makeProgramWithKeys } from '../helpers/factories';
import { startTestServer, type TestServer } from '../helpers/server';

let s: TestServer;
let keys: Awaited<ReturnType<typeof makeProgramWithKeys>>['keys'];
let customerId: string;

beforeAll(async () => {
  s = await startTestServer();
  const p = await makeProgramWithKeys(s.testDb.db);
  keys = p.keys;
  customerId = (await makeCustomer(s.testDb.db, p.program.id, { email: 'old@example.com' })).id;
});
afterAll(() => s.close());

describe('metrics and audit', () => {
  it('/metrics reports latency by GraphQL operation and route, the DB pool and the process', async () => {
    await s.gql('query LookupAtTill { program { id } }', {}, keys.pos);
    const text = await (await fetch(`${s.url}/metrics`)).text();
    expect(text).toMatch(
      /regulars_graphql_operation_duration_seconds_count\{operation="LookupAtTill",type="query",outcome="ok"\} 1/,
    );
    expect(text).toMatch(
      /regulars_http_request_duration_seconds_count\{method="POST",route="\/graphql",status="200"\}/,
    );
    expect(text).toMatch(/regulars_db_pool_connections\{state="used"\}/);
    expect(text).toMatch(/process_cpu_user_seconds_total/);
  });

  it('updateCustomer changes only the given fields, clears with null, and is audited', async () => {
    const r = await s.gql(
      `mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { email phone firstName } }`,
      { input: { customerId, email: 'New@Example.com', phone: null } },
      keys.staff,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.updateCustomer).toEqual({ email: 'new@example.com', phone: null, firstName: 'Test' });
    const log = await s.gql(
      'query($id: String) { auditLog(targetType: "customer", targetId: $id) { action actorRole details } }',
      { id: customerId },
      keys.admin,
    );
    expect(log.data!.auditLog[0]).toMatchObject({ action: 'customer.update', actorRole: 'staff' });
    expect(JSON.parse(log.data!.auditLog[0].details).fields).toEqual(['email', 'phone']);
  });

  it('updateCustomer of an unknown customer is NOT_FOUND and writes no audit row', async () => {
    const before = await s.testDb.db('audit_log').count('* as c').first();
    const r = await s.gql(
      'mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { id } }',
      { input: { customerId: '00000000-0000-4000-8000-000000000000', firstName: 'X' } },
      keys.staff,
    );
    expect(r.errors![0]!.extensions.code).toBe('NOT_FOUND');
    expect(await s.testDb.db('audit_log').count('* as c').first()).toEqual(before);
  });
});
