import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/shared/clock';
import { makeCustomer, makeProgramWithKeys } from '../helpers/factories';
import { startTestServer, type TestServer } from '../helpers/server';

const clock = new ManualClock('2026-03-02T10:00:00Z');
let s: TestServer;
let keys: Awaited<ReturnType<typeof makeProgramWithKeys>>['keys'];
let programId: string;

beforeAll(async () => {
  s = await startTestServer({ clock });
  const p = await makeProgramWithKeys(s.testDb.db);
  keys = p.keys;
  programId = p.program.id;
});
afterAll(() => s.close());

const ADD = `mutation($input: AddCustomerNoteInput!) { addCustomerNote(input: $input) { id customerId body pinned author createdAt updatedAt } }`;
const UPDATE = `mutation($input: UpdateCustomerNoteInput!) { updateCustomerNote(input: $input) { id body pinned updatedAt } }`;
const DELETE = `mutation($input: DeleteCustomerNoteInput!) { deleteCustomerNote(input: $input) { noteId } }`;
const NOTES = `query($id: ID!) { customer(id: $id) { notes { id body pinned } } }`;
const counts = async () => {
  const n = async (table: string) => Number((await s.testDb.db(table).count({ n: '*' }))[0]!.n);
  return { notes: await n('customer_notes'), audit: await n('audit_log') };
};

describe('customer notes', () => {
  it('staff and POS add, edit, pin and delete notes; pinned first; every change audited', async () => {
    const c = await makeCustomer(s.testDb.db, programId);
    const a = await s.gql(ADD, { input: { customerId: c.id, body: 'Ask about the new dog' } }, keys.pos);
    expect(a.errors).toBeUndefined();
    expect(a.data!.addCustomerNote).toMatchObject({
      customerId: c.id,
      pinned: false,
      body: 'Ask about the new dog',
    });
    expect(a.data!.addCustomerNote.author).toMatch(/^pos:/);
    clock.advance(60_000);
    const b = await s.gql(ADD, { input: { customerId: c.id, body: 'Oat milk', pinned: true } }, keys.staff);
    clock.advance(60_000);
    await s.gql(ADD, { input: { customerId: c.id, body: 'Birthday in May' } }, keys.admin);

    const listed = await s.gql(NOTES, { id: c.id }, keys.staff);
    expect(listed.data!.customer.notes.map((n: { body: string }) => n.body)).toEqual([
      'Oat milk',
      'Birthday in May',
      'Ask about the new dog',
    ]);

    clock.advance(60_000);
    const edited = await s.gql(
      UPDATE,
      { input: { noteId: a.data!.addCustomerNote.id, body: 'Dog is called Rex', pinned: true } },
      keys.staff,
    );
    expect(edited.data!.updateCustomerNote).toMatchObject({
      body: 'Dog is called Rex',
      pinned: true,
      updatedAt: clock.now().toISOString(),
    });
    const del = await s.gql(DELETE, { input: { noteId: b.data!.addCustomerNote.id } }, keys.pos);
    expect(del.data!.deleteCustomerNote.noteId).toBe(b.data!.addCustomerNote.id);

    const audit = await s.testDb
      .db('audit_log')
      .where({ target_id: c.id })
      .where('action', 'like', 'customer_note.%')
      .orderBy('id');
    expect(audit.map((r) => r.action)).toEqual([
      'customer_note.add',
      'customer_note.add',
      'customer_note.add',
      'customer_note.update',
      'customer_note.delete',
    ]);
    expect(audit[3].details).toMatchObject({
      before: { body: 'Ask about the new dog' },
      after: { body: 'Dog is called Rex' },
    });
    expect(audit[4].details).toMatchObject({ body: 'Oat milk' });
  });

  it('stores HTML as text and returns it as typed (escaping is the renderer’s job)', async () => {
    const c = await makeCustomer(s.testDb.db, programId);
    const body = '<img src=x onerror=alert(1)> likes <b>tea</b>';
    const r = await s.gql(ADD, { input: { customerId: c.id, body } }, keys.staff);
    expect(r.data!.addCustomerNote.body).toBe(body);
  });

  it('bad input and another program’s customer: clear errors, nothing written', async () => {
    const c = await makeCustomer(s.testDb.db, programId);
    const other = await makeProgramWithKeys(s.testDb.db);
    const theirs = await makeCustomer(s.testDb.db, other.program.id);
    const before = await counts();

    const foreign = await s.gql(ADD, { input: { customerId: theirs.id, body: 'hello' } }, keys.staff);
    expect(foreign.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const empty = await s.gql(ADD, { input: { customerId: c.id, body: '   ' } }, keys.staff);
    expect(empty.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      issues: [{ path: 'input.body' }],
    });
    const long = await s.gql(ADD, { input: { customerId: c.id, body: 'x'.repeat(2001) } }, keys.staff);
    expect(long.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    const marketing = await s.gql(ADD, { input: { customerId: c.id, body: 'hi' } }, keys.marketing);
    expect(marketing.errors?.[0]?.extensions.code).toBe('FORBIDDEN');

    // Their note is invisible to us: editing or deleting it is NOT_FOUND.
    const theirNote = await s.gql(
      ADD,
      { input: { customerId: theirs.id, body: 'theirs' } },
      other.keys.staff,
    );
    const mid = await counts();
    const edit = await s.gql(
      UPDATE,
      { input: { noteId: theirNote.data!.addCustomerNote.id, body: 'mine now' } },
      keys.staff,
    );
    expect(edit.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const del = await s.gql(DELETE, { input: { noteId: theirNote.data!.addCustomerNote.id } }, keys.staff);
    expect(del.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    expect(await counts()).toEqual(mid);
    expect(mid.notes).toBe(before.notes + 1);
  });

  it('never reaches a customer session', async () => {
    const c = await makeCustomer(s.testDb.db, programId);
    await s.gql(ADD, { input: { customerId: c.id, body: 'private' } }, keys.staff);
    const sess = await s.gql(
      `mutation($input: CreateCustomerSessionInput!) { createCustomerSession(input: $input) { token } }`,
      { input: { customerId: c.id } },
      keys.pos,
    );
    const token = sess.data!.createCustomerSession.token;
    const me = await s.gql(`{ me { id notes { body } } }`, {}, token);
    expect(me.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const add = await s.gql(ADD, { input: { customerId: c.id, body: 'self' } }, token);
    expect(add.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });
});
