import type { Scoped } from '../../db/scoped';
import { DAY_MS } from '../../shared/time';

export interface Audience {
  minPurchases: number;
  purchasedWithinDays: number | null;
  topicSubscribersOnly: boolean;
}

export interface NewsletterRow {
  id: string;
  title: string;
  topic: string | null;
  subject: string;
  body: string;
  audience: Audience;
  status: 'DRAFT' | 'SCHEDULED' | 'SENDING' | 'SENT';
  sales_score: number | null;
  override_reason: string | null;
  override_by: string | null;
  scheduled_at: Date | null;
  /** The audience's size when sending started: what the fan-out is heading for. */
  audience_count: number | null;
  created_at: Date;
  updated_at: Date;
}

export function newsletterById(q: Scoped, id: string): Promise<NewsletterRow | undefined> {
  return q('newsletters').where({ id }).first();
}

/** The newsletter, locked until the transaction ends (sending it changes its status once). */
export function lockNewsletter(q: Scoped, id: string): Promise<NewsletterRow | undefined> {
  return q('newsletters').where({ id }).forUpdate().first<NewsletterRow | undefined>();
}

export function listNewsletters(q: Scoped): Promise<NewsletterRow[]> {
  return q('newsletters').orderBy([
    { column: 'created_at', order: 'desc' },
    { column: 'id', order: 'desc' },
  ]);
}

export async function insertNewsletter(
  q: Scoped,
  n: Pick<NewsletterRow, 'title' | 'topic' | 'subject' | 'body' | 'audience'>,
  at: Date,
): Promise<NewsletterRow> {
  const [row] = await q
    .insert('newsletters', {
      ...n,
      audience: JSON.stringify(n.audience),
      status: 'DRAFT',
      created_at: at,
      updated_at: at,
    })
    .returning('*');
  return row;
}

export async function updateNewsletterRow(
  q: Scoped,
  id: string,
  fields: Partial<NewsletterRow>,
  at: Date,
  fromStatus?: NewsletterRow['status'][],
): Promise<NewsletterRow | undefined> {
  const patch: Record<string, unknown> = { ...fields, updated_at: at };
  if (fields.audience) patch.audience = JSON.stringify(fields.audience);
  const query = q('newsletters').where({ id });
  if (fromStatus) query.whereIn('status', fromStatus);
  const [row] = await query.update(patch).returning('*');
  return row;
}

/**
 * Returning customers who may receive this issue: email consent and address, at least N
 * purchases (and one within N days), and the topic when it is for subscribers only. Reads
 * the customers' and purchases' tables; writes none of them.
 */
export function audienceQuery(q: Scoped, a: Audience, topic: string | null, at: Date) {
  const programId = q.programId;
  const query = q('customers as c')
    .whereNotNull('c.email')
    .whereExists((s) =>
      s
        .from('contact_consents as cc')
        .where('cc.program_id', programId)
        .whereRaw('cc.customer_id = c.id')
        .where({ 'cc.channel': 'EMAIL', 'cc.state': 'GRANTED' }),
    );
  if (a.minPurchases > 0 || a.purchasedWithinDays != null) {
    query.whereRaw(
      `(SELECT count(*) FROM purchases p WHERE p.program_id = c.program_id AND p.customer_id = c.id) >= ?`,
      [Math.max(1, a.minPurchases)],
    );
  }
  if (a.purchasedWithinDays != null) {
    query.whereExists((s) =>
      s
        .from('purchases as p')
        .where('p.program_id', programId)
        .whereRaw('p.customer_id = c.id')
        .where('p.occurred_at', '>=', new Date(at.getTime() - a.purchasedWithinDays! * DAY_MS)),
    );
  }
  if (a.topicSubscribersOnly && topic) {
    query.whereExists((s) =>
      s
        .from('contact_preferences as cp')
        .where('cp.program_id', programId)
        .whereRaw('cp.customer_id = c.id')
        .whereRaw('? = ANY (cp.newsletter_topics)', [topic]),
    );
  }
  return query;
}

/**
 * One batch of a newsletter's fan-out in one statement: the next `batch` audience members by id
 * (after `after`) get their message rows (dedupe key per newsletter and customer, so a re-run
 * adds nobody twice); one delivery job for the batch; then either the job for the next batch or,
 * when the batch was short, the newsletter SENT. How many it covered and how many it inserted.
 */
export async function insertFanOutBatch(
  q: Scoped,
  n: NewsletterRow,
  o: { after: string | null; at: Date; batch: number; deliverTask: string; fanoutTask: string },
): Promise<{ covered: number; inserted: number }> {
  const audience = audienceQuery(q, n.audience, n.topic, o.at).select('c.id').orderBy('c.id').limit(o.batch);
  if (o.after) audience.where('c.id', '>', o.after);
  const a = audience.toSQL();
  const pid = q.programId;
  const { rows } = await q.knex.raw(
    `WITH audience AS (${a.sql}),
       inserted AS (
         INSERT INTO messages (program_id, customer_id, channel, kind, topic, newsletter_id, template_key,
                               data, status, dedupe_key, queued_at, updated_at)
         SELECT ?::uuid, id, 'EMAIL', 'NEWSLETTER', ?, ?::uuid, ?, ?::jsonb, 'QUEUED',
                'nl:' || ?::text || ':' || id, ?::timestamptz, ?::timestamptz
           FROM audience
         ON CONFLICT (program_id, dedupe_key) DO NOTHING
         RETURNING 1
       ),
       counts AS (
         SELECT (SELECT count(*) FROM audience)::int AS covered, (SELECT id FROM audience ORDER BY id DESC LIMIT 1) AS last,
                (SELECT count(*) FROM inserted)::int AS inserted
       ),
       deliver AS (
         INSERT INTO outbox (program_id, task, payload)
         SELECT ?::uuid, ?, jsonb_build_object('programId', ?::text, 'newsletterId', ?::text)
           FROM counts WHERE inserted > 0
       ),
       next AS (
         INSERT INTO outbox (program_id, task, payload, job_key)
         SELECT ?::uuid, ?, jsonb_build_object('programId', ?::text, 'newsletterId', ?::text, 'after', last),
                ?::text || ':nl:' || ?::text || ':' || last
           FROM counts WHERE covered = ?
       ),
       done AS (
         UPDATE newsletters SET status = 'SENT', updated_at = ?
          WHERE program_id = ? AND id = ? AND status = 'SENDING' AND (SELECT covered FROM counts) < ?
       )
       SELECT covered, inserted FROM counts`,
    [
      ...a.bindings,
      // The topic gates sending (and its unsubscribe link) only when the audience is its subscribers.
      pid,
      n.audience.topicSubscribersOnly ? n.topic : null,
      n.id,
      `newsletter:${n.id}`,
      JSON.stringify({ newsletter: { title: n.title, topic: n.topic } }),
      n.id,
      o.at,
      o.at,
      pid,
      o.deliverTask,
      pid,
      n.id,
      pid,
      o.fanoutTask,
      pid,
      n.id,
      pid,
      n.id,
      o.batch,
      o.at,
      pid,
      n.id,
      o.batch,
    ],
  );
  const r = rows[0] as { covered: number; inserted: number };
  return r;
}

/** The messages counted by status (index `messages_newsletter`). */
export function newsletterMessageCounts(
  q: Scoped,
  newsletterId: string,
): Promise<{ status: string; n: number }[]> {
  return q('messages')
    .where({ newsletter_id: newsletterId })
    .groupBy('status')
    .select('status', q.knex.raw('count(*)::int as n'));
}

/** One of the messages still waiting for delivery, if any. */
export function pendingNewsletterMessage(
  q: Scoped,
  newsletterId: string,
): Promise<{ id: string } | undefined> {
  return q('messages')
    .where({ newsletter_id: newsletterId })
    .whereIn('status', ['QUEUED', 'DEFERRED', 'SENDING'])
    .first('id');
}

/** The suppressed messages counted by reason (the error), most frequent first. */
export function suppressedReasons(
  q: Scoped,
  newsletterId: string,
): Promise<{ reason: string | null; n: string }[]> {
  return q('messages')
    .where({ newsletter_id: newsletterId, status: 'SUPPRESSED' })
    .groupBy('error')
    .select(q.knex.raw('error AS reason'), q.knex.raw('count(*) AS n'))
    .orderBy([
      { column: 'n', order: 'desc' },
      { column: 'reason', order: 'asc' },
    ]);
}

/** Recipients' "was this useful" answers on the issue's messages: yes and no counts. */
export async function newsletterFeedbackTotals(
  q: Scoped,
  newsletterId: string,
): Promise<{ yes: string | number; no: string | number } | undefined> {
  const [fb] = await q('message_feedback as f')
    .join('messages as m', function () {
      this.on('m.program_id', 'f.program_id').andOn('m.id', 'f.message_id');
    })
    .where('m.newsletter_id', newsletterId)
    .select(
      q.knex.raw('count(*) FILTER (WHERE f.useful) AS yes'),
      q.knex.raw('count(*) FILTER (WHERE NOT f.useful) AS no'),
    );
  return fb;
}

/** Unsubscribes by recipients of this issue, after it went out: how many customers. */
export async function newsletterUnsubscribes(
  q: Scoped,
  newsletterId: string,
): Promise<{ n: string } | undefined> {
  const [un] = await q('message_unsubscribes as u')
    .whereExists((s) =>
      s
        .from('messages as m')
        .where('m.program_id', q.programId)
        .whereRaw('m.customer_id = u.customer_id')
        .where('m.newsletter_id', newsletterId)
        .whereIn('m.status', ['SENT'])
        .whereRaw('u.at >= m.sent_at'),
    )
    .countDistinct<{ n: string }[]>('u.customer_id as n');
  return un;
}
