import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { scoped } from '../../src/db/scoped';
import { createTask } from '../../src/modules/feedback/follow-up';
import { InviteStaffInput } from '../../src/modules/staff/staff.inputs';
import { sendInvitationEmail } from '../../src/modules/staff/staff.jobs';
import { inviteStaff } from '../../src/modules/staff/staff.service';
import { ManualClock } from '../../src/shared/clock';
import { parseInput } from '../../src/shared/errors';
import { makeCustomer, makeProgramWithKeys } from '../helpers/factories';
import { startTestServer, type TestServer } from '../helpers/server';
import { CookieClient, makeStaffUser, PASSWORD } from '../helpers/staff';
import { eventually } from '../helpers/wait';

// Issue 11: people sign in to the console as themselves (cookie sessions with CSRF
// protection); API keys stay, for machines.
const clock = new ManualClock(new Date('2026-12-03T09:00:00Z'));
let s: TestServer;
let other: TestServer; // a second API process on the same database (its own token cache)
let program: Awaited<ReturnType<typeof makeProgramWithKeys>>['program'];
let keys: Awaited<ReturnType<typeof makeProgramWithKeys>>['keys'];

beforeAll(async () => {
  s = await startTestServer({ clock, env: { TRUST_PROXY: 'true', UNSUBSCRIBE_SECRET: 'x'.repeat(32) } });
  other = await startTestServer({ clock, testDb: s.testDb, env: { UNSUBSCRIBE_SECRET: 'x'.repeat(32) } });
  ({ program, keys } = await makeProgramWithKeys(s.testDb.db, { name: 'Corner Café' }));
});
afterAll(async () => {
  await other.close();
  await s.close();
});

const ME = '{ currentStaff { id name email role } }';
const SESSIONS = '{ staffSessions { id current userAgent createdAt lastSeenAt expiresAt } }';
const REVOKE = 'mutation($id: ID!) { revokeStaffSession(id: $id) { session { id } } }';
const SIGN_OUT = 'mutation { signOut { signedOut } }';
const ACCEPT = `mutation($input: AcceptStaffInvitationInput!) {
  acceptStaffInvitation(input: $input) { expiresAt staff { id name email role } }
}`;
const INVITE = `mutation($input: InviteStaffInput!) {
  inviteStaff(input: $input) { link invitation { id email role name invitedBy expiresAt } }
}`;

describe('signing in', () => {
  it('sets an HttpOnly, SameSite=Strict session cookie; the person is the viewer', async () => {
    const u = await makeStaffUser(s.testDb.db, program.id, {
      name: 'Ana Souza',
      email: 'ana@corner.example',
    });
    const b = new CookieClient(s.url);
    // Email is matched case-insensitively.
    const r = await b.signIn('  Ana@Corner.Example ');
    expect(r.data!.signIn.staff).toEqual({
      id: u.id,
      name: 'Ana Souza',
      email: 'ana@corner.example',
      role: 'STAFF',
    });
    expect(r.data!.signIn.expiresAt).toBe(new Date(clock.now().getTime() + 12 * 3600_000).toISOString());
    const cookie = b.lastSetCookie!;
    expect(cookie).toMatch(/^regulars_session=ss_[0-9a-f]{32}_[\w-]{43}; /);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/');
    expect(cookie).not.toContain('Secure'); // plain HTTP here
    expect(r.headers.get('cache-control')).toBe('no-store');

    expect((await b.gql(ME)).data!.currentStaff).toMatchObject({
      id: u.id,
      name: 'Ana Souza',
      role: 'STAFF',
    });
    const sessions = (await b.gql(SESSIONS)).data!.staffSessions;
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ current: true, userAgent: 'vitest-browser' });
    // Only the hash of the token is stored.
    const row = await s.testDb.db('staff_sessions').where({ id: sessions[0].id }).first();
    expect(row.token_hash).toHaveLength(32);
    expect(JSON.stringify(row)).not.toContain(b.cookie);
  });

  it('is Secure when the request came over HTTPS (X-Forwarded-Proto behind a trusted proxy)', async () => {
    const u = await makeStaffUser(s.testDb.db, program.id);
    const res = await fetch(`${s.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
      body: JSON.stringify({
        query: 'mutation($i: SignInInput!) { signIn(input: $i) { expiresAt } }',
        variables: { i: { email: u.email, password: PASSWORD } },
      }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/; Secure$/);
  });

  it('a wrong password and an unknown email get the same answer, and no cookie', async () => {
    const u = await makeStaffUser(s.testDb.db, program.id);
    const b = new CookieClient(s.url);
    const wrong = await b.gql('mutation($i: SignInInput!) { signIn(input: $i) { expiresAt } }', {
      i: { email: u.email, password: 'not the password' },
    });
    const unknown = await b.gql('mutation($i: SignInInput!) { signIn(input: $i) { expiresAt } }', {
      i: { email: 'nobody@example.com', password: PASSWORD },
    });
    for (const r of [wrong, unknown]) {
      expect(r.errors?.[0]).toMatchObject({
        message: 'Wrong email or password.',
        extensions: { code: 'UNAUTHENTICATED' },
      });
      expect(r.headers.get('set-cookie')).toBeNull();
    }
    expect(b.cookie).toBeNull();
  });

  it('an email with accounts in several programs must name one, told so only after the right password', async () => {
    const second = await makeProgramWithKeys(s.testDb.db, { slug: `bikes-${Date.now()}` });
    const email = `both-${Date.now()}@example.com`;
    await makeStaffUser(s.testDb.db, program.id, { email, name: 'Here' });
    const there = await makeStaffUser(s.testDb.db, second.program.id, {
      email,
      name: 'There',
      role: 'admin',
    });
    const b = new CookieClient(s.url);
    const q = 'mutation($i: SignInInput!) { signIn(input: $i) { staff { id } } }';
    const wrong = await b.gql(q, { i: { email, password: 'wrong password!' } });
    expect(wrong.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    const ambiguous = await b.gql(q, { i: { email, password: PASSWORD } });
    expect(ambiguous.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      issues: [{ path: 'input.program', message: expect.stringContaining(second.program.slug) }],
    });
    expect(b.cookie).toBeNull();
    const chosen = await b.gql(q, { i: { email, password: PASSWORD, program: second.program.slug } });
    expect(chosen.data!.signIn.staff.id).toBe(there.id);
    // Signed in to that program: nothing of the other is visible.
    const prog = await b.gql('{ program { id } }');
    expect(prog.data!.program.id).toBe(second.program.id);
  });
});

describe('CSRF', () => {
  it('a cookie without the x-graphql-yoga-csrf header is refused with 403; bearer keys need no header', async () => {
    const u = await makeStaffUser(s.testDb.db, program.id);
    const b = new CookieClient(s.url);
    await b.signIn(u.email);
    b.csrf = false;
    const refused = await b.gql(ME);
    expect(refused.status).toBe(403);
    expect(refused.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(refused.errors?.[0]?.message).toContain('x-graphql-yoga-csrf');
    // The same as a GET query (a link or an <img> another site could plant).
    const get = await fetch(`${s.url}/graphql?query=${encodeURIComponent(ME)}`, {
      headers: { cookie: `regulars_session=${b.cookie}`, accept: 'application/json' },
    });
    expect(get.status).toBe(403);
    b.csrf = true;
    expect((await b.gql(ME)).data!.currentStaff.id).toBe(u.id);

    const bearer = await s.gql('{ program { id } }', {}, keys.staff);
    expect(bearer.status).toBe(200);
    // A bearer key wins over a cookie, and then needs no header.
    const both = await fetch(`${s.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${keys.admin}`,
        cookie: `regulars_session=${b.cookie}`,
      },
      body: JSON.stringify({ query: ME }),
    });
    expect(((await both.json()) as { data: { currentStaff: null } }).data.currentStaff).toBeNull();
  });
});

describe('sessions', () => {
  it('listed with the current one marked; one revoked in another tab is refused at once, in every process', async () => {
    const u = await makeStaffUser(s.testDb.db, program.id);
    const laptop = new CookieClient(s.url);
    const phone = new CookieClient(s.url);
    phone.userAgent = 'phone';
    await laptop.signIn(u.email);
    await phone.signIn(u.email);
    // The phone's session, used through the other process too (cached there).
    const phoneElsewhere = new CookieClient(other.url);
    phoneElsewhere.cookie = phone.cookie;
    expect((await phoneElsewhere.gql(ME)).data!.currentStaff.id).toBe(u.id);

    const listed = (await laptop.gql(SESSIONS)).data!.staffSessions;
    expect(listed).toHaveLength(2);
    const phoneSession = listed.find((x: { current: boolean }) => !x.current);
    expect(phoneSession.userAgent).toBe('phone');

    expect((await laptop.gql(REVOKE, { id: phoneSession.id })).errors).toBeUndefined();
    const refused = await phone.gql('{ program { id } }');
    expect(refused.errors?.[0]).toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
      message: expect.stringContaining('session has ended'),
    });
    expect(phone.cookie).toBeNull(); // the answer cleared it
    const elsewhere = await eventually(
      () => phoneElsewhere.gql('{ program { id } }'),
      (r) => r.errors?.[0]?.extensions.code === 'UNAUTHENTICATED',
      5000,
    );
    expect(elsewhere.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    expect((await laptop.gql(ME)).data!.currentStaff.id).toBe(u.id);
  });

  it("cannot end another person's session", async () => {
    const a = await makeStaffUser(s.testDb.db, program.id);
    const bUser = await makeStaffUser(s.testDb.db, program.id);
    const ca = new CookieClient(s.url);
    const cb = new CookieClient(s.url);
    await ca.signIn(a.email);
    await cb.signIn(bUser.email);
    const theirs = (await cb.gql(SESSIONS)).data!.staffSessions[0].id;
    const r = await ca.gql(REVOKE, { id: theirs });
    expect(r.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    expect((await cb.gql(ME)).data!.currentStaff.id).toBe(bUser.id);
  });

  it('sign-out revokes the session and clears the cookie; the old cookie is refused', async () => {
    const u = await makeStaffUser(s.testDb.db, program.id);
    const b = new CookieClient(s.url);
    await b.signIn(u.email);
    const token = b.cookie;
    const out = await b.gql(SIGN_OUT);
    expect(out.data!.signOut.signedOut).toBe(true);
    expect(b.lastSetCookie).toMatch(/^regulars_session=; .*Max-Age=0/);
    b.cookie = token; // a copy kept somewhere
    const again = await b.gql(ME);
    expect(again.data!.currentStaff).toBeNull();
    const field = await b.gql('{ program { id } }');
    expect(field.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('ends after the idle limit without use, and at the absolute limit even when used', async () => {
    const u = await makeStaffUser(s.testDb.db, program.id);
    const b = new CookieClient(s.url);
    await b.signIn(u.email);
    clock.advance(2 * 3600_000 + 1000); // idle 2 h
    expect((await b.gql(ME)).data!.currentStaff).toBeNull();

    await b.signIn(u.email);
    for (let h = 0; h < 11; h++) {
      clock.advance(3600_000);
      expect((await b.gql(ME)).data!.currentStaff?.id).toBe(u.id);
    }
    clock.advance(3600_000 + 1000); // 12 h after signing in
    expect((await b.gql(ME)).data!.currentStaff).toBeNull();
  });

  it('disabling a person ends their sessions at once; they cannot sign in again', async () => {
    const admin = await makeStaffUser(s.testDb.db, program.id, { role: 'admin' });
    const u = await makeStaffUser(s.testDb.db, program.id);
    const ca = new CookieClient(s.url);
    const cu = new CookieClient(s.url);
    await ca.signIn(admin.email);
    await cu.signIn(u.email);
    const self = await ca.gql('mutation($id: ID!) { disableStaffUser(id: $id) { sessionsRevoked } }', {
      id: admin.id,
    });
    expect(self.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    const r = await ca.gql(
      'mutation($id: ID!) { disableStaffUser(id: $id) { sessionsRevoked staff { disabledAt } } }',
      {
        id: u.id,
      },
    );
    expect(r.data!.disableStaffUser.sessionsRevoked).toBe(1);
    expect((await cu.gql('{ program { id } }')).errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    const again = await cu.gql('mutation($i: SignInInput!) { signIn(input: $i) { expiresAt } }', {
      i: { email: u.email, password: PASSWORD },
    });
    expect(again.errors?.[0]?.message).toContain('disabled');
  });
});

describe('invitations', () => {
  it('an admin invites; the emailed link works once, names the person, and sets the cookie', async () => {
    const r = await s.gql(
      INVITE,
      { input: { email: 'New.Colleague@Example.com', role: 'MARKETING' } },
      keys.admin,
    );
    expect(r.errors).toBeUndefined();
    const { link, invitation } = r.data!.inviteStaff;
    expect(invitation).toMatchObject({ email: 'new.colleague@example.com', role: 'MARKETING' });
    expect(invitation.invitedBy).toMatch(/^admin:/);
    const url = new URL(link);
    expect(url.pathname).toBe('/console/accept');
    const token = url.searchParams.get('token')!;
    expect(token).toMatch(/^si_/);
    // Only the hash is stored; the email job rebuilds the same link.
    const row = await s.testDb.db('staff_invitations').where({ id: invitation.id }).first();
    expect(JSON.stringify(row)).not.toContain(token.slice(36));
    const outboxRow = await s.testDb.db('outbox').where({ task: 'staff_invitation_email' }).first();
    expect(JSON.stringify(outboxRow.payload)).not.toContain(token.slice(36));

    const b = new CookieClient(s.url);
    const short = await b.gql(ACCEPT, { input: { token, name: 'Nia', password: 'short' } });
    expect(short.errors?.[0]?.extensions.issues).toEqual([
      { path: 'input.password', message: 'At least 12 characters' },
    ]);
    const asEmail = await b.gql(ACCEPT, {
      input: { token, name: 'Nia', password: 'new.colleague@example.com' },
    });
    expect(asEmail.errors?.[0]?.extensions.issues).toEqual([
      { path: 'input.password', message: 'Must not be your email address' },
    ]);
    const ok = await b.gql(ACCEPT, {
      input: { token, name: 'Nia Okafor', password: 'a long enough passphrase' },
    });
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.acceptStaffInvitation.staff).toMatchObject({ name: 'Nia Okafor', role: 'MARKETING' });
    expect(b.cookie).toMatch(/^ss_/);
    expect((await b.gql(ME)).data!.currentStaff.name).toBe('Nia Okafor');

    const reused = await new CookieClient(s.url).gql(ACCEPT, {
      input: { token, name: 'Someone', password: 'another long passphrase' },
    });
    expect(reused.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      issues: [{ path: 'input.token', message: expect.stringContaining('already been used') }],
    });
    // And the new person signs in with their password from now on.
    await new CookieClient(s.url).signIn('new.colleague@example.com', 'a long enough passphrase');
  });

  it('an expired invitation is refused clearly; a newer one replaces an older one', async () => {
    const ctx = {
      programId: program.id,
      q: scoped(s.testDb.db, program.id),
      viewer: null,
      actor: { kind: 'cli' as const, id: 'tester', role: 'admin' },
      clock,
    };
    const config = loadConfig({ NODE_ENV: 'test', UNSUBSCRIBE_SECRET: 'x'.repeat(32) });
    const first = await inviteStaff(
      ctx,
      config,
      parseInput(InviteStaffInput, { email: 'late@example.com', role: 'STAFF' }),
    );
    const second = await inviteStaff(
      ctx,
      config,
      parseInput(InviteStaffInput, { email: 'late@example.com', role: 'STAFF' }),
    );
    const tokenOf = (link: string) => new URL(link).searchParams.get('token')!;
    const b = new CookieClient(s.url);
    const replaced = await b.gql(ACCEPT, {
      input: { token: tokenOf(first.link), name: 'Late', password: 'a long enough passphrase' },
    });
    expect(replaced.errors?.[0]?.extensions.issues?.[0]?.message).toContain('replaced by a newer one');
    clock.advance(7 * 86_400_000 + 1000);
    const expired = await b.gql(ACCEPT, {
      input: { token: tokenOf(second.link), name: 'Late', password: 'a long enough passphrase' },
    });
    expect(expired.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      issues: [{ path: 'input.token', message: expect.stringContaining('expired') }],
    });
    const garbage = await b.gql(ACCEPT, {
      input: { token: 'si_nonsense', name: 'X', password: 'a long enough passphrase' },
    });
    expect(garbage.errors?.[0]?.extensions.issues?.[0]?.path).toBe('input.token');
  });

  it('the email job sends the invitation (local transport without SMTP), once', async () => {
    const invite = async (email: string) =>
      (await s.gql(INVITE, { input: { email, role: 'STAFF', name: 'Mo' } }, keys.admin)).data!.inviteStaff
        .invitation.id as string;
    const config = loadConfig({ NODE_ENV: 'test', UNSUBSCRIBE_SECRET: 'x'.repeat(32) });
    const deps = { db: s.testDb.db, config, clock };
    const id = await invite('mailed@example.com');
    expect(await sendInvitationEmail(deps, { programId: program.id, invitationId: id })).toBe('sent (local)');
    expect(await sendInvitationEmail(deps, { programId: program.id, invitationId: id })).toBe('already sent');
    expect(await s.testDb.db('staff_invitations').where({ id }).first()).toMatchObject({
      email_transport: 'local',
      email_error: null,
    });
    // Another install's secret cannot rebuild the link: nothing is sent, the reason is kept.
    const elsewhere = loadConfig({ NODE_ENV: 'test', UNSUBSCRIBE_SECRET: 'y'.repeat(32) });
    const id2 = await invite('mailed2@example.com');
    expect(
      await sendInvitationEmail({ ...deps, config: elsewhere }, { programId: program.id, invitationId: id2 }),
    ).toMatch(/link secret changed/);
  });

  it('only admins invite; a marketing session is refused and the answer names the rule', async () => {
    const m = await makeStaffUser(s.testDb.db, program.id, { role: 'marketing' });
    const b = new CookieClient(s.url);
    await b.signIn(m.email);
    const r = await b.gql(INVITE, { input: { email: 'x@example.com', role: 'ADMIN' } });
    expect(r.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const bad = await s.gql(INVITE, { input: { email: 'not an email', role: 'STAFF' } }, keys.admin);
    expect(bad.errors?.[0]?.extensions.issues?.[0]?.path).toBe('input.email');
  });
});

describe('a staff session has its role’s permissions, and its work names the person', () => {
  it('staff may add notes and adjust points, not edit rules; marketing the reverse', async () => {
    const staff = await makeStaffUser(s.testDb.db, program.id, { role: 'staff', name: 'Sam Barista' });
    const marketing = await makeStaffUser(s.testDb.db, program.id, { role: 'marketing', name: 'Mia Market' });
    const cs = new CookieClient(s.url);
    const cm = new CookieClient(s.url);
    await cs.signIn(staff.email);
    await cm.signIn(marketing.email);
    const c = await makeCustomer(s.testDb.db, program.id);

    const note = await cs.gql(
      'mutation($i: AddCustomerNoteInput!) { addCustomerNote(input: $i) { id author } }',
      { i: { customerId: c.id, body: 'Prefers oat milk' } },
    );
    expect(note.data!.addCustomerNote.author).toBe('Sam Barista');
    const rules = await cs.gql('{ rewardRules { id } }');
    expect(rules.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect((await cm.gql('{ rewardRules { id } }')).errors).toBeUndefined();
    const denied = await cm.gql('mutation($i: AddCustomerNoteInput!) { addCustomerNote(input: $i) { id } }', {
      i: { customerId: c.id, body: 'x' },
    });
    expect(denied.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect((await cs.gql('{ staffUsers { id } }')).errors?.[0]?.extensions.code).toBe('FORBIDDEN');

    const adjusted = await cs.gql(
      'mutation($i: AdjustPointsInput!) { adjustPoints(input: $i) { customer { id } } }',
      { i: { idempotencyKey: `adj-${c.id}`, customerId: c.id, points: 10, reason: 'Spilt coffee' } },
    );
    expect(adjusted.errors).toBeUndefined();
    const audit = await s.gql(
      'query($id: String) { auditLog(targetId: $id) { actorKind actorId actorRole actorName action } }',
      { id: c.id },
      keys.admin,
    );
    expect(
      audit.data!.auditLog.find((a: { action: string }) => a.action === 'customer_note.add'),
    ).toMatchObject({
      actorKind: 'staff',
      actorId: staff.id,
      actorRole: 'staff',
      actorName: 'Sam Barista',
    });
    const entry = await s.testDb.db('ledger_entries').where({ customer_id: c.id, kind: 'ADJUST' }).first();
    expect(entry).toMatchObject({ actor_kind: 'staff', actor_id: staff.id });
  });

  it('task comments, assignments and feedback replies name the person', async () => {
    const staff = await makeStaffUser(s.testDb.db, program.id, { role: 'staff', name: 'Ravi Care' });
    const b = new CookieClient(s.url);
    await b.signIn(staff.email);
    const c = await makeCustomer(s.testDb.db, program.id, { email: 'fb@example.com' });
    const task = (await createTask(scoped(s.testDb.db, program.id), clock.now(), {
      kind: 'CALL_CUSTOMER',
      customer_id: c.id,
      purchase_id: null,
      title: 'Call back',
    }))!;
    const comment = await b.gql(
      'mutation($i: CommentOnFollowUpTaskInput!) { commentOnFollowUpTask(input: $i) { author } }',
      { i: { taskId: task.id, body: 'Left a voicemail' } },
    );
    expect(comment.data!.commentOnFollowUpTask.author).toBe('Ravi Care');
    const assigned = await b.gql(
      'mutation($i: AssignFollowUpTaskInput!) { assignFollowUpTask(input: $i) { assignee } }',
      { i: { taskId: task.id, assignee: 'Ravi Care' } },
    );
    expect(assigned.data!.assignFollowUpTask.assignee).toBe('Ravi Care');
    const log = await s.testDb.db('audit_log').where({ target_id: task.id, action: 'task.assign' }).first();
    expect(log).toMatchObject({ actor_kind: 'staff', actor_id: staff.id, actor_name: 'Ravi Care' });

    // The customer writes in from the app; the reply is signed by the person.
    const token = (
      await s.gql(
        'mutation($i: CreateCustomerSessionInput!) { createCustomerSession(input: $i) { token } }',
        {
          i: { customerId: c.id },
        },
        keys.pos,
      )
    ).data!.createCustomerSession.token;
    const fb = await s.gql(
      'mutation($i: SendFeedbackInput!) { sendFeedback(input: $i) { id } }',
      { i: { topic: 'Your visit', message: 'The door was stuck.' } },
      token,
    );
    expect(fb.errors).toBeUndefined();
    const reply = await b.gql(
      'mutation($i: ReplyToFeedbackInput!) { replyToFeedback(input: $i) { id author } }',
      { i: { feedbackId: fb.data!.sendFeedback.id, body: 'Sorry, fixed now.' } },
    );
    expect(reply.errors).toBeUndefined();
    expect(reply.data!.replyToFeedback.author).toBe('Ravi Care');
  });
});

describe('program isolation', () => {
  it("another program's staff, sessions and customers are never visible", async () => {
    const mine = await makeStaffUser(s.testDb.db, program.id, { role: 'admin' });
    const away = await makeProgramWithKeys(s.testDb.db);
    const theirAdmin = await makeStaffUser(s.testDb.db, away.program.id, { role: 'admin', name: 'Not Mine' });
    const theirCustomer = await makeCustomer(s.testDb.db, away.program.id, { firstName: 'Zebedee' });
    const b = new CookieClient(s.url);
    await b.signIn(mine.email);
    const users = (await b.gql('{ staffUsers { id } }')).data!.staffUsers.map((x: { id: string }) => x.id);
    expect(users).toContain(mine.id);
    expect(users).not.toContain(theirAdmin.id);
    const theirB = new CookieClient(s.url);
    await theirB.signIn(theirAdmin.email);
    const theirSession = (await theirB.gql(SESSIONS)).data!.staffSessions[0].id;
    expect((await b.gql(REVOKE, { id: theirSession })).errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    expect(
      (
        await b.gql('mutation($id: ID!) { disableStaffUser(id: $id) { sessionsRevoked } }', {
          id: theirAdmin.id,
        })
      ).errors?.[0]?.extensions.code,
    ).toBe('NOT_FOUND');
    const found = await b.gql('{ customers(search: "Zebedee") { edges { node { id } } } }');
    expect(found.data!.customers.edges).toEqual([]);
    expect(
      (await b.gql('query($id: ID!) { customer(id: $id) { id } }', { id: theirCustomer.id })).data!.customer,
    ).toBeNull();
  });
});

describe('throttled sign-in', () => {
  it('after N failures per email, even the right password waits, with a message saying until when', async () => {
    const tclock = new ManualClock(new Date('2026-12-03T09:00:00Z'));
    const t = await startTestServer({
      clock: tclock,
      testDb: s.testDb,
      env: { SIGN_IN_MAX_FAILURES_PER_EMAIL: '3', SIGN_IN_MAX_FAILURES_PER_ADDRESS: '6' },
    });
    try {
      const u = await makeStaffUser(s.testDb.db, program.id);
      const b = new CookieClient(t.url);
      const attempt = (email: string, password: string) =>
        b.gql('mutation($i: SignInInput!) { signIn(input: $i) { expiresAt } }', { i: { email, password } });
      for (let i = 0; i < 3; i++)
        expect((await attempt(u.email, 'wrong password')).errors?.[0]?.extensions.code).toBe(
          'UNAUTHENTICATED',
        );
      const limited = await attempt(u.email, PASSWORD);
      expect(limited.errors?.[0]).toMatchObject({
        message: 'Too many failed sign-ins. Try again in 15 minutes (after 09:15 UTC).',
        extensions: { code: 'RATE_LIMITED', retryAfter: 900 },
      });
      expect(b.cookie).toBeNull();

      // Per address too: failures spread over other emails.
      const v = await makeStaffUser(s.testDb.db, program.id);
      for (let i = 0; i < 3; i++) await attempt(`guess${i}@example.com`, 'wrong password');
      expect((await attempt(v.email, PASSWORD)).errors?.[0]?.extensions.code).toBe('RATE_LIMITED');

      tclock.advance(15 * 60_000);
      expect((await attempt(u.email, PASSWORD)).errors).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});
