import { newestFirst } from '../../db/page';
import type { Scoped } from '../../db/scoped';
import type { Page } from '../../shared/pagination';
import type { Channel } from '../customers/customers.inputs';
import type { MessageKind } from './policy';

export const MESSAGE_STATUSES = [
  'QUEUED',
  'DEFERRED',
  'SENDING',
  'SENT',
  'FAILED',
  'SUPPRESSED',
  'DEAD',
  'UNKNOWN',
] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export interface TemplateRow {
  id: string;
  key: string;
  channel: Channel;
  locale: string;
  version: number;
  subject: string | null;
  text_body: string;
  html_body: string | null;
  created_at: Date;
}

export interface MessageRow {
  id: string;
  customer_id: string;
  channel: Channel;
  kind: MessageKind;
  topic: string | null;
  newsletter_id: string | null;
  template_key: string;
  data: Record<string, unknown>;
  template_version: number | null;
  recipient: string | null;
  subject: string | null;
  text_body: string | null;
  html_body: string | null;
  status: MessageStatus;
  attempts: number;
  transport: string | null;
  provider_id: string | null;
  error: string | null;
  dedupe_key: string;
  queued_at: Date;
  send_after: Date | null;
  sent_at: Date | null;
  updated_at: Date;
  /** The batch job that claimed it (null: the one-message path). */
  claimed_by: string | null;
  /** When it was handed to a transport; SENDING without it: claimed, never handed over. */
  handed_at: Date | null;
}

// --- templates ---------------------------------------------------------------------------

/** The newest version for each locale of a key and channel. */
export function latestTemplates(
  q: Scoped,
  key: string,
  channels: readonly Channel[],
): Promise<TemplateRow[]> {
  return q('message_templates')
    .distinctOn(['channel', 'locale'])
    .where({ key })
    .whereIn('channel', channels)
    .orderBy([{ column: 'channel' }, { column: 'locale' }, { column: 'version', order: 'desc' }]);
}

export function templateVersion(
  q: Scoped,
  key: string,
  channel: Channel,
  locale: string,
  version: number,
): Promise<TemplateRow | undefined> {
  return q('message_templates').where({ key, channel, locale, version }).first();
}

/** Saving makes a new version; messages record the version they were rendered from. */
export async function insertTemplateVersion(
  q: Scoped,
  t: Pick<TemplateRow, 'key' | 'channel' | 'locale' | 'subject' | 'text_body' | 'html_body'>,
  at: Date,
): Promise<TemplateRow> {
  // Serialise saves of one template so two editors never race for the same version number.
  await q.knex.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [
    `${q.programId}:tpl:${t.key}:${t.channel}:${t.locale}`,
  ]);
  const [max] = await q('message_templates')
    .where({ key: t.key, channel: t.channel, locale: t.locale })
    .max<{ v: number | null }[]>('version as v');
  const [row] = await q
    .insert('message_templates', { ...t, version: (max?.v ?? 0) + 1, created_at: at })
    .returning('*');
  return row;
}

export function listTemplates(q: Scoped, key: string | null): Promise<TemplateRow[]> {
  const query = q('message_templates')
    .distinctOn(['key', 'channel', 'locale'])
    .orderBy([
      { column: 'key' },
      { column: 'channel' },
      { column: 'locale' },
      { column: 'version', order: 'desc' },
    ]);
  if (key) query.where({ key });
  return query;
}

// --- messages ----------------------------------------------------------------------------

export type NewMessage = Pick<
  MessageRow,
  'customer_id' | 'channel' | 'kind' | 'topic' | 'newsletter_id' | 'template_key' | 'data' | 'dedupe_key'
> & { status: MessageStatus; error?: string | null };

/** Inserts, or returns null when the dedupe key was already used (the caller's repeat). */
export async function insertMessage(q: Scoped, m: NewMessage, at: Date): Promise<MessageRow | null> {
  const [row] = await q
    .insert('messages', { ...m, data: JSON.stringify(m.data), queued_at: at, updated_at: at })
    .onConflict(['program_id', 'dedupe_key'])
    .ignore()
    .returning('*');
  return row ?? null;
}

export function lockMessage(q: Scoped, id: string): Promise<MessageRow | undefined> {
  return q('messages').where({ id }).forUpdate().first();
}

export function messagesByIds(q: Scoped, ids: readonly string[]): Promise<MessageRow[]> {
  return q('messages').whereIn('id', ids);
}

/** A guarded transition: only from one of `from`, so two runs of a job cannot both win. */
export async function transition(
  q: Scoped,
  id: string,
  from: readonly MessageStatus[],
  fields: Partial<MessageRow>,
  at: Date,
): Promise<MessageRow | undefined> {
  const [row] = await q('messages')
    .where({ id })
    .whereIn('status', from)
    .update({ ...fields, updated_at: at })
    .returning('*');
  return row;
}

/** Messages that count against the contact budget: sent or being sent since `since`. */
export async function sentCounts(
  q: Scoped,
  customerId: string,
  since: Date,
): Promise<{ kind: MessageKind; sent_at: Date }[]> {
  return q('messages')
    .where({ customer_id: customerId })
    .whereIn('status', ['SENDING', 'SENT'])
    .where('sent_at', '>=', since)
    .select('kind', 'sent_at');
}

export function messagesOfCustomer(q: Scoped, customerId: string, page: Page): Promise<MessageRow[]> {
  return newestFirst(q('messages').where({ customer_id: customerId }), page, 'queued_at');
}

/** Emails recorded in the local outbox (no SMTP_URL configured), newest first. */
export function localOutbox(q: Scoped, page: Page): Promise<MessageRow[]> {
  return newestFirst(q('messages').where({ transport: 'local' }).whereNotNull('sent_at'), page, 'sent_at');
}

// --- inbound, unsubscribes, feedback -----------------------------------------------------

export async function recordInbound(
  q: Scoped,
  customerId: string,
  channel: Channel,
  at: Date,
): Promise<void> {
  await q
    .insert('message_inbound', { customer_id: customerId, channel, first_at: at, last_at: at })
    .onConflict(['program_id', 'customer_id', 'channel'])
    .merge(['last_at']);
}

export async function inboundChannels(q: Scoped, customerId: string): Promise<Channel[]> {
  const rows = await q('message_inbound').where({ customer_id: customerId }).select('channel');
  return rows.map((r: { channel: Channel }) => r.channel);
}

export async function recordUnsubscribe(
  q: Scoped,
  u: { customer_id: string; channel: Channel; topic: string | null; method: string },
  at: Date,
): Promise<void> {
  await q.insert('message_unsubscribes', { ...u, at });
}

/** One answer per message; a second click changes the answer and never adds a count. */
export async function recordFeedback(q: Scoped, messageId: string, useful: boolean, at: Date): Promise<void> {
  await q
    .insert('message_feedback', { message_id: messageId, useful, at })
    .onConflict(['program_id', 'message_id'])
    .merge(['useful', 'at']);
}

/** The topics this customer unsubscribed from, each once. */
export function unsubscribedTopics(q: Scoped, customerId: string): Promise<{ topic: string }[]> {
  return q('message_unsubscribes').where({ customer_id: customerId }).whereNotNull('topic').distinct('topic');
}

/** The topics the program's newsletters were written on, each once. */
export function newsletterTopics(q: Scoped): Promise<{ topic: string }[]> {
  return q('newsletters').whereNotNull('topic').distinct('topic');
}

/** The message already queued under this dedupe key: its id and status. */
export async function messageByDedupeKey(
  q: Scoped,
  dedupeKey: string,
): Promise<Pick<MessageRow, 'id' | 'status'> | undefined> {
  const [first] = await q('messages').where({ dedupe_key: dedupeKey }).select('id', 'status');
  return first;
}
