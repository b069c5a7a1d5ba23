/**
 * The statements of message delivery (ADR 0020), for one message or a batch alike: claim the
 * rows, lock the recipients' contact budgets, read every fact the policy checks need in one
 * statement, write the decisions in one, hand rows to the transport, mark results in one. The
 * tables are the modules' (messaging writes messages; customers, feedback and programs are
 * read only, as their repository functions read them, named beside each part).
 */
import type { Scoped } from '../db/scoped';
import type { Channel } from '../modules/customers/customers.inputs';
import type { NewsletterContent, ProgramFacts, RecipientFacts } from '../modules/messaging/delivery.plan';
import type { MessageRow, MessageStatus, TemplateRow } from '../modules/messaging/messaging.repo';
import type { MessageKind } from '../modules/messaging/policy';

/**
 * Up to `limit` messages of a newsletter that are due (QUEUED, or DEFERRED until now), locked
 * for this transaction; rows another claimer holds are skipped, so many workers claim side by
 * side without waiting on each other.
 */
export async function claimDue(
  q: Scoped,
  o: { newsletterId: string; limit: number; now: Date },
): Promise<MessageRow[]> {
  const { rows } = await q.knex.raw(
    `SELECT * FROM messages
      WHERE program_id = ? AND newsletter_id = ? AND status IN ('QUEUED', 'DEFERRED')
        AND (send_after IS NULL OR send_after <= ?)
      LIMIT ? FOR UPDATE SKIP LOCKED`,
    [q.programId, o.newsletterId, o.now, o.limit],
  );
  return rows;
}

/**
 * The contact budget is per customer: every sender takes the customer's advisory lock before
 * counting what was sent, so two sends cannot both fit into the last place. Taken in one
 * order (by hash) so that batches never wait on each other in a circle; the single-message
 * path takes the same key.
 */
export async function lockContacts(q: Scoped, customerIds: readonly string[]): Promise<void> {
  if (!customerIds.length) return;
  await q.knex.raw(
    `SELECT pg_advisory_xact_lock(h) FROM (
       SELECT DISTINCT hashtext(? || ':contact:' || id) AS h FROM unnest(?::uuid[]) id ORDER BY 1) s`,
    [q.programId, [...customerIds]],
  );
}

export interface DeliveryFacts {
  program: ProgramFacts;
  recipients: Map<string, RecipientFacts>;
  newsletters: Map<string, NewsletterContent>;
  /** The newest version of each (key, channel, locale) of the messages' template keys. */
  templates: TemplateRow[];
}

interface RecipientJson extends Omit<RecipientFacts['customer'], never> {
  prefs: RecipientFacts['prefs'];
  consents: RecipientFacts['consents'];
  inbound: Channel[];
  low_score_open: boolean;
  sent: { kind: MessageKind; sent_at: string }[];
}

/**
 * One statement, after the contact locks (a statement sees what was committed when it began,
 * so what a concurrent sender of the same customer claimed is counted). Per recipient: the
 * customer (customers.repo customersByIds), preferences and consents (preferencesByCustomerIds,
 * consentsByCustomerIds), inbound channels (messaging.repo inboundChannels), an open low-score
 * follow-up (feedback.repo hasOpenLowScoreTask) and what was sent since `since`
 * (messaging.repo sentCounts); the program (programs.repo findProgramById); the newsletters'
 * subject and body; the templates (messaging.repo latestTemplates).
 */
export async function loadDeliveryFacts(
  q: Scoped,
  o: { customerIds: string[]; since: Date; newsletterIds: string[]; templateKeys: string[] },
): Promise<DeliveryFacts> {
  const p = q.programId;
  const { rows } = await q.knex.raw(
    `SELECT
       (SELECT json_build_object('name', name, 'currency', currency, 'time_zone', time_zone)
          FROM programs WHERE id = ?) AS program,
       (SELECT coalesce(json_agg(r), '[]') FROM (
          SELECT c.id, c.first_name, c.last_name, c.email, c.phone, c.locale, c.time_zone,
                 CASE WHEN cp.customer_id IS NOT NULL THEN json_build_object(
                   'preferred_channel', cp.preferred_channel, 'newsletter_topics', cp.newsletter_topics,
                   'quiet_hours_start', cp.quiet_hours_start, 'quiet_hours_end', cp.quiet_hours_end,
                   'sms_only_after_inbound', cp.sms_only_after_inbound) END AS prefs,
                 (SELECT coalesce(json_object_agg(cc.channel, cc.state), '{}') FROM contact_consents cc
                   WHERE cc.program_id = c.program_id AND cc.customer_id = c.id) AS consents,
                 (SELECT coalesce(json_agg(mi.channel), '[]') FROM message_inbound mi
                   WHERE mi.program_id = c.program_id AND mi.customer_id = c.id) AS inbound,
                 EXISTS (SELECT 1 FROM follow_up_tasks t
                          WHERE t.program_id = c.program_id AND t.customer_id = c.id
                            AND t.kind = 'LOW_SCORE' AND t.status = 'OPEN') AS low_score_open,
                 (SELECT coalesce(json_agg(json_build_object('kind', m.kind, 'sent_at', m.sent_at)), '[]')
                    FROM messages m
                   WHERE m.program_id = c.program_id AND m.customer_id = c.id
                     AND m.status IN ('SENDING', 'SENT') AND m.sent_at >= ?) AS sent
            FROM customers c
            LEFT JOIN contact_preferences cp ON cp.program_id = c.program_id AND cp.customer_id = c.id
           WHERE c.program_id = ? AND c.id = ANY(?::uuid[])) r) AS recipients,
       (SELECT coalesce(json_agg(n), '[]') FROM (
          SELECT id, subject, body FROM newsletters WHERE program_id = ? AND id = ANY(?::uuid[])) n) AS newsletters,
       (SELECT coalesce(json_agg(t), '[]') FROM (
          SELECT DISTINCT ON (key, channel, locale) id, key, channel, locale, version, subject,
                 text_body, html_body, created_at
            FROM message_templates WHERE program_id = ? AND key = ANY(?::text[])
           ORDER BY key, channel, locale, version DESC) t) AS templates`,
    [p, o.since, p, o.customerIds, p, o.newsletterIds, p, o.templateKeys],
  );
  const r = rows[0] as {
    program: ProgramFacts;
    recipients: RecipientJson[];
    newsletters: (NewsletterContent & { id: string })[];
    templates: (TemplateRow & { created_at: string })[];
  };
  return {
    program: r.program,
    recipients: new Map(
      r.recipients.map((c) => [
        c.id,
        {
          customer: {
            id: c.id,
            first_name: c.first_name,
            last_name: c.last_name,
            email: c.email,
            phone: c.phone,
            locale: c.locale,
            time_zone: c.time_zone,
          },
          prefs: c.prefs,
          consents: c.consents,
          inbound: c.inbound,
          lowScoreOpen: c.low_score_open,
          sent: c.sent.map((s) => ({ kind: s.kind, sent_at: new Date(s.sent_at) })),
        },
      ]),
    ),
    newsletters: new Map(r.newsletters.map((n) => [n.id, { subject: n.subject, body: n.body }])),
    templates: r.templates.map((t) => ({ ...t, created_at: new Date(t.created_at) })),
  };
}

/** What the checks decided for one claimed row; `from` guards the write (the status at claim). */
export type DecisionRow =
  | {
      id: string;
      from: MessageStatus;
      status: 'SENDING';
      channel: Channel;
      recipient: string | null;
      subject: string | null;
      text_body: string;
      html_body: string | null;
      template_version: number;
    }
  | { id: string; from: MessageStatus; status: 'SUPPRESSED' | 'FAILED'; error: string }
  | { id: string; from: MessageStatus; status: 'DEFERRED'; send_after: Date; error: string };

/**
 * Every decision of a claim in one statement. A row claimed for sending gets what was rendered
 * (what goes out is what is recorded), one more attempt, `sent_at` (it counts against the budget
 * from now), the claimer, and `handed_at` when it goes to the transport at once (one message)
 * rather than in a later hand-off (a batch). Returns the ids written.
 */
export async function writeDecisions(
  q: Scoped,
  rows: readonly DecisionRow[],
  o: { at: Date; claimedBy: string | null; handedAt: Date | null },
): Promise<Set<string>> {
  if (!rows.length) return new Set();
  const { rows: written } = await q.knex.raw(
    `UPDATE messages m SET
       status = v.status,
       error = v.error,
       send_after = CASE WHEN v.status = 'DEFERRED' THEN v.send_after ELSE m.send_after END,
       channel = coalesce(v.channel, m.channel),
       recipient = CASE WHEN v.status = 'SENDING' THEN v.recipient ELSE m.recipient END,
       subject = CASE WHEN v.status = 'SENDING' THEN v.subject ELSE m.subject END,
       text_body = CASE WHEN v.status = 'SENDING' THEN v.text_body ELSE m.text_body END,
       html_body = CASE WHEN v.status = 'SENDING' THEN v.html_body ELSE m.html_body END,
       template_version = CASE WHEN v.status = 'SENDING' THEN v.template_version ELSE m.template_version END,
       attempts = m.attempts + CASE WHEN v.status = 'SENDING' THEN 1 ELSE 0 END,
       sent_at = CASE WHEN v.status = 'SENDING' THEN ?::timestamptz ELSE m.sent_at END,
       claimed_by = CASE WHEN v.status = 'SENDING' THEN ?::text ELSE m.claimed_by END,
       handed_at = CASE WHEN v.status = 'SENDING' THEN ?::timestamptz ELSE m.handed_at END,
       updated_at = ?
     FROM jsonb_to_recordset(?::jsonb) AS v(id uuid, "from" text, status text, error text,
          send_after timestamptz, channel text, recipient text, subject text, text_body text,
          html_body text, template_version integer)
     WHERE m.program_id = ? AND m.id = ANY(?::uuid[]) AND m.id = v.id AND m.status = v."from"
     RETURNING m.id`,
    [o.at, o.claimedBy, o.handedAt, o.at, JSON.stringify(rows), q.programId, rows.map((r) => r.id)],
  );
  return new Set(written.map((r: { id: string }) => r.id));
}

/**
 * The hand-off: the one statement that lets a claimed row reach a transport. Only rows still
 * claimed by `claimedBy` and never handed over pass, so a row is handed over at most once,
 * whoever else (a recovery, a sweep) touched it meanwhile. Returns the ids handed over.
 */
export async function handOff(
  q: Scoped,
  ids: readonly string[],
  claimedBy: string,
  at: Date,
): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const { rows } = await q.knex.raw(
    `UPDATE messages SET handed_at = ?
      WHERE program_id = ? AND id = ANY(?::uuid[]) AND status = 'SENDING'
        AND handed_at IS NULL AND claimed_by = ?
      RETURNING id`,
    [at, q.programId, [...ids], claimedBy],
  );
  return new Set(rows.map((r: { id: string }) => r.id));
}

/** Claimed rows never handed over go back to the queue (a stop, a transport that is down). */
export async function releaseUnhanded(
  q: Scoped,
  ids: readonly string[],
  o: { claimedBy: string; at: Date; sendAfter: Date | null },
): Promise<number> {
  if (!ids.length) return 0;
  const r = await q.knex.raw(
    `UPDATE messages SET status = 'QUEUED', claimed_by = NULL, sent_at = NULL,
            attempts = attempts - 1, send_after = ?, updated_at = ?
      WHERE program_id = ? AND id = ANY(?::uuid[]) AND status = 'SENDING'
        AND handed_at IS NULL AND claimed_by = ?`,
    [o.sendAfter, o.at, q.programId, [...ids], o.claimedBy],
  );
  return r.rowCount ?? 0;
}

export type ResultStatus = 'SENT' | 'UNKNOWN' | 'FAILED' | 'DEAD' | 'QUEUED';

export interface ResultRow {
  id: string;
  status: ResultStatus;
  error: string | null;
  transport?: string | null;
  provider_id?: string | null;
  /** A retry (QUEUED): not before this; null lets the job runner's own backoff decide. */
  send_after?: Date | null;
}

/**
 * Results of sends in one statement. SENT and UNKNOWN keep `sent_at` (it may have arrived, so
 * it counts against the budget); FAILED, DEAD and a retry (QUEUED) clear it. Only rows still
 * SENDING change: a recovery that already called one UNKNOWN keeps its word. Returns the ids.
 */
export async function markResults(q: Scoped, results: readonly ResultRow[], at: Date): Promise<Set<string>> {
  if (!results.length) return new Set();
  const { rows } = await q.knex.raw(
    `UPDATE messages m SET
       status = r.status,
       error = r.error,
       transport = coalesce(r.transport, m.transport),
       provider_id = coalesce(r.provider_id, m.provider_id),
       sent_at = CASE WHEN r.status IN ('SENT', 'UNKNOWN') THEN m.sent_at END,
       send_after = CASE WHEN r.status = 'QUEUED' THEN r.send_after ELSE m.send_after END,
       claimed_by = CASE WHEN r.status = 'QUEUED' THEN NULL ELSE m.claimed_by END,
       handed_at = CASE WHEN r.status = 'QUEUED' THEN NULL ELSE m.handed_at END,
       updated_at = ?
     FROM jsonb_to_recordset(?::jsonb) AS r(id uuid, status text, error text, transport text,
          provider_id text, send_after timestamptz)
     WHERE m.program_id = ? AND m.id = ANY(?::uuid[]) AND m.id = r.id AND m.status = 'SENDING'
     RETURNING m.id`,
    [at, JSON.stringify(results), q.programId, results.map((r) => r.id)],
  );
  return new Set(rows.map((r: { id: string }) => r.id));
}

/**
 * What an earlier attempt of a batch job left in SENDING: it never came back (killed, or its
 * connection lost). Rows it had handed to the transport may have arrived: UNKNOWN, never sent
 * again. Rows it had only claimed go back to the queue. Returns the UNKNOWN ids (to list them).
 */
export async function recoverClaims(
  q: Scoped,
  o: { newsletterId: string; claimedBy: string; at: Date; error: string },
): Promise<{ unknown: string[]; released: number }> {
  const { rows } = await q.knex.raw(
    `WITH unknown AS (
       UPDATE messages SET status = 'UNKNOWN', error = ?, updated_at = ?
        WHERE program_id = ? AND newsletter_id = ? AND status = 'SENDING' AND claimed_by = ?
          AND handed_at IS NOT NULL
        RETURNING id
     ), released AS (
       UPDATE messages SET status = 'QUEUED', claimed_by = NULL, sent_at = NULL,
              attempts = attempts - 1, updated_at = ?
        WHERE program_id = ? AND newsletter_id = ? AND status = 'SENDING' AND claimed_by = ?
          AND handed_at IS NULL
        RETURNING id
     )
     SELECT coalesce((SELECT array_agg(id ORDER BY id) FROM unknown), '{}') AS unknown,
            (SELECT count(*) FROM released)::int AS released`,
    [o.error, o.at, q.programId, o.newsletterId, o.claimedBy, o.at, q.programId, o.newsletterId, o.claimedBy],
  );
  return { unknown: rows[0].unknown, released: rows[0].released };
}

/** When the newsletter's next waiting message is due (now, when one waits already); null: none. */
export async function nextDue(q: Scoped, newsletterId: string, now: Date): Promise<Date | null> {
  const { rows } = await q.knex.raw(
    `SELECT min(coalesce(send_after, ?::timestamptz)) AS at FROM messages
      WHERE program_id = ? AND newsletter_id = ? AND status IN ('QUEUED', 'DEFERRED')`,
    [now, q.programId, newsletterId],
  );
  const at = rows[0]?.at as Date | null;
  return at == null ? null : at < now ? now : at;
}

/**
 * Rows left in SENDING since before `before` (their sender stopped): claimed by a batch and
 * never handed over → back to the queue (its `updated_at` kept, so `newslettersWaiting` sees it
 * as waiting); anything else → UNKNOWN with `error`. Returns the channels of the UNKNOWN rows.
 */
export async function sweepStale(
  q: Scoped,
  o: { before: Date; at: Date; error: string },
): Promise<Channel[]> {
  const { rows } = await q.knex.raw(
    `WITH released AS (
       UPDATE messages SET status = 'QUEUED', claimed_by = NULL, sent_at = NULL, attempts = attempts - 1
        WHERE program_id = ? AND status = 'SENDING' AND updated_at < ?
          AND claimed_by IS NOT NULL AND handed_at IS NULL
        RETURNING id
     ), unknown AS (
       UPDATE messages SET status = 'UNKNOWN', error = ?, updated_at = ?
        WHERE program_id = ? AND status = 'SENDING' AND updated_at < ?
          AND NOT (claimed_by IS NOT NULL AND handed_at IS NULL)
        RETURNING channel
     )
     SELECT coalesce((SELECT array_agg(channel) FROM unknown), '{}') AS unknown,
            (SELECT count(*) FROM released)::int AS released`,
    [q.programId, o.before, o.error, o.at, q.programId, o.before],
  );
  return rows[0].unknown;
}

/**
 * Newsletters with due messages that have waited since `before` with nobody claiming them. One
 * probe per newsletter that went out (messages_newsletter), so the sweep's cost follows the
 * number of newsletters, not of messages.
 */
export async function newslettersWaiting(q: Scoped, o: { before: Date; now: Date }): Promise<string[]> {
  const { rows } = await q.knex.raw(
    `SELECT n.id FROM newsletters n
      WHERE n.program_id = ? AND n.status IN ('SENDING', 'SENT')
        AND EXISTS (SELECT 1 FROM messages m
                     WHERE m.program_id = n.program_id AND m.newsletter_id = n.id
                       AND m.status IN ('QUEUED', 'DEFERRED')
                       AND (m.send_after IS NULL OR m.send_after <= ?) AND m.updated_at < ?)`,
    [q.programId, o.now, o.before],
  );
  return rows.map((r: { id: string }) => r.id);
}
