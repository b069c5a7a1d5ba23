import type { Knex } from 'knex';
import type { Config } from '../../config';
import { scoped } from '../../db/scoped';
import type { Clock } from '../../shared/clock';
import type { Channel } from '../customers/customers.inputs';
import {
  consentsByCustomerIds,
  preferencesByCustomerIds,
  restoreContact,
  withdrawContact,
} from '../customers/customers.service';
import { findProgram } from '../programs/programs.service';
import { linkSecret } from './links';
import {
  messagesByIds,
  newsletterTopics,
  recordFeedback,
  recordUnsubscribe,
  unsubscribedTopics,
} from './messaging.repo';
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

/** A topic as a person reads it: "seasonal-menu" → "Seasonal menu". */
export function topicName(topic: string): string {
  const words = topic.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** What an unsubscribe link's confirmation page names; changes nothing (mail scanners GET links). */
export async function unsubscribeTarget(deps: { db: Knex; config: Config }, token: string) {
  const claims = readUnsubscribeToken(linkSecret(deps.config), token);
  if (!claims) return null;
  const program = await findProgram(deps.db, claims.p);
  return { claims, programName: program?.name ?? 'We' };
}

export interface PreferencesView {
  claims: UnsubscribeClaims;
  programName: string;
  /** Channels the customer has given or withdrawn consent for (never offered otherwise). */
  channels: { channel: Channel; on: boolean }[];
  /** Newsletter topics: those they follow, those they left, and those the program writes about. */
  topics: { topic: string; name: string; on: boolean }[];
}

/** What the preference page shows; changes nothing. */
export async function preferencesByToken(
  deps: { db: Knex; config: Config },
  token: string,
): Promise<PreferencesView | null> {
  const claims = readUnsubscribeToken(linkSecret(deps.config), token);
  if (!claims) return null;
  const q = scoped(deps.db, claims.p);
  const program = await findProgram(deps.db, claims.p);
  const consents = await consentsByCustomerIds(q, [claims.c]);
  const [prefs] = await preferencesByCustomerIds(q, [claims.c]);
  const following = prefs?.newsletter_topics ?? [];
  const left = await unsubscribedTopics(q, claims.c);
  const written = await newsletterTopics(q);
  const topics = [...new Set([...following, ...left.map((r) => r.topic), ...written.map((r) => r.topic)])]
    .sort()
    .map((topic) => ({ topic, name: topicName(topic), on: following.includes(topic) }));
  const order = ['EMAIL', 'SMS', 'PUSH'];
  return {
    claims,
    programName: program?.name ?? 'We',
    channels: consents
      .map((c) => ({ channel: c.channel, on: c.state === 'GRANTED' }))
      .sort((a, b) => order.indexOf(a.channel) - order.indexOf(b.channel)),
    topics,
  };
}

/**
 * A change made on the preferences page: stop or turn back on one channel or one topic of the
 * link's customer. Only what the page offered can change (a channel with a consent on record,
 * a listed topic). Idempotent. Null for a bad token or a change the page did not offer.
 */
export async function changePreferenceByToken(
  deps: { db: Knex; config: Config; clock: Clock },
  token: string,
  change: { channel?: string | null; topic?: string | null; on: boolean },
): Promise<{ view: PreferencesView; changed: boolean } | null> {
  const before = await preferencesByToken(deps, token);
  if (!before) return null;
  const { claims } = before;
  const channel = change.topic ? 'EMAIL' : before.channels.find((c) => c.channel === change.channel)?.channel;
  if (!channel || (change.topic && !before.topics.some((t) => t.topic === change.topic))) return null;
  const at = deps.clock.now();
  const target = { customerId: claims.c, channel, topic: change.topic ?? null, source: 'preferences-page' };
  const changed = await scoped(deps.db, claims.p).transaction(async (q) => {
    if (change.on) return restoreContact(q, at, target);
    const done = await withdrawContact(q, at, target);
    if (done) {
      await recordUnsubscribe(
        q,
        { customer_id: claims.c, channel, topic: target.topic, method: 'preferences' },
        at,
      );
    }
    return done;
  });
  return { view: (await preferencesByToken(deps, token))!, changed };
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
