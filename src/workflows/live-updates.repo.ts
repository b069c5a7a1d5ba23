/**
 * The statements of live-updates.ts: whether a subscriber's credential still holds, and an
 * event's recorded payload (the auth and events modules' tables, read fresh each time).
 */
import type { Scoped } from '../db/scoped';

/** The API key's id while it is not revoked (undefined once it is, or when it is gone). */
export async function unrevokedApiKey(q: Scoped, keyId: string): Promise<{ id: string } | undefined> {
  return q('api_keys').where({ id: keyId }).whereNull('revoked_at').first('id');
}

/** A customer session's expiry while it is later than `at`. */
export async function customerSessionExpiry(
  q: Scoped,
  sessionId: string,
  at: Date,
): Promise<{ expires_at: Date | string } | undefined> {
  return q('customer_sessions').where({ id: sessionId }).where('expires_at', '>', at).first('expires_at');
}

/** A staff session's expiry while it is not revoked and later than `at`. */
export async function staffSessionExpiry(
  q: Scoped,
  sessionId: string,
  at: Date,
): Promise<{ expires_at: Date | string } | undefined> {
  return q('staff_sessions')
    .where({ id: sessionId })
    .whereNull('revoked_at')
    .where('expires_at', '>', at)
    .first('expires_at');
}

/** A domain event's payload (undefined when there is no such event). */
export async function domainEventPayload(
  q: Scoped,
  id: string,
): Promise<{ payload: { data?: unknown } | null } | undefined> {
  return q('domain_events').where({ id }).first('payload');
}
