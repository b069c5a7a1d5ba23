import type { Knex } from 'knex';
import { z } from 'zod';
import { type Scoped, scoped } from '../../db/scoped';
import type { Clock } from '../../shared/clock';
import { AppError, parseInput } from '../../shared/errors';
import { hashToken, newToken, parseToken, tokenPrefix } from '../../shared/tokens';
import { recordAudit } from '../audit/audit.service';
import type { AuthCache } from './auth.cache';
import {
  type ApiKeyRow,
  findActiveKeyByHash,
  findLiveSessionByHash,
  insertApiKey,
  insertSession,
  revokeApiKey,
  touchApiKey,
} from './auth.repo';
import { type Actor, STAFF_ROLES, type Viewer } from './viewer';

const CreateApiKeyInput = z.object({
  role: z.enum(STAFF_ROLES),
  name: z.string().trim().min(1).max(100).optional(),
});

/** Creates a key and returns its secret: the only time the secret exists outside a hash. */
export async function createApiKey(
  db: Knex,
  programId: string,
  actor: Actor,
  clock: Clock,
  input: z.input<typeof CreateApiKeyInput>,
): Promise<{ key: ApiKeyRow; secret: string }> {
  const { role, name } = parseInput(CreateApiKeyInput, input, []);
  const secret = newToken('rk', programId);
  const at = clock.now();
  const key = await scoped(db, programId).transaction(async (q) => {
    const key = await insertApiKey(q, {
      role,
      name: name ?? null,
      tokenHash: hashToken(secret),
      prefix: tokenPrefix(secret),
      at,
    });
    await recordAudit(q, actor, at, {
      action: 'apikey.create',
      targetType: 'api_key',
      targetId: key.id,
      details: { role },
    });
    return key;
  });
  return { key, secret };
}

export async function revokeKey(
  db: Knex,
  programId: string,
  actor: Actor,
  clock: Clock,
  id: string,
): Promise<ApiKeyRow> {
  if (!z.uuid().safeParse(id).success) throw AppError.badInput([{ path: 'id', message: 'Not a key id' }]);
  const at = clock.now();
  return scoped(db, programId).transaction(async (q) => {
    const key = await revokeApiKey(q, id, at);
    if (!key) throw AppError.notFound('API key');
    await recordAudit(q, actor, at, { action: 'apikey.revoke', targetType: 'api_key', targetId: id });
    return key;
  });
}

/**
 * Resolves a bearer token to a viewer, or null when it is unknown, revoked, expired or
 * malformed (the caller answers UNAUTHENTICATED without saying which). With a cache, a token
 * verified before is served from memory; revocations reach the cache by NOTIFY.
 */
export async function authenticate(
  db: Knex,
  clock: Clock,
  token: string,
  cache?: AuthCache,
): Promise<Viewer | null> {
  const parsed = parseToken(token);
  // Staff sessions come only in their HttpOnly cookie (staff.sessions.ts), never as a bearer.
  if (!parsed || (parsed.kind !== 'rk' && parsed.kind !== 'rs')) return null;
  const q = scoped(db, parsed.programId);
  const hash = hashToken(parsed.token);
  const hashHex = hash.toString('hex');
  const at = clock.now();
  const hit = cache?.get(hashHex, at.getTime());
  if (hit) {
    if (hit.viewer.kind === 'api_key') touch(q, hit, hit.viewer.keyId, at);
    return hit.viewer;
  }
  const generation = cache?.generation() ?? 0;
  if (parsed.kind === 'rk') {
    const key = await findActiveKeyByHash(q, hash);
    if (!key) return null;
    const entry = { lastUsedAt: key.last_used_at?.getTime() ?? null, expiresAt: null };
    const viewer: Viewer = { kind: 'api_key', programId: parsed.programId, role: key.role, keyId: key.id };
    touch(q, entry, key.id, at);
    cache?.put(hashHex, generation, { ...entry, viewer });
    return viewer;
  }
  const session = await findLiveSessionByHash(q, hash, at);
  if (!session) return null;
  const viewer: Viewer = {
    kind: 'customer',
    programId: parsed.programId,
    role: 'customer',
    customerId: session.customer_id,
    sessionId: session.id,
  };
  cache?.put(hashHex, generation, { viewer, expiresAt: session.expires_at.getTime(), lastUsedAt: null });
  return viewer;
}

/** Last-used time to the minute: one write per key per minute (per process), not per request. */
function touch(q: Scoped, e: { lastUsedAt: number | null }, keyId: string, at: Date): void {
  if (e.lastUsedAt !== null && at.getTime() - e.lastUsedAt <= 60_000) return;
  e.lastUsedAt = at.getTime();
  touchApiKey(q, keyId, at).catch(() => {}); // best effort; never fails a request
}

export async function createSession(
  q: ReturnType<typeof scoped>,
  clock: Clock,
  customerId: string,
  ttlSeconds: number,
): Promise<{ token: string; expiresAt: Date }> {
  const token = newToken('rs', q.programId);
  const at = clock.now();
  const expiresAt = new Date(at.getTime() + ttlSeconds * 1000);
  await insertSession(q, { customerId, tokenHash: hashToken(token), at, expiresAt });
  return { token, expiresAt };
}
