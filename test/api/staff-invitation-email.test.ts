import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/shared/clock';
import { makeProgramWithKeys } from '../helpers/factories';
import { jobDeps, runDueJobs } from '../helpers/jobs';
import { startTestServer, type TestServer } from '../helpers/server';
import { mailServer } from '../helpers/smtp';
import { CookieClient, makeStaffUser } from '../helpers/staff';

// Issue 11: an admin invites a colleague from the console; the link arrives at a real SMTP
// server and signs the colleague in.
const PUBLIC_URL = 'https://regulars.example';
const smtp = mailServer();
const { mails } = smtp;
let s: TestServer;
let env: Record<string, string>;

beforeAll(async () => {
  env = {
    NODE_ENV: 'test',
    SMTP_URL: await smtp.start(),
    MAIL_FROM: 'Corner Café <hello@corner.example>',
    UNSUBSCRIBE_SECRET: 'link-secret-for-staff-tests',
    PUBLIC_URL,
  };
  s = await startTestServer({ env });
});
afterAll(async () => {
  await s.close();
  await smtp.close();
});

/** What the worker does: the outbox row's job, run with its payload. */
const runInvitationJobs = () => runDueJobs(jobDeps(s.testDb, systemClock, env), 'staff_invitation_email');

describe('the invitation email', () => {
  it('an admin invites from a session; the emailed link signs the colleague in', async () => {
    const { program } = await makeProgramWithKeys(s.testDb.db, { name: 'Corner Café' });
    const admin = await makeStaffUser(s.testDb.db, program.id, { role: 'admin', name: 'Ana Souza' });
    const a = new CookieClient(s.url);
    await a.signIn(admin.email);
    const r = await a.gql(
      'mutation($i: InviteStaffInput!) { inviteStaff(input: $i) { link invitation { invitedBy } } }',
      { i: { email: 'bea@example.com', role: 'STAFF', name: 'Bea' } },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.inviteStaff.invitation.invitedBy).toBe('Ana Souza');
    await runInvitationJobs();

    const mail = mails.find((m) => (m.to as { text: string }).text.includes('bea@example.com'))!;
    expect(mail.subject).toBe('Your invitation to the Corner Café console');
    expect(mail.text).toContain('Ana Souza invited you to the Corner Café console as staff');
    const link = /https:\/\/regulars\.example\/console\/accept\?token=\S+/.exec(mail.text ?? '')![0];
    expect(link).toBe(r.data!.inviteStaff.link);
    expect(mail.headers.get('list-unsubscribe')).toBeUndefined(); // not a marketing message
    const sent = await s.testDb.db('staff_invitations').where({ email: 'bea@example.com' }).first();
    expect(sent).toMatchObject({ email_transport: 'smtp', email_error: null });

    const bea = new CookieClient(s.url);
    const accepted = await bea.gql(
      'mutation($i: AcceptStaffInvitationInput!) { acceptStaffInvitation(input: $i) { staff { name role } } }',
      {
        i: {
          token: new URL(link).searchParams.get('token'),
          name: 'Bea Lima',
          password: 'my own long password',
        },
      },
    );
    expect(accepted.data!.acceptStaffInvitation.staff).toEqual({ name: 'Bea Lima', role: 'STAFF' });
    const audit = await s.testDb
      .db('audit_log')
      .where({ action: 'staff.invite', actor_kind: 'staff' })
      .first();
    expect(audit).toMatchObject({ actor_id: admin.id, actor_name: 'Ana Souza' });

    // Sent once: a job run again finds it sent; an accepted invitation is never re-sent.
    await s.testDb.db('outbox').insert({
      program_id: program.id,
      task: 'staff_invitation_email',
      payload: JSON.stringify({ programId: program.id, invitationId: sent.id }),
    });
    const before = mails.length;
    await runInvitationJobs();
    expect(mails.length).toBe(before);
  });
});
