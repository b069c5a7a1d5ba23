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
