import type { Knex } from 'knex';
import type { Config } from '../../config';
import { scoped } from '../../db/scoped';
import type { Clock } from '../../shared/clock';
import { consentsByCustomerIds, preferencesByCustomerIds } from '../customers/customers.repo';
import { withdrawContact } from '../customers/customers.service';
import { linkSecret } from './links';
import { messagesByIds, recordFeedback, recordUnsubscribe } from './messaging.repo';
import { readFeedbackToken, readUnsubscribeToken, type UnsubscribeClaims } from './unsubscribe-token';

/**
 * Applies an unsubscribe link at once (consent withdrawn, or the topic dropped) in one
 * transaction. Idempotent: a second click changes nothing and records nothing. Messages
 * already queued are stopped by the send-time consent check. Null for a bad token.
 */
export async function unsubscribeByToken(
  deps: { db: Knex; config: Config; clock: Clock },
  token: string,
  method: 'one-click' | 'link' | 'mailto',
): Promise<{ claims: UnsubscribeClaims; changed: boolean } | null> {
  const claims = readUnsubscribeToken(linkSecret(deps.config), token);
  if (!claims) return null;
  const at = deps.clock.now();
  const changed = await scoped(deps.db, claims.p).transaction(async (q) => {
    const changed = await withdrawContact(q, at, {
      customerId: claims.c,
      channel: claims.ch,
      topic: claims.t ?? null,
      source: 'unsubscribe-link',
    });
    if (changed) {
      await recordUnsubscribe(
        q,
        { customer_id: claims.c, channel: claims.ch, topic: claims.t ?? null, method },
        at,
      );
    }
    return changed;
  });
  return { claims, changed };
}

/** What the preference page shows; changes nothing. */
export async function preferencesByToken(deps: { db: Knex; config: Config }, token: string) {
  const claims = readUnsubscribeToken(linkSecret(deps.config), token);
  if (!claims) return null;
  const q = scoped(deps.db, claims.p);
  const consents = await consentsByCustomerIds(q, [claims.c]);
  const [prefs] = await preferencesByCustomerIds(q, [claims.c]);
  return { claims, consents, topics: prefs?.newsletter_topics ?? [] };
}

/** "Was this useful?": one answer per recipient; clicking again changes the answer. */
export async function feedbackByToken(
  deps: { db: Knex; config: Config; clock: Clock },
  token: string,
  useful: boolean,
): Promise<boolean> {
  const claims = readFeedbackToken(linkSecret(deps.config), token);
  if (!claims) return false;
  const q = scoped(deps.db, claims.p);
  const [m] = await messagesByIds(q, [claims.m]);
  if (!m) return false;
  await recordFeedback(q, m.id, useful, deps.clock.now());
  return true;
}
