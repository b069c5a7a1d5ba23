import { createHmac, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Config } from '../../config';
import { type Scoped, scoped } from '../../db/scoped';
import { enqueue } from '../../jobs/outbox';
import type { Clock } from '../../shared/clock';
import type { RequestContext } from '../../shared/context';
import { AppError, parseInput } from '../../shared/errors';
import { hashToken, newToken, parseToken } from '../../shared/tokens';
import { recordAudit } from '../audit/audit.service';
import type { AuthCache } from '../auth/auth.cache';
import { isAllowed } from '../auth/permissions';
import { type Actor, actorOf, authorOf, type Viewer } from '../auth/viewer';
import { linkSecret } from '../messaging/links';
import { hashPassword, verifyNothing, verifyPassword } from './password';
import type { SignInThrottle } from './sign-in-throttle';
import {
  type AcceptStaffInvitationInput,
  type InviteStaffInput,
  passwordProblems,
  type SignInInput,
  StaffId,
} from './staff.inputs';
import { invitationEmailJob } from './staff.jobs-contract';
import {
  type AccountRow,
  accountsByEmail,
  activeAdminEmails,
  disableStaffUserRow,
  insertInvitation,
  insertStaffSession,
  insertStaffUser,
  listStaffUsers,
  liveSessionsOf,
  lockInvitationByHash,
  markInvitationAccepted,
  markSignedIn,
  pendingInvitations,
  reactivateStaffUser,
  revokePendingInvitations,
  revokeSessionRow,
  revokeSessionsOf,
  type StaffInvitationRow,
  type StaffSessionRow,
  type StaffUserRow,
  staffUserByEmail,
  staffUserById,
} from './staff.repo';

export interface SignInResult {
  staff: StaffUserRow;
  expiresAt: Date;
}

export interface InviteResult {
  invitation: StaffInvitationRow;
  link: string;
}

export interface DisableResult {
  staff: StaffUserRow;
  sessionsRevoked: number;
}

/** What signing in needs of the HTTP exchange; the Koa glue provides it per request. */
export interface HttpExchange {
  ip: string;
  userAgent: string | null;
  /** The staff session token the request's cookie carried, if any (live or not). */
  cookieToken: string | null;
  setSessionCookie(token: string, expiresAt: Date): void;
  clearSessionCookie(): void;
}

export interface StaffDeps {
  db: Knex;
  config: Config;
  clock: Clock;
  /** This process's token cache: a session ended here is forgotten before the response. */
  authCache?: Pick<AuthCache, 'forget'>;
}

/**
 * Every process forgets a revoked session when the trigger's NOTIFY arrives; this one forgets
 * it before answering, so the next request from the same browser is refused even if it wins
 * the race with the notification.
 */
function forget(cache: StaffDeps['authCache'], hashes: Buffer[]): void {
  for (const h of hashes) cache?.forget(h.toString('hex'));
}

const WRONG = 'Wrong email or password.';

function rateLimited(waitMs: number, at: Date): AppError {
  const seconds = Math.ceil(waitMs / 1000);
  const until = new Date(at.getTime() + seconds * 1000);
  const minutes = Math.ceil(seconds / 60);
  return new AppError(
    'RATE_LIMITED',
    `Too many failed sign-ins. Try again in ${seconds < 90 ? `${seconds} seconds` : `${minutes} minutes`} (after ${until.toISOString().slice(11, 16)} UTC).`,
    { retryAfter: seconds, retryAt: until.toISOString() },
  );
}

/**
 * Email and password → a session cookie. One generic answer for a wrong email or password
 * (the same work is done either way); past the failure limit per email or per address,
 * RATE_LIMITED with when to retry. An email with accounts in several programs needs
 * `program` (its slug), and is told so only once the password matched.
 */
export async function signIn(
  deps: StaffDeps,
  throttle: SignInThrottle,
  http: HttpExchange,
  p: SignInInput,
): Promise<SignInResult> {
  const at = deps.clock.now();
  const wait = throttle.wait(p.email, http.ip, at.getTime());
  if (wait > 0) throw rateLimited(wait, at);

  const accounts = await accountsByEmail(deps.db, p.email, p.program);
  const matched: AccountRow[] = [];
  if (accounts.length === 0) await verifyNothing(p.password);
  for (const a of accounts.slice(0, 5))
    if (await verifyPassword(p.password, a.password_hash)) matched.push(a);
  if (matched.length === 0) {
    throttle.fail(p.email, http.ip, at.getTime());
    throw AppError.unauthenticated(WRONG);
  }
  throttle.succeed(p.email);
  const enabled = matched.filter((a) => !a.disabled_at);
  if (enabled.length === 0)
    throw AppError.unauthenticated('This account has been disabled. Ask an admin of your program.');
  if (enabled.length > 1) {
    throw AppError.badInput(
      [
        {
          path: 'input.program',
          message: `This email has accounts in several programs; choose one: ${enabled.map((a) => a.program_slug).join(', ')}`,
        },
      ],
      'Choose a program',
    );
  }
  const account = enabled[0]!;
  return startSession(deps, http, account.program_id, account, at, 'staff.sign_in');
}

async function startSession(
  deps: StaffDeps,
  http: HttpExchange,
  programId: string,
  user: StaffUserRow,
  at: Date,
  action: string,
  inTransaction?: ReturnType<typeof scoped>,
): Promise<SignInResult> {
  const token = newToken('ss', programId);
  const expiresAt = new Date(at.getTime() + deps.config.STAFF_SESSION_MAX_SECONDS * 1000);
  const write = async (q: ReturnType<typeof scoped>) => {
    const session = await insertStaffSession(q, {
      staffUserId: user.id,
      tokenHash: hashToken(token),
      at,
      expiresAt,
      userAgent: http.userAgent?.slice(0, 300) ?? null,
    });
    await markSignedIn(q, user.id, at);
    await recordAudit(q, personActor(user), at, {
      action,
      targetType: 'staff_user',
      targetId: user.id,
      details: { sessionId: session.id },
    });
  };
  if (inTransaction) await write(inTransaction);
  else await scoped(deps.db, programId).transaction(write);
  http.setSessionCookie(token, expiresAt);
  return { staff: { ...user, last_signed_in_at: at }, expiresAt };
}

function personActor(u: Pick<StaffUserRow, 'id' | 'role' | 'name'>): Actor {
  return { kind: 'staff', id: u.id, role: u.role, name: u.name };
}

/** Ends the request's own session (if it has one) and clears the cookie either way. */
export async function signOut(
  deps: StaffDeps,
  viewer: Viewer | null,
  http: HttpExchange,
): Promise<{ signedOut: boolean }> {
  if (http.cookieToken) http.clearSessionCookie();
  if (viewer?.kind !== 'staff') return { signedOut: false };
  const at = deps.clock.now();
  const row = await scoped(deps.db, viewer.programId).transaction(async (q) => {
    const s = await revokeSessionRow(q, viewer.sessionId, at, viewer.staffUserId);
    await recordAudit(q, actorOf(viewer), at, {
      action: 'staff.sign_out',
      targetType: 'staff_session',
      targetId: viewer.sessionId,
    });
    return s;
  });
  if (row) forget(deps.authCache, [row.token_hash]);
  return { signedOut: true };
}

/**
 * An invitation's token is derived, not stored: HMAC-SHA256 of its id under the install's link
 * secret. The database keeps only the token's SHA-256, and the email job can rebuild the link
 * without the token ever sitting in a table or a job payload.
 */
export function invitationToken(config: Config, programId: string, invitationId: string): string {
  const mac = createHmac('sha256', linkSecret(config)).update(`staff-invitation:${invitationId}`).digest();
  return newToken('si', programId, mac);
}

export function invitationLink(config: Config, token: string): string {
  return `${config.PUBLIC_URL.replace(/\/+$/, '')}/console/accept?token=${encodeURIComponent(token)}`;
}

/**
 * Invites someone to the program: a single-use, expiring sign-in link, emailed (the email job
 * sends it through the configured transport; without SMTP_URL, nowhere but the payload and
 * the CLI's output). Earlier pending invitations for the same email stop working.
 */
export async function inviteStaff(
  ctx: RequestContext,
  config: Config,
  p: InviteStaffInput,
  opts: { sendEmail?: boolean } = {},
): Promise<InviteResult> {
  const at = ctx.clock.now();
  const id = randomUUID();
  const token = invitationToken(config, ctx.programId, id);
  const invitation = await ctx.q.transaction(async (q) => {
    const existing = await staffUserByEmail(q, p.email);
    if (existing && !existing.disabled_at)
      throw AppError.badInput([{ path: 'input.email', message: `${p.email} already has an account here` }]);
    await revokePendingInvitations(q, p.email, at);
    const row = await insertInvitation(q, {
      id,
      email: p.email,
      role: p.role,
      name: p.name ?? null,
      tokenHash: hashToken(token),
      invitedBy: authorOf(ctx.actor),
      invitedByKind: ctx.actor.kind,
      invitedById: ctx.actor.id,
      at,
      expiresAt: new Date(at.getTime() + config.STAFF_INVITATION_TTL_SECONDS * 1000),
    });
    if (opts.sendEmail !== false)
      await enqueue(q, invitationEmailJob, { invitationId: id }, { jobKey: `staff-invitation:${id}` });
    await recordAudit(q, ctx.actor, at, {
      action: 'staff.invite',
      targetType: 'staff_invitation',
      targetId: id,
      details: { email: p.email, role: p.role },
    });
    return row;
  });
  return { invitation, link: invitationLink(config, token) };
}

const invalidToken = (message: string) => AppError.badInput([{ path: 'input.token', message }], message);

/**
 * Redeems an invitation once: creates the account (or brings back a disabled one), marks the
 * invitation used and signs in, all in one transaction holding the invitation's row, so two
 * tabs racing with the same link make one account.
 */
export async function acceptStaffInvitation(
  deps: StaffDeps,
  http: HttpExchange,
  p: AcceptStaffInvitationInput,
): Promise<SignInResult> {
  const parsed = parseToken(p.token);
  if (parsed?.kind !== 'si')
    throw invalidToken('This invitation link is not valid; check it was copied whole');
  const at = deps.clock.now();
  return scoped(deps.db, parsed.programId).transaction(async (q) => {
    const inv = await lockInvitationByHash(q, hashToken(parsed.token));
    if (!inv) throw invalidToken('This invitation link is not valid; check it was copied whole');
    if (inv.accepted_at)
      throw invalidToken(
        'This invitation has already been used. Sign in instead, or ask an admin for a new one.',
      );
    if (inv.revoked_at)
      throw invalidToken('This invitation was replaced by a newer one; use the link in the latest email.');
    if (inv.expires_at <= at)
      throw invalidToken(
        `This invitation expired on ${inv.expires_at.toISOString().slice(0, 10)}; ask an admin for a new one.`,
      );
    const problems = passwordProblems(p.password, inv.email);
    if (problems.length)
      throw AppError.badInput(problems.map((message) => ({ path: 'input.password', message })));
    const passwordHash = await hashPassword(p.password);
    const existing = await staffUserByEmail(q, inv.email);
    if (existing && !existing.disabled_at)
      throw invalidToken(`${inv.email} already has an account here; sign in instead.`);
    const user = existing
      ? await reactivateStaffUser(q, existing.id, { name: p.name, role: inv.role, passwordHash })
      : await insertStaffUser(q, { name: p.name, email: inv.email, role: inv.role, passwordHash, at });
    await markInvitationAccepted(q, inv.id, user.id, at);
    return startSession(deps, http, parsed.programId, user, at, 'staff.join', q);
  });
}

export async function currentStaff(ctx: RequestContext): Promise<StaffUserRow | null> {
  const v = ctx.viewer;
  if (v?.kind !== 'staff') return null;
  return (await staffUserById(ctx.q, v.staffUserId)) ?? null;
}

export const staffUsers = (ctx: RequestContext) => listStaffUsers(ctx.q);

/** Whether a colleague can be given follow-up tasks: active, and a role that may resolve them. */
const worksOnTasks = (u: StaffUserRow) => !u.disabled_at && isAllowed('Mutation.resolveFollowUpTask', u.role);

/** The team's active accounts that may work on follow-up tasks, by name: whom a task can be assigned to. */
export async function taskAssignees(ctx: RequestContext): Promise<StaffUserRow[]> {
  return (await listStaffUsers(ctx.q)).filter(worksOnTasks);
}

/** One such colleague of this program, or undefined (another program's, disabled, or a role that may not). */
export async function taskAssignee(ctx: RequestContext, id: string): Promise<StaffUserRow | undefined> {
  const u = await staffUserById(ctx.q, id);
  return u && worksOnTasks(u) ? u : undefined;
}
export const staffInvitations = (ctx: RequestContext) => pendingInvitations(ctx.q, ctx.clock.now());

/** The signed-in person's own live sessions; an API key has none. */
export async function staffSessions(ctx: RequestContext, config: Config): Promise<StaffSessionRow[]> {
  const v = ctx.viewer;
  if (v?.kind !== 'staff') return [];
  return liveSessionsOf(ctx.q, v.staffUserId, ctx.clock.now(), config.STAFF_SESSION_IDLE_SECONDS);
}

/**
 * A person ends one of their own sessions (another browser, a lost phone); an admin key may
 * end any session of the program. Ending the current one also clears its cookie.
 */
export async function revokeStaffSession(
  ctx: RequestContext,
  http: HttpExchange | undefined,
  cache: StaffDeps['authCache'],
  id: unknown,
): Promise<StaffSessionRow> {
  const sessionId = parseInput(StaffId, id, ['id']);
  const v = ctx.viewer;
  const ownerOnly = v?.kind === 'staff' ? v.staffUserId : null;
  if (!ownerOnly && v?.role !== 'admin')
    throw AppError.forbidden('Only a signed-in person ends their sessions');
  const at = ctx.clock.now();
  const row = await ctx.q.transaction(async (q) => {
    const s = await revokeSessionRow(q, sessionId, at, ownerOnly);
    if (!s) throw AppError.notFound('Session');
    await recordAudit(q, ctx.actor, at, {
      action: 'staff.session_revoke',
      targetType: 'staff_session',
      targetId: s.id,
    });
    return s;
  });
  forget(cache, [row.token_hash]);
  if (v?.kind === 'staff' && v.sessionId === row.id) http?.clearSessionCookie();
  const { token_hash: _, ...session } = row;
  return session;
}

/** Disables an account and ends its sessions at once (every process, by NOTIFY). */
export async function disableStaffUser(
  ctx: RequestContext,
  cache: StaffDeps['authCache'],
  id: unknown,
): Promise<DisableResult> {
  const userId = parseInput(StaffId, id, ['id']);
  const v = ctx.viewer;
  if (v?.kind === 'staff' && v.staffUserId === userId)
    throw AppError.badInput([{ path: 'id', message: 'You cannot disable your own account' }]);
  const at = ctx.clock.now();
  const { staff, hashes } = await ctx.q.transaction(async (q) => {
    const staff = await disableStaffUserRow(q, userId, at);
    if (!staff) throw AppError.notFound('Staff user');
    const hashes = await revokeSessionsOf(q, userId, at);
    await recordAudit(q, ctx.actor, at, {
      action: 'staff.disable',
      targetType: 'staff_user',
      targetId: userId,
      details: { sessionsRevoked: hashes.length },
    });
    return { staff, hashes };
  });
  forget(cache, hashes);
  return { staff, sessionsRevoked: hashes.length };
}

/** Where notices for the program's admins go (a webhook endpoint disabled, …). */
export function adminEmails(q: Scoped): Promise<string[]> {
  return activeAdminEmails(q);
}
