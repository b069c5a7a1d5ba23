import type { Knex } from 'knex';
import type { Scoped } from '../../db/scoped';
import type { StaffUserRole } from '../auth/viewer';

/** A console account. The password hash is read only by `accountsByEmail` and never returned. */
export interface StaffUserRow {
  id: string;
  name: string;
  email: string;
  role: StaffUserRole;
  created_at: Date;
  disabled_at: Date | null;
  last_signed_in_at: Date | null;
}

export interface StaffSessionRow {
  id: string;
  staff_user_id: string;
  created_at: Date;
  last_seen_at: Date;
  /** The absolute expiry; the idle one is last_seen_at + STAFF_SESSION_IDLE_SECONDS. */
  expires_at: Date;
  user_agent: string | null;
  revoked_at: Date | null;
}

export interface StaffInvitationRow {
  id: string;
  email: string;
  role: StaffUserRole;
  name: string | null;
  invited_by: string;
  created_at: Date;
  expires_at: Date;
  accepted_at: Date | null;
  revoked_at: Date | null;
  email_sent_at: Date | null;
  email_transport: string | null;
  email_error: string | null;
}

const USER_COLUMNS = ['id', 'name', 'email', 'role', 'created_at', 'disabled_at', 'last_signed_in_at'];
const SESSION_COLUMNS = [
  'id',
  'staff_user_id',
  'created_at',
  'last_seen_at',
  'expires_at',
  'user_agent',
  'revoked_at',
];
const INVITATION_COLUMNS = [
  'id',
  'email',
  'role',
  'name',
  'invited_by',
  'created_at',
  'expires_at',
  'accepted_at',
  'revoked_at',
  'email_sent_at',
  'email_transport',
  'email_error',
];

export interface AccountRow extends StaffUserRow {
  program_id: string;
  program_slug: string;
  program_name: string;
  password_hash: string;
}

/**
 * Every account with this email, in every program (sign-in comes before any program is
 * known): the one staff query not made through `scoped`. It reads the (program_id, email)
 * unique index with PostgreSQL 18's skip scan; staff_users holds tens of rows per program.
 * With `programSlug`, only that program's.
 */
export function accountsByEmail(db: Knex, email: string, programSlug?: string | null): Promise<AccountRow[]> {
  const query = db('staff_users as u')
    .join('programs as p', 'p.id', 'u.program_id')
    .where('u.email', email)
    .select(
      ...USER_COLUMNS.map((c) => `u.${c}`),
      'u.program_id',
      'u.password_hash',
      'p.slug as program_slug',
      'p.name as program_name',
    )
    .orderBy('p.slug')
    .limit(20);
  if (programSlug) query.where('p.slug', programSlug);
  return query;
}

export function staffUserById(q: Scoped, id: string): Promise<StaffUserRow | undefined> {
  return q('staff_users').select(USER_COLUMNS).where({ id }).first();
}

export function staffUserByEmail(q: Scoped, email: string): Promise<StaffUserRow | undefined> {
  return q('staff_users').select(USER_COLUMNS).where({ email }).first();
}

export function listStaffUsers(q: Scoped): Promise<StaffUserRow[]> {
  return q('staff_users')
    .select(USER_COLUMNS)
    .orderBy([{ column: 'name' }, { column: 'id' }]);
}

export async function insertStaffUser(
  q: Scoped,
  u: { name: string; email: string; role: StaffUserRole; passwordHash: string; at: Date },
): Promise<StaffUserRow> {
  const [row] = await q
    .insert('staff_users', {
      name: u.name,
      email: u.email,
      role: u.role,
      password_hash: u.passwordHash,
      created_at: u.at,
    })
    .returning(USER_COLUMNS);
  return row;
}

/** A disabled account invited again comes back with the invitation's role and a new password. */
export async function reactivateStaffUser(
  q: Scoped,
  id: string,
  u: { name: string; role: StaffUserRole; passwordHash: string },
): Promise<StaffUserRow> {
  const [row] = await q('staff_users')
    .where({ id })
    .update({ name: u.name, role: u.role, password_hash: u.passwordHash, disabled_at: null })
    .returning(USER_COLUMNS);
  return row;
}

export async function markSignedIn(q: Scoped, id: string, at: Date): Promise<void> {
  await q('staff_users').where({ id }).update({ last_signed_in_at: at });
}

export async function disableStaffUserRow(
  q: Scoped,
  id: string,
  at: Date,
): Promise<StaffUserRow | undefined> {
  const [row] = await q('staff_users')
    .where({ id })
    .update({ disabled_at: q.knex.raw('coalesce(disabled_at, ?)', [at]) })
    .returning(USER_COLUMNS);
  return row;
}

// Invitations

export async function insertInvitation(
  q: Scoped,
  i: {
    id: string;
    email: string;
    role: StaffUserRole;
    name: string | null;
    tokenHash: Buffer;
    invitedBy: string;
    invitedByKind: string;
    invitedById: string | null;
    at: Date;
    expiresAt: Date;
  },
): Promise<StaffInvitationRow> {
  const [row] = await q
    .insert('staff_invitations', {
      id: i.id,
      email: i.email,
      role: i.role,
      name: i.name,
      token_hash: i.tokenHash,
      invited_by: i.invitedBy,
      invited_by_kind: i.invitedByKind,
      invited_by_id: i.invitedById,
      created_at: i.at,
      expires_at: i.expiresAt,
    })
    .returning(INVITATION_COLUMNS);
  return row;
}

/** Earlier links for the same email stop working: only the newest invitation counts. */
export async function revokePendingInvitations(q: Scoped, email: string, at: Date): Promise<void> {
  await q('staff_invitations')
    .where({ email })
    .whereNull('accepted_at')
    .whereNull('revoked_at')
    .update({ revoked_at: at });
}

export function lockInvitationByHash(q: Scoped, tokenHash: Buffer): Promise<StaffInvitationRow | undefined> {
  return q('staff_invitations')
    .select(INVITATION_COLUMNS)
    .where({ token_hash: tokenHash })
    .forUpdate()
    .first();
}

export function invitationById(
  q: Scoped,
  id: string,
): Promise<(StaffInvitationRow & { token_hash: Buffer }) | undefined> {
  return q('staff_invitations')
    .select([...INVITATION_COLUMNS, 'token_hash'])
    .where({ id })
    .first();
}

export async function markInvitationAccepted(q: Scoped, id: string, by: string, at: Date): Promise<void> {
  await q('staff_invitations').where({ id }).update({ accepted_at: at, accepted_by: by });
}

export async function recordInvitationEmail(
  q: Scoped,
  id: string,
  r: { sentAt: Date | null; transport: string | null; error: string | null },
): Promise<void> {
  await q('staff_invitations')
    .where({ id })
    .update({ email_sent_at: r.sentAt, email_transport: r.transport, email_error: r.error });
}

export function pendingInvitations(q: Scoped, at: Date): Promise<StaffInvitationRow[]> {
  return q('staff_invitations')
    .select(INVITATION_COLUMNS)
    .whereNull('accepted_at')
    .whereNull('revoked_at')
    .where('expires_at', '>', at)
    .orderBy('created_at', 'desc');
}

// Sessions

export async function insertStaffSession(
  q: Scoped,
  s: { staffUserId: string; tokenHash: Buffer; at: Date; expiresAt: Date; userAgent: string | null },
): Promise<StaffSessionRow> {
  const [row] = await q
    .insert('staff_sessions', {
      staff_user_id: s.staffUserId,
      token_hash: s.tokenHash,
      created_at: s.at,
      last_seen_at: s.at,
      expires_at: s.expiresAt,
      user_agent: s.userAgent,
    })
    .returning(SESSION_COLUMNS);
  return row;
}

export interface LiveSessionRow {
  id: string;
  staff_user_id: string;
  last_seen_at: Date;
  expires_at: Date;
  role: StaffUserRole;
  name: string;
}

/** The session behind a cookie, if it is live: not revoked, not past either expiry, its person enabled. */
export function liveSessionByHash(
  q: Scoped,
  tokenHash: Buffer,
  at: Date,
  idleSeconds: number,
): Promise<LiveSessionRow | undefined> {
  return q('staff_sessions as s')
    .join('staff_users as u', (j) => j.on('u.program_id', 's.program_id').andOn('u.id', 's.staff_user_id'))
    .select('s.id', 's.staff_user_id', 's.last_seen_at', 's.expires_at', 'u.role', 'u.name')
    .where('s.token_hash', tokenHash)
    .whereNull('s.revoked_at')
    .whereNull('u.disabled_at')
    .where('s.expires_at', '>', at)
    .where('s.last_seen_at', '>', new Date(at.getTime() - idleSeconds * 1000))
    .first();
}

/** Last-seen time to the minute: one write per session per minute, not one per request. */
export async function touchStaffSession(q: Scoped, id: string, at: Date): Promise<void> {
  await q('staff_sessions')
    .where({ id })
    .whereNull('revoked_at')
    .where('last_seen_at', '<', new Date(at.getTime() - 60_000))
    .update({ last_seen_at: at });
}

export function liveSessionsOf(
  q: Scoped,
  staffUserId: string,
  at: Date,
  idleSeconds: number,
): Promise<StaffSessionRow[]> {
  return q('staff_sessions')
    .select(SESSION_COLUMNS)
    .where({ staff_user_id: staffUserId })
    .whereNull('revoked_at')
    .where('expires_at', '>', at)
    .where('last_seen_at', '>', new Date(at.getTime() - idleSeconds * 1000))
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ]);
}

/** Revokes a session (of `ofUser` only, when given); with its token hash, for this process's cache. */
export async function revokeSessionRow(
  q: Scoped,
  id: string,
  at: Date,
  ofUser: string | null,
): Promise<(StaffSessionRow & { token_hash: Buffer }) | undefined> {
  const query = q('staff_sessions')
    .where({ id })
    .update({ revoked_at: q.knex.raw('coalesce(revoked_at, ?)', [at]) })
    .returning([...SESSION_COLUMNS, 'token_hash']);
  if (ofUser) query.where({ staff_user_id: ofUser });
  const [row] = await query;
  return row;
}

/** Revokes every live session of a person; returns their token hashes. */
export async function revokeSessionsOf(q: Scoped, staffUserId: string, at: Date): Promise<Buffer[]> {
  const rows: { token_hash: Buffer }[] = await q('staff_sessions')
    .where({ staff_user_id: staffUserId })
    .whereNull('revoked_at')
    .where('expires_at', '>', at)
    .update({ revoked_at: at })
    .returning('token_hash');
  return rows.map((r) => r.token_hash);
}

/** Email addresses of the program's admins whose accounts are not disabled. */
export async function activeAdminEmails(q: Scoped): Promise<string[]> {
  const rows = await q('staff_users').where({ role: 'admin' }).whereNull('disabled_at').select('email');
  return rows.map((r: { email: string }) => r.email);
}
