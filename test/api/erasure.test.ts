import { runMigrations } from 'graphile-worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoped } from '../../src/db/scoped';
import { outbox } from '../../src/jobs/outbox';
import { importCustomers } from '../../src/modules/data/import.service';
import { deliverMessage } from '../../src/modules/messaging/messaging.delivery';
import { queueMessage } from '../../src/modules/messaging/messaging.service';
import { liabilityReport } from '../../src/modules/reports/reports.service';
import { systemClock } from '../../src/shared/clock';
import { makeProgramWithKeys } from '../helpers/factories';
import { jobDeps } from '../helpers/jobs';
import { purchaseInput, RECORD } from '../helpers/ledger';
import { searchWholeDatabase } from '../helpers/search';
import { startTestServer, type TestServer } from '../helpers/server';

let s: TestServer;
/** Far enough ahead to include everything the test writes before erasing. */
const AS_OF = new Date(Date.now() + 3_600_000);
let programId: string;
let keys: Awaited<ReturnType<typeof makeProgramWithKeys>>['keys'];

beforeAll(async () => {
  s = await startTestServer();
  // graphile-worker's own tables, where job payloads wait: searched and cleaned too.
  await runMigrations({ connectionString: s.testDb.url, logger: undefined });
  ({
    program: { id: programId },
    keys,
  } = await makeProgramWithKeys(s.testDb.db));
});
afterAll(() => s.close());

const ENROLL = `mutation($input: EnrollCustomerInput!) { enrollCustomer(input: $input) { created customer { id } } }`;
const SESSION = `mutation($input: CreateCustomerSessionInput!) { createCustomerSession(input: $input) { token } }`;
const ERASE = `mutation($input: EraseCustomerInput!) { eraseCustomer(input: $input) { customerId erasedAt } }`;
const ME = `{ me { id firstName } }`;

// Everything that identifies Augusta, and words only she (or staff, about her) wrote.
const PERSON = {
  externalId: 'card-erase-1',
  email: 'augusta.lovelace@example.com',
  phone: '+15557654321',
  firstName: 'Augusta',
  lastName: 'Lovelace',
  birthday: '1985-12-10',
  timeZone: 'Europe/London',
  locale: 'en-GB',
};
const WORDS = ['Quokka', 'pistachio', 'croissant', 'Marmalade', 'Zanzibar', 'Babbage', 'wombat'];
const TERMS = [
  PERSON.firstName,
  PERSON.lastName,
  PERSON.email,
  PERSON.phone,
  PERSON.phone.slice(1),
  PERSON.externalId,
  ...WORDS,
];

async function ok<T = Record<string, any>>(query: string, variables: Record<string, unknown>, token: string) {
  const r = await s.gql<T>(query, variables, token);
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data!;
}

async function books() {
  const db = s.testDb.db;
  const kinds = await db('ledger_entries')
    .where({ program_id: programId })
    .groupBy('kind')
    .orderBy('kind')
    .select('kind', db.raw('sum(points)::bigint AS points'), db.raw('count(*)::int AS n'));
  const [liability] = await db('point_balances')
    .where({ program_id: programId })
    .select(db.raw('sum(points)::bigint AS points'), db.raw('sum(debt)::bigint AS debt'));
  const [purchases] = await db('purchases')
    .where({ program_id: programId })
    .select(db.raw('count(*)::int AS n'), db.raw('sum(total_minor)::bigint AS total'));
  const [lines] = await db('purchase_lines')
    .where({ program_id: programId })
    .select(db.raw('count(*)::int AS n'), db.raw('sum(quantity * unit_price_minor)::bigint AS total'));
  const [lots] = await db('point_lots')
    .where({ program_id: programId })
    .select(db.raw('sum(remaining)::bigint AS remaining'));
  // The liability report (issue 14) as of a fixed instant, as an accountant would read it.
  const report = await liabilityReport(
    {
      programId,
      q: scoped(db, programId),
      viewer: null,
      actor: { kind: 'system', id: 'test', role: null },
      clock: systemClock,
    },
    { asOf: AS_OF },
  );
  return { kinds, liability, purchases, lines, lots, report };
}

describe('eraseCustomer', () => {
  it('removes the person from every text and JSON column of the database and keeps the books', async () => {
    const db = s.testDb.db;
    const q = scoped(db, programId);
    // --- Augusta's life in the program, through the API wherever it has a door ---
    const enrolled = await ok(
      ENROLL,
      {
        input: {
          ...PERSON,
          consents: [{ channel: 'EMAIL', granted: true }],
          consentSource: 'till sign-up form',
        },
      },
      keys.admin,
    );
    const id = enrolled.enrollCustomer.customer.id as string;
    const other = await ok(
      ENROLL,
      { input: { externalId: 'card-other', firstName: 'Bertrand', email: 'bertrand@example.com' } },
      keys.admin,
    );
    const otherId = other.enrollCustomer.customer.id as string;

    for (const c of [id, otherId]) {
      await ok(RECORD, { input: purchaseInput(c) }, keys.pos);
      await ok(
        RECORD,
        { input: purchaseInput(c, { lines: [{ sku: 'cake', quantity: 3, unitPriceMinor: 425 }] }) },
        keys.pos,
      );
    }
    await ok(
      `mutation($input: AdjustPointsInput!) { adjustPoints(input: $input) { replayed } }`,
      {
        input: {
          idempotencyKey: `goodwill-${PERSON.email}`,
          customerId: id,
          points: 15,
          reason: `Goodwill for Augusta Lovelace after the Zanzibar mix-up`,
        },
      },
      keys.admin,
    );
    const note = await ok(
      `mutation($input: AddCustomerNoteInput!) { addCustomerNote(input: $input) { id } }`,
      { input: { customerId: id, body: 'Quokka enthusiast, allergic to pistachio', pinned: true } },
      keys.staff,
    );
    await ok(
      `mutation($input: UpdateCustomerNoteInput!) { updateCustomerNote(input: $input) { id } }`,
      { input: { noteId: note.addCustomerNote.id, body: 'Quokka enthusiast; pistachio allergy (severe)' } },
      keys.staff,
    );
    await ok(
      `mutation($input: AddCustomerNoteInput!) { addCustomerNote(input: $input) { id } }`,
      { input: { customerId: otherId, body: 'Likes the window seat' } },
      keys.staff,
    );
    const token = (await ok(SESSION, { input: { customerId: id } }, keys.admin)).createCustomerSession.token;
    const fb = await ok(
      `mutation($input: SendFeedbackInput!) { sendFeedback(input: $input) { id } }`,
      { input: { topic: 'food', message: 'The croissant was stale — Augusta (call me on +15557654321)' } },
      token,
    );
    await ok(
      `mutation($input: ReplyToFeedbackInput!) { replyToFeedback(input: $input) { id } }`,
      { input: { feedbackId: fb.sendFeedback.id, body: 'Sorry Augusta, the next croissant is on us' } },
      keys.staff,
    );
    // A survey she answered with a low score: a follow-up task copies her comment.
    const [survey] = await q
      .insert('surveys', {
        customer_id: id,
        scale: 'CSAT',
        ask_comment: true,
        sent_at: new Date(),
      })
      .returning('id');
    await ok(
      `mutation($input: SubmitSurveyResponseInput!) { submitSurveyResponse(input: $input) { score } }`,
      { input: { surveyId: survey.id, score: 1, comment: 'Marmalade was runny, wombat-level bad' } },
      token,
    );
    const task = await q('follow_up_tasks').where({ customer_id: id }).first();
    await ok(
      `mutation($input: CommentOnFollowUpTaskInput!) { commentOnFollowUpTask(input: $input) { id } }`,
      { input: { taskId: task.id, body: 'Called Augusta, she mentioned Babbage the cat' } },
      keys.staff,
    );
    await ok(
      `mutation($input: ResolveFollowUpTaskInput!) { resolveFollowUpTask(input: $input) { id } }`,
      { input: { taskId: task.id, outcome: 'Augusta happy again' } },
      keys.staff,
    );
    // Messages: one sent (address, subject and body recorded), one still waiting.
    const deps = jobDeps(s.testDb, systemClock, { NODE_ENV: 'test' });
    const sent = await q.transaction((trx) =>
      queueMessage(trx, new Date(), {
        customerId: id,
        kind: 'THANK_YOU',
        templateKey: 'thank_you',
        dedupeKey: `thanks:${id}:1`,
      }),
    );
    expect(await deliverMessage(deps, { programId, messageId: sent.messageId })).toBe('SENT');
    const waiting = await q.transaction((trx) =>
      queueMessage(trx, new Date(), {
        customerId: id,
        kind: 'THANK_YOU',
        templateKey: 'thank_you',
        data: { note: 'for Augusta' },
        dedupeKey: `thanks:${id}:2`,
      }),
    );
    expect(waiting.status).toBe('QUEUED');
    // Work waiting to run that carries her address (a payload some job was given).
    await q.transaction((trx) => outbox(trx, 'notify_staff', { about: PERSON.email }));
    await db.raw(
      `SELECT graphile_worker.add_job('notify_staff', json_build_object('programId', ?::text, 'about', ?::text))`,
      [programId, PERSON.phone],
    );

    // Before: every term is somewhere (the search finds what it should).
    const before = await searchWholeDatabase(db, TERMS);
    for (const t of TERMS)
      expect(
        before.map((h) => h.term),
        t,
      ).toContain(t);
    const booksBefore = await books();
    expect(booksBefore.report.liabilityPoints).toBeGreaterThan(0);

    // --- the erasure ---
    const r = await ok(
      ERASE,
      { input: { customerId: id, reason: 'Asked by email; Augusta Lovelace, ticket 88' } },
      keys.admin,
    );
    expect(r.eraseCustomer.customerId).toBe(id);

    // After: not one of the terms anywhere, in any schema.
    expect(await searchWholeDatabase(db, TERMS)).toEqual([]);
    // The books are unchanged, to the point.
    expect(await books()).toEqual(booksBefore);
    expect(await db('purchases').where({ program_id: programId, customer_id: id }).count()).toEqual([
      { count: 2 },
    ]);

    // The other customer is untouched.
    expect(await q('customers').where({ id: otherId }).first()).toMatchObject({
      first_name: 'Bertrand',
      email: 'bertrand@example.com',
      external_id: 'card-other',
    });
    expect(await q('customer_notes').where({ customer_id: otherId }).count()).toEqual([{ count: 1 }]);

    // The session is closed; the pending message will never go.
    const me = await s.gql(ME, {}, token);
    expect(me.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    expect(await q('messages').where({ id: waiting.messageId }).first()).toMatchObject({
      status: 'SUPPRESSED',
      error: 'customer erased',
    });
    expect(await q('messages').where({ id: sent.messageId }).first()).toMatchObject({
      status: 'SENT',
      recipient: null,
      text_body: null,
    });

    // The audit log says that it happened, who did it and why, not what was erased.
    const audit = await q('audit_log').where({ action: 'customer.erase', target_id: id });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_kind: 'api_key', actor_role: 'admin' });
    expect(audit[0].actor_id).toBeTruthy();
    expect(audit[0].details).toEqual({ reason: 'Asked by email; [erased], ticket 88' });

    // Twice: the same answer, nothing more written.
    const again = await ok(ERASE, { input: { customerId: id, reason: 'again' } }, keys.admin);
    expect(again.eraseCustomer).toEqual(r.eraseCustomer);
    expect(await q('audit_log').where({ action: 'customer.erase' }).count()).toEqual([{ count: 1 }]);

    // Only admins erase; an unknown customer is NOT_FOUND.
    const staff = await s.gql(ERASE, { input: { customerId: otherId, reason: 'x' } }, keys.staff);
    expect(staff.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const unknown = await s.gql(
      ERASE,
      { input: { customerId: '00000000-0000-4000-8000-000000000000', reason: 'x' } },
      keys.admin,
    );
    expect(unknown.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const blank = await s.gql(ERASE, { input: { customerId: otherId, reason: ' ' } }, keys.admin);
    expect(blank.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      issues: [{ path: 'input.reason' }],
    });

    // A new session cannot be opened for the erased customer.
    const session = await s.gql(SESSION, { input: { customerId: id } }, keys.admin);
    expect(session.errors?.[0]?.extensions.code).toBe('NOT_FOUND');

    // An import of an old file cannot bring her back.
    const reimport = await importCustomers(
      { programId, q, viewer: null, actor: { kind: 'cli', id: 'test', role: 'admin' }, clock: systemClock },
      [
        Buffer.from(
          `external_id,first_name,email\n${PERSON.externalId},${PERSON.firstName},${PERSON.email}\n`,
        ),
      ],
      { fileId: 'old-export' },
    );
    expect(reimport.rejectedRows).toEqual([
      { line: 2, field: 'external_id', reason: 'Belonged to an erased customer; not imported' },
    ]);
    const dryReimport = await importCustomers(
      { programId, q, viewer: null, actor: { kind: 'cli', id: 'test', role: 'admin' }, clock: systemClock },
      [Buffer.from(`external_id\n${PERSON.externalId}\n`)],
      { fileId: 'old-export', dryRun: true },
    );
    expect(dryReimport).toMatchObject({ imported: 0, rejected: 1 });
    expect(await searchWholeDatabase(db, [PERSON.email, PERSON.firstName])).toEqual([]);

    // Enrolling the old card again makes a new, empty customer, never the erased one.
    const re = await ok(ENROLL, { input: { externalId: PERSON.externalId } }, keys.pos);
    expect(re.enrollCustomer.created).toBe(true);
    expect(re.enrollCustomer.customer.id).not.toBe(id);
    // A points entry still refuses to change, erasure or not.
    await expect(db('ledger_entries').where({ customer_id: id }).update({ points: 1 })).rejects.toThrow(
      /append-only/,
    );
  });
});
