import { describe, expect, it } from 'vitest';
import { programForFile, serverForFile } from '../helpers/suite';

const s = serverForFile();
const { keys } = programForFile(s);

const ENROLL = `mutation($input: EnrollCustomerInput!) {
  enrollCustomer(input: $input) { created customer { id externalId email firstName birthday enrolledAt } }
}`;

describe('enrollCustomer', () => {
  it('enrols once per externalId and returns the same customer again', async () => {
    const input = {
      externalId: 'card-42',
      email: 'Ana@Example.com',
      firstName: 'Ana',
      birthday: '1990-02-28',
    };
    const first = await s.gql(ENROLL, { input }, keys.pos);
    expect(first.errors).toBeUndefined();
    expect(first.data!.enrollCustomer.created).toBe(true);
    expect(first.data!.enrollCustomer.customer).toMatchObject({
      externalId: 'card-42',
      email: 'ana@example.com',
      birthday: '1990-02-28',
    });

    const again = await s.gql(ENROLL, { input: { ...input, firstName: 'Someone else' } }, keys.pos);
    expect(again.data!.enrollCustomer.created).toBe(false);
    expect(again.data!.enrollCustomer.customer.id).toBe(first.data!.enrollCustomer.customer.id);
    expect(again.data!.enrollCustomer.customer.firstName).toBe('Ana');
  });

  it('ten parallel enrolments of one externalId make one customer', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, () => s.gql(ENROLL, { input: { externalId: 'card-race' } }, keys.pos)),
    );
    const ids = new Set(results.map((r) => r.data!.enrollCustomer.customer.id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.data!.enrollCustomer.created)).toHaveLength(1);
  });

  it('rejects bad fields with paths and writes nothing', async () => {
    const r = await s.gql(
      ENROLL,
      {
        input: {
          externalId: 'x'.repeat(10_000),
          email: 'not-an-email',
          phone: '12',
          timeZone: 'Mars/Olympus',
        },
      },
      keys.pos,
    );
    expect(r.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    const paths = r.errors![0]!.extensions.issues!.map((i) => i.path).sort();
    expect(paths).toEqual(['input.email', 'input.externalId', 'input.phone', 'input.timeZone']);
    const count = await s.testDb.db('customers').count<{ count: number }[]>('* as count');
    const before = count[0]!.count;
    expect((await s.testDb.db('customers').whereRaw('length(external_id) > 1000')).length).toBe(0);
    expect(before).toBeGreaterThan(0);
  });

  it('records the enrolment in the audit log with the actor', async () => {
    const r = await s.gql(ENROLL, { input: { externalId: 'card-audit' } }, keys.staff);
    const id = r.data!.enrollCustomer.customer.id;
    const log = await s.gql(
      `query($id: String) { auditLog(targetType: "customer", targetId: $id) { action actorKind actorRole } }`,
      { id },
      keys.admin,
    );
    expect(log.data!.auditLog).toEqual([
      { action: 'customer.enroll', actorKind: 'api_key', actorRole: 'staff' },
    ]);
  });
});
