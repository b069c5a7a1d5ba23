import { scoped } from '../../db/scoped';
import { defineJob, type JobDeps } from '../../jobs/job';
import { hashToken } from '../../shared/tokens';
import { PermanentSendError, sendEmail, UnknownOutcomeError } from '../messaging/messaging.transports';
import { findProgram } from '../programs/programs.service';
import { invitationEmailJob } from './staff.jobs-contract';
import { invitationById, recordInvitationEmail } from './staff.repo';
import { invitationLink, invitationToken } from './staff.service';

const ROLE_WORDS = {
  admin: 'an admin (everything, including accounts and keys)',
  marketing: 'marketing (reward rules, tiers, catalogue, newsletters, reports)',
  staff: 'staff (customers, notes, feedback and follow-up tasks)',
} as const;

/**
 * Emails an invitation's sign-in link. The link is rebuilt from the invitation id and the link
 * secret (the token is stored nowhere); an invitation already used, replaced or expired is
 * not sent. A transient SMTP failure throws, so graphile-worker retries with backoff; a
 * refusal or an unknown outcome is recorded on the invitation and not retried.
 */
export async function sendInvitationEmail(
  deps: Pick<JobDeps, 'db' | 'config' | 'clock'>,
  p: { programId: string; invitationId: string },
): Promise<string> {
  const q = scoped(deps.db, p.programId);
  const inv = await invitationById(q, p.invitationId);
  if (!inv) return 'no such invitation';
  if (inv.email_sent_at) return 'already sent';
  if (inv.accepted_at || inv.revoked_at || inv.expires_at <= deps.clock.now()) return 'no longer valid';
  const token = invitationToken(deps.config, p.programId, inv.id);
  if (!hashToken(token).equals(inv.token_hash)) {
    await recordInvitationEmail(q, inv.id, { sentAt: null, transport: null, error: 'link secret changed' });
    return 'link secret changed; invite again';
  }
  const program = await findProgram(deps.db, p.programId);
  const link = invitationLink(deps.config, token);
  const greeting = inv.name ? `Hello ${inv.name},` : 'Hello,';
  const expires = inv.expires_at.toISOString().slice(0, 16).replace('T', ' ');
  const text = [
    greeting,
    '',
    `${inv.invited_by} invited you to the ${program?.name ?? 'Regulars'} console as ${ROLE_WORDS[inv.role]}.`,
    '',
    'Choose your password and sign in here (the link works once):',
    link,
    '',
    `It expires at ${expires} UTC. If you did not expect this, ignore this email.`,
    '',
  ].join('\n');
  try {
    const r = await sendEmail(deps.config, {
      id: inv.id,
      to: inv.email,
      subject: `Your invitation to the ${program?.name ?? 'Regulars'} console`,
      text,
      html: null,
    });
    await recordInvitationEmail(q, inv.id, { sentAt: deps.clock.now(), transport: r.transport, error: null });
    return `sent (${r.transport})`;
  } catch (err) {
    if (err instanceof PermanentSendError || err instanceof UnknownOutcomeError) {
      await recordInvitationEmail(q, inv.id, {
        sentAt: null,
        transport: null,
        error: err.message.slice(0, 500),
      });
      return `failed: ${err.message}`;
    }
    throw err;
  }
}

const invitationEmail = defineJob({
  ...invitationEmailJob,
  async run(deps, p) {
    const outcome = await sendInvitationEmail(deps, p);
    deps.log.info({ invitationId: p.invitationId, outcome }, 'staff invitation email');
  },
});

export const staffJobs = [invitationEmail];
