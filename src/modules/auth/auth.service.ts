import type { Knex } from 'knex';
import { z } from 'zod';
import { scoped } from '../../db/scoped';
import type { Clock } from '../../shared/clock';
import { AppError, parseInput } from '../../shared/errors';
import { hashToken, newToken, parseToken, tokenPrefix } from '../../shared/tokens';
import { recordAudit } from '../audit/audit.repo';
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
 * malformed (the caller answers UNAUTHENTICATED without saying which).
 */
export async function authenticate(db: Knex, clock: Clock, token: string): Promise<Viewer | null> {
  const parsed = parseToken(token);
  if (!parsed) return null;
  const q = scoped(db, parsed.programId);
  const hash = hashToken(parsed.token);
  const at = clock.now();
  if (parsed.kind === 'rk') {
    const key = await findActiveKeyByHash(q, hash);
    if (!key) return null;
    if (!key.last_used_at || at.getTime() - key.last_used_at.getTime() > 60_000) {
      touchApiKey(q, key.id, at).catch(() => {}); // best effort; never fails a request
    }
    return { kind: 'api_key', programId: parsed.programId, role: key.role, keyId: key.id };
  }
  const session = await findLiveSessionByHash(q, hash, at);
  if (!session) return null;
  return {
    kind: 'customer',
    programId: parsed.programId,
    role: 'customer',
    customerId: session.customer_id,
    sessionId: session.id,
  };
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
