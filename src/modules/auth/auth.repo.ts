import type { Scoped } from '../../db/scoped';
import type { StaffRole } from './viewer';

export interface ApiKeyRow {
  id: string;
  role: StaffRole;
  name: string | null;
  prefix: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const KEY_COLUMNS = ['id', 'role', 'name', 'prefix', 'created_at', 'last_used_at', 'revoked_at'];

export async function insertApiKey(
  q: Scoped,
  k: { role: StaffRole; name: string | null; tokenHash: Buffer; prefix: string; at: Date },
): Promise<ApiKeyRow> {
  const [row] = await q
    .insert('api_keys', {
      role: k.role,
      name: k.name,
      token_hash: k.tokenHash,
      prefix: k.prefix,
      created_at: k.at,
    })
    .returning(KEY_COLUMNS);
  return row;
}

export function listApiKeys(q: Scoped): Promise<ApiKeyRow[]> {
  return q('api_keys').select(KEY_COLUMNS).orderBy('created_at');
}

export async function revokeApiKey(q: Scoped, id: string, at: Date): Promise<ApiKeyRow | undefined> {
  const [row] = await q('api_keys')
    .where({ id })
    .update({ revoked_at: q.knex.raw('coalesce(revoked_at, ?)', [at]) })
    .returning(KEY_COLUMNS);
  return row;
}

export function findActiveKeyByHash(q: Scoped, tokenHash: Buffer): Promise<ApiKeyRow | undefined> {
  return q('api_keys').select(KEY_COLUMNS).where({ token_hash: tokenHash }).whereNull('revoked_at').first();
}

/** Last-used time to the minute: one write per key per minute, not one per request. */
export async function touchApiKey(q: Scoped, id: string, at: Date): Promise<void> {
  await q('api_keys')
    .where({ id })
    .where((w) => w.whereNull('last_used_at').orWhere('last_used_at', '<', new Date(at.getTime() - 60_000)))
    .update({ last_used_at: at });
}

export interface SessionRow {
  id: string;
  customer_id: string;
  expires_at: Date;
}

export async function insertSession(
  q: Scoped,
  s: { customerId: string; tokenHash: Buffer; at: Date; expiresAt: Date },
): Promise<SessionRow> {
  const [row] = await q
    .insert('customer_sessions', {
      customer_id: s.customerId,
      token_hash: s.tokenHash,
      created_at: s.at,
      expires_at: s.expiresAt,
    })
    .returning(['id', 'customer_id', 'expires_at']);
  return row;
}

export function findLiveSessionByHash(
  q: Scoped,
  tokenHash: Buffer,
  at: Date,
): Promise<SessionRow | undefined> {
  return q('customer_sessions')
    .select(['id', 'customer_id', 'expires_at'])
    .where({ token_hash: tokenHash })
    .where('expires_at', '>', at)
    .first();
}
