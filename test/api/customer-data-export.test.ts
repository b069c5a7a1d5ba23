import { describe, expect, it } from 'vitest';
import { key, purchaseInput, RECORD } from '../helpers/ledger';
import { programForFile, serverForFile } from '../helpers/suite';

const s = serverForFile();
const { keys } = programForFile(s);

const EXPORT = `mutation($input: ExportCustomerDataInput!) { exportCustomerData(input: $input) { customerId generatedAt document } }`;

async function ok<T = Record<string, any>>(query: string, variables: Record<string, unknown>, token: string) {
  const r = await s.gql<T>(query, variables, token);
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data!;
}

/** The profile Iris enrolls with, which her export gives back. */
const IRIS = {
  externalId: 'card-x1',
  email: 'iris@example.com',
  phone: '+15551230000',
  firstName: 'Iris',
  lastName: 'Murdoch',
  birthday: '1979-07-15',
};

describe('exportCustomerData', () => {
  it('returns everything held about the customer as one document; notes only for staff', async () => {
    const enrolled = await ok(
      `mutation($input: EnrollCustomerInput!) { enrollCustomer(input: $input) { customer { id } } }`,
      {
        input: {
          ...IRIS,
          consents: [
            { channel: 'EMAIL', granted: true },
            { channel: 'SMS', granted: false },
          ],
          consentSource: 'paper form',
        },
      },
      keys.admin,
    );
    const id = enrolled.enrollCustomer.customer.id as string;
    const other = (
      await ok(
        `mutation($input: EnrollCustomerInput!) { enrollCustomer(input: $input) { customer { id } } }`,
        { input: { externalId: 'card-x2', firstName: 'Other' } },
        keys.admin,
      )
    ).enrollCustomer.customer.id as string;
    await ok(RECORD, { input: purchaseInput(id) }, keys.pos);
    await ok(
      `mutation($input: AdjustPointsInput!) { adjustPoints(input: $input) { replayed } }`,
      { input: { idempotencyKey: key(), customerId: id, points: 5, reason: 'welcome back' } },
      keys.admin,
    );
    await ok(
      `mutation($input: AddCustomerNoteInput!) { addCustomerNote(input: $input) { id } }`,
      { input: { customerId: id, body: 'Prefers the corner table' } },
      keys.staff,
    );
    const token = (
      await ok(
        `mutation($input: CreateCustomerSessionInput!) { createCustomerSession(input: $input) { token } }`,
        { input: { customerId: id } },
        keys.admin,
      )
    ).createCustomerSession.token;
    await ok(
      `mutation($input: SendFeedbackInput!) { sendFeedback(input: $input) { id } }`,
      { input: { topic: 'service', message: 'Lovely staff' } },
      token,
    );

    const staff = (await ok(EXPORT, { input: { customerId: id } }, keys.admin)).exportCustomerData;
    expect(staff.customerId).toBe(id);
    const d = staff.document;
    expect(d.format).toBe('regulars.customer-data/1');
    expect(d.profile).toMatchObject({
      id,
      ...IRIS,
    });
    expect(d.consents).toEqual([
      expect.objectContaining({ channel: 'EMAIL', state: 'GRANTED', source: 'paper form' }),
      expect.objectContaining({ channel: 'SMS', state: 'DENIED', source: 'paper form' }),
    ]);
    expect(d.consentHistory[0]).toMatchObject({ action: 'customer.enroll', source: 'paper form' });
    expect(d.purchases).toHaveLength(1);
    expect(d.purchases[0].lines.length).toBeGreaterThan(0);
    expect(d.ledger.map((e: { kind: string }) => e.kind)).toEqual(['EARN', 'ADJUST']);
    expect(d.balance.available).toBe(
      d.ledger.reduce((s: number, e: { points: number }) => s + Number(e.points), 0),
    );
    expect(d.feedback).toEqual([
      expect.objectContaining({ topic: 'service', message: 'Lovely staff', replies: [] }),
    ]);
    expect(d.notes).toEqual([expect.objectContaining({ body: 'Prefers the corner table' })]);
    expect(Array.isArray(d.messages)).toBe(true);
    expect(Array.isArray(d.surveyAnswers)).toBe(true);
    expect(Array.isArray(d.rewards)).toBe(true);
    expect(JSON.stringify(d)).not.toContain('program_id');

    // The customer's own session: the same data, without staff notes and tasks.
    const own = (await ok(EXPORT, { input: {} }, token)).exportCustomerData;
    expect(own.customerId).toBe(id);
    expect(own.document.profile.email).toBe('iris@example.com');
    expect(own.document.notes).toBeUndefined();
    expect(own.document.followUpTasks).toBeUndefined();
    expect(JSON.stringify(own.document)).not.toContain('corner table');

    // A session asks for itself only; other roles than admin may not export.
    const notMine = await s.gql(EXPORT, { input: { customerId: other } }, token);
    expect(notMine.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    for (const k of [keys.staff, keys.pos, keys.marketing]) {
      const r = await s.gql(EXPORT, { input: { customerId: id } }, k);
      expect(r.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    }
    const missing = await s.gql(EXPORT, { input: {} }, keys.admin);
    expect(missing.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      issues: [{ path: 'input.customerId' }],
    });
    const unknown = await s.gql(
      EXPORT,
      { input: { customerId: '00000000-0000-4000-8000-000000000000' } },
      keys.admin,
    );
    expect(unknown.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
  });
});
