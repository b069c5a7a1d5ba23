import type { Knex } from 'knex';
import { scoped } from '../../db/scoped';
import type { Clock } from '../../shared/clock';
import { hashToken, parseToken } from '../../shared/tokens';
import type { AuthCache } from '../auth/auth.cache';
import type { Viewer } from '../auth/viewer';
import { liveSessionByHash, touchStaffSession } from './staff.repo';

/** The console's session cookie (HttpOnly, SameSite=Strict; Secure over HTTPS). */
export const SESSION_COOKIE = 'regulars_session';

/** Cookie-authenticated requests must carry this header (any value): graphql-yoga's CSRF convention. */
export const CSRF_HEADER = 'x-graphql-yoga-csrf';

const TOUCH_EVERY_MS = 60_000;

/**
 * Resolves a staff session token (from the cookie) to a viewer, or null when it is unknown,
 * revoked, expired (idle or absolute), malformed, or its person was disabled. Verified
 * sessions are served from the process's token cache; revocation (an UPDATE of revoked_at,
 * the person disabled) reaches every process by NOTIFY, as for API keys (ADR 11).
 *
 * In the cache, `expiresAt` is the absolute expiry and `lastUsedAt` the last-seen time as
 * written to the database; a hit older than the idle limit goes back to the database, which
 * may know of a later use through another process.
 */
export async function authenticateStaffSession(
  db: Knex,
  clock: Clock,
  token: string,
  idleSeconds: number,
  cache?: AuthCache,
): Promise<Viewer | null> {
  const parsed = parseToken(token);
  if (parsed?.kind !== 'ss') return null;
  const q = scoped(db, parsed.programId);
  const hash = hashToken(parsed.token);
  const hashHex = hash.toString('hex');
  const at = clock.now();
  const now = at.getTime();
  const hit = cache?.get(hashHex, now);
  if (
    hit &&
    hit.viewer.kind === 'staff' &&
    hit.lastUsedAt !== null &&
    now - hit.lastUsedAt < idleSeconds * 1000
  ) {
    if (now - hit.lastUsedAt > TOUCH_EVERY_MS) {
      hit.lastUsedAt = now;
      touchStaffSession(q, hit.viewer.sessionId, at).catch(() => {}); // best effort
    }
    return hit.viewer;
  }
  const generation = cache?.generation() ?? 0;
  const s = await liveSessionByHash(q, hash, at, idleSeconds);
  if (!s) return null;
  const viewer: Viewer = {
    kind: 'staff',
    programId: parsed.programId,
    role: s.role,
    staffUserId: s.staff_user_id,
    sessionId: s.id,
    name: s.name,
  };
  let lastSeen = s.last_seen_at.getTime();
  if (now - lastSeen > TOUCH_EVERY_MS) {
    lastSeen = now;
    touchStaffSession(q, s.id, at).catch(() => {});
  }
  cache?.put(hashHex, generation, { viewer, expiresAt: s.expires_at.getTime(), lastUsedAt: lastSeen });
  return viewer;
}

/** `Set-Cookie` for a session (Expires at its absolute end) or, with `null`, one that clears it. */
export function sessionCookie(token: string | null, opts: { expiresAt?: Date; secure: boolean }): string {
  const parts = [`${SESSION_COOKIE}=${token ?? ''}`, 'Path=/', 'HttpOnly', 'SameSite=Strict'];
  if (token && opts.expiresAt) parts.push(`Expires=${opts.expiresAt.toUTCString()}`);
  else parts.push('Expires=Thu, 01 Jan 1970 00:00:00 GMT', 'Max-Age=0');
  if (opts.secure) parts.push('Secure');
  return parts.join('; ');
}

/** The session cookie's value in a Cookie header, if any. */
export function sessionTokenFrom(cookieHeader: string | undefined): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim() || null;
  }
  return null;
}
