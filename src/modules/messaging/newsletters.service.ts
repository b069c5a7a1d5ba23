import type { Knex } from 'knex';
import { z } from 'zod';
import { scoped } from '../../db/scoped';
import type { JobDeps } from '../../jobs/job';
import { outbox, outboxMany } from '../../jobs/outbox';
import type { RequestContext } from '../../shared/context';
import { AppError, parseInput } from '../../shared/errors';
import { recordAudit } from '../audit/audit.repo';
import { findProgramById } from '../programs/programs.repo';
import { type ContentCheck, checkContent } from './content-check';
import { countMessage } from './messaging.metrics';
import { DELIVER_TASK } from './messaging.service';
import {
  type Audience,
  audienceQuery,
  insertNewsletter,
  listNewsletters,
  type NewsletterRow,
  newsletterById,
  updateNewsletterRow,
} from './newsletters.repo';
import { newsletterParts } from './newsletters.template';
import {
  type Rendered,
  renderTemplate,
  SAMPLE_DATA,
  type TemplateData,
  TemplateRenderError,
  validateTemplate,
} from './templates';

export const FANOUT_TASK = 'newsletter_fanout';
export const FANOUT_BATCH = 500;

export const CheckNewsletterContentInput = z.object({
  subject: z.string().max(300).nullish(),
  body: z.string().min(1).max(200_000),
});

export function checkNewsletterContent(_ctx: RequestContext, input: unknown): ContentCheck {
  return checkContent(parseInput(CheckNewsletterContentInput, input));
}

const NewsletterPreviewInput = z.object({
  title: z.string().max(200).nullish(),
  topic: z.string().max(50).nullish(),
  subject: z.string().min(1).max(300),
  body: z.string().min(1).max(200_000),
});

/**
 * A draft as a customer will get it, saved or not: the body with the usefulness question and
 * the unsubscribe links appended, rendered with sample data (a sample customer, this issue's
 * title and topic). Template errors are BAD_USER_INPUT on `input.subject` or `input.body`.
 */
export async function newsletterPreview(ctx: RequestContext, input: unknown): Promise<Rendered> {
  const p = parseInput(NewsletterPreviewInput, input);
  checkTemplate(p.subject, p.body);
  const program = await findProgramById(ctx.q.knex as Knex, ctx.programId);
  const data = {
    ...SAMPLE_DATA,
    program: program ? { name: program.name, currency: program.currency } : SAMPLE_DATA.program,
    newsletter: {
      title: p.title ?? SAMPLE_DATA.newsletter.title,
      topic: p.topic ?? SAMPLE_DATA.newsletter.topic,
    },
  } as TemplateData;
  try {
    return renderTemplate(newsletterParts(p), data);
  } catch (e) {
    if (!(e instanceof TemplateRenderError)) throw e;
    const field = e.field === 'subject' ? 'subject' : 'body';
    throw AppError.badInput(
      [{ path: `input.${field}`, message: e.reason }],
      'The newsletter does not render',
    );
  }
}

const topic = z.string().trim().min(1).max(50);
const AudienceInput = z.object({
  minPurchases: z.number().int().min(0).max(10_000).default(1),
  purchasedWithinDays: z.number().int().min(1).max(3650).nullish(),
  topicSubscribersOnly: z.boolean().default(true),
});

const Draft = {
  title: z.string().trim().min(1).max(200),
  topic: topic.nullish(),
  subject: z.string().trim().min(1).max(300),
  body: z.string().min(1).max(200_000),
  audience: AudienceInput.nullish(),
};
export const CreateNewsletterInput = z.object(Draft);
export const UpdateNewsletterInput = z.object({
  newsletterId: z.uuid(),
  ...Object.fromEntries(Object.entries(Draft).map(([k, v]) => [k, v.optional()])),
} as { newsletterId: z.ZodUUID } & { [K in keyof typeof Draft]: z.ZodOptional<(typeof Draft)[K]> });

function checkTemplate(subject: string | undefined, body: string | undefined) {
  const issues = validateTemplate({ subject, text: body ?? 'x', html: null });
  if (issues.length)
    throw AppError.badInput(issues.map((i) => ({ ...i, path: i.path.replace('.text', '.body') })));
}

function toAudience(a: z.infer<typeof AudienceInput> | null | undefined): Audience {
  const p = AudienceInput.parse(a ?? {});
  return {
    minPurchases: p.minPurchases,
    purchasedWithinDays: p.purchasedWithinDays ?? null,
    topicSubscribersOnly: p.topicSubscribersOnly,
  };
}

export async function createNewsletter(ctx: RequestContext, input: unknown): Promise<NewsletterRow> {
  const p = parseInput(CreateNewsletterInput, input);
  checkTemplate(p.subject, p.body);
  const at = ctx.clock.now();
  return ctx.q.transaction(async (q) => {
    const row = await insertNewsletter(
      q,
      {
        title: p.title,
        topic: p.topic ?? null,
        subject: p.subject,
        body: p.body,
        audience: toAudience(p.audience),
      },
      at,
    );
    await recordAudit(q, ctx.actor, at, {
      action: 'newsletter.create',
      targetType: 'newsletter',
      targetId: row.id,
    });
    return row;
  });
}

export async function updateNewsletter(ctx: RequestContext, input: unknown): Promise<NewsletterRow> {
  const p = parseInput(UpdateNewsletterInput, input);
  checkTemplate(p.subject, p.body);
  const at = ctx.clock.now();
  const fields: Partial<NewsletterRow> = {};
  if (p.title !== undefined) fields.title = p.title;
  if (p.topic !== undefined) fields.topic = p.topic ?? null;
  if (p.subject !== undefined) fields.subject = p.subject;
  if (p.body !== undefined) fields.body = p.body;
  if (p.audience !== undefined) fields.audience = toAudience(p.audience);
  const row = await updateNewsletterRow(ctx.q, p.newsletterId, fields, at, ['DRAFT']);
  if (!row) {
    if (await newsletterById(ctx.q, p.newsletterId))
      throw AppError.badInput([{ path: 'input.newsletterId', message: 'Only a draft can be edited' }]);
    throw AppError.notFound('Newsletter');
  }
  return row;
}

export async function requireNewsletter(ctx: RequestContext, id: string): Promise<NewsletterRow> {
  const n = await newsletterById(ctx.q, parseInput(z.uuid(), id, ['id']));
  if (!n) throw AppError.notFound('Newsletter');
  return n;
}

export const newsletters = (ctx: RequestContext) => listNewsletters(ctx.q);

export async function audienceCount(ctx: RequestContext, n: NewsletterRow): Promise<number> {
  const [r] = await audienceQuery(ctx.q, n.audience, n.topic, ctx.clock.now()).count<{ n: string }[]>(
    '* as n',
  );
  return Number(r?.n ?? 0);
}

const SendNewsletterInput = z.object({
  newsletterId: z.uuid(),
  /** Admins only: send although the content check blocks it; recorded in the audit log. */
  overrideReason: z.string().trim().min(5).max(500).nullish(),
  /** Later sending; the content check and audience are checked now and again never. */
  scheduledAt: z.date().nullish(),
});

/**
 * Starts sending: the content check must pass (or an admin overrides it with a reason), the
 * audience must not be empty, and the fan-out runs as jobs in batches.
 */
export async function sendNewsletter(ctx: RequestContext, input: unknown): Promise<NewsletterRow> {
  const p = parseInput(SendNewsletterInput, input);
  const at = ctx.clock.now();
  const later = p.scheduledAt && p.scheduledAt > at ? p.scheduledAt : null;
  if (later && later.getTime() - at.getTime() > 366 * 86_400_000)
    throw AppError.badInput([{ path: 'input.scheduledAt', message: 'At most a year ahead' }]);
  return ctx.q.transaction(async (q) => {
    const n = await q('newsletters')
      .where({ id: p.newsletterId })
      .forUpdate()
      .first<NewsletterRow | undefined>();
    if (!n) throw AppError.notFound('Newsletter');
    if (n.status !== 'DRAFT')
      throw AppError.badInput([{ path: 'input.newsletterId', message: `Already ${n.status.toLowerCase()}` }]);
    const check = checkContent({ subject: n.subject, body: n.body });
    if (check.blocked) {
      if (!p.overrideReason) {
        throw AppError.badInput(
          [
            {
              path: 'input.newsletterId',
              message: `Reads as sales material (score ${check.salesScore}): ${check.findings.map((f) => `"${f.phrase}" (${f.reason})`).join(', ')}`,
            },
          ],
          'The newsletter reads as sales material',
        );
      }
      if (ctx.viewer?.role !== 'admin')
        throw AppError.forbidden('Only an admin may override the content check');
    }
    const count = await audienceCount({ ...ctx, q }, n);
    if (count === 0)
      throw AppError.badInput([{ path: 'input.newsletterId', message: 'The audience is empty' }]);
    const row = await updateNewsletterRow(
      q,
      n.id,
      {
        status: later ? 'SCHEDULED' : 'SENDING',
        sales_score: check.salesScore,
        override_reason: check.blocked ? p.overrideReason! : null,
        override_by: check.blocked ? (ctx.actor.id ?? ctx.actor.kind) : null,
        scheduled_at: later ?? at,
      },
      at,
    );
    await outbox(
      q,
      FANOUT_TASK,
      { newsletterId: n.id, after: null },
      { jobKey: `nl:${n.id}:start`, ...(later ? { runAt: later } : {}) },
    );
    await recordAudit(q, ctx.actor, at, {
      action: 'newsletter.send',
      targetType: 'newsletter',
      targetId: n.id,
      details: {
        audience: count,
        salesScore: check.salesScore,
        override: check.blocked ? p.overrideReason : null,
      },
    });
    return row!;
  });
}

/**
 * One batch of the fan-out: the next FANOUT_BATCH audience members by id, one message row
 * each (dedupe key per newsletter and customer, so a re-run adds nobody twice) plus their
 * delivery jobs, and the job for the next batch, all in one transaction.
 */
export async function fanOutBatch(
  deps: JobDeps,
  p: { programId: string; newsletterId: string; after: string | null },
): Promise<number> {
  const q = scoped(deps.db, p.programId);
  const at = deps.clock.now();
  return q.transaction(async (trx) => {
    let n = await newsletterById(trx, p.newsletterId);
    if (n?.status === 'SCHEDULED' && !p.after && n.scheduled_at && n.scheduled_at <= at) {
      n = await updateNewsletterRow(trx, n.id, { status: 'SENDING' }, at, ['SCHEDULED']);
    }
    if (n?.status !== 'SENDING') return 0;
    const query = audienceQuery(trx, n.audience, n.topic, at)
      .select('c.id')
      .orderBy('c.id')
      .limit(FANOUT_BATCH);
    if (p.after) query.where('c.id', '>', p.after);
    const ids: string[] = (await query).map((r: { id: string }) => r.id);
    if (ids.length) {
      const rows = ids.map((customerId) => ({
        customer_id: customerId,
        channel: 'EMAIL',
        kind: 'NEWSLETTER',
        // The topic gates sending (and its unsubscribe link) only when the audience is its subscribers.
        topic: n.audience.topicSubscribersOnly ? n.topic : null,
        newsletter_id: n.id,
        template_key: `newsletter:${n.id}`,
        data: JSON.stringify({ newsletter: { title: n.title, topic: n.topic } }),
        status: 'QUEUED',
        dedupe_key: `nl:${n.id}:${customerId}`,
        queued_at: at,
        updated_at: at,
      }));
      const inserted: { id: string }[] = await trx
        .insert('messages', rows)
        .onConflict(['program_id', 'dedupe_key'])
        .ignore()
        .returning('id');
      await outboxMany(
        trx,
        DELIVER_TASK,
        inserted.map((r) => ({ messageId: r.id })),
      );
      countMessage('EMAIL', 'queued', inserted.length);
    }
    if (ids.length === FANOUT_BATCH) {
      await outbox(
        trx,
        FANOUT_TASK,
        { newsletterId: n.id, after: ids.at(-1)! },
        { jobKey: `nl:${n.id}:${ids.at(-1)}` },
      );
    } else {
      await updateNewsletterRow(trx, n.id, { status: 'SENT' }, at, ['SENDING']);
    }
    return ids.length;
  });
}

export interface NewsletterReport {
  recipients: number;
  sent: number;
  failed: number;
  deferred: number;
  suppressed: number;
  suppressedByReason: { reason: string; count: number }[];
  unsubscribes: number;
  feedbackYes: number;
  feedbackNo: number;
  usefulRate: number | null;
}

/**
 * The status as reported: the fan-out marks a newsletter SENT once every recipient has a
 * message, but it is SENDING for as long as any of those messages still waits for delivery
 * (a worker died holding them, the provider is slow).
 */
export async function newsletterStatus(
  ctx: RequestContext,
  n: NewsletterRow,
): Promise<NewsletterRow['status']> {
  if (n.status !== 'SENT') return n.status;
  const pending = await ctx
    .q('messages')
    .where({ newsletter_id: n.id })
    .whereIn('status', ['QUEUED', 'DEFERRED', 'SENDING'])
    .first('id');
  return pending ? 'SENDING' : 'SENT';
}

export async function newsletterReport(ctx: RequestContext, n: NewsletterRow): Promise<NewsletterReport> {
  const q = ctx.q;
  const byStatus: { status: string; n: string }[] = await q('messages')
    .where({ newsletter_id: n.id })
    .groupBy('status')
    .select('status', q.knex.raw('count(*) as n'));
  const count = (...s: string[]) =>
    byStatus.filter((r) => s.includes(r.status)).reduce((a, r) => a + Number(r.n), 0);
  const reasons: { reason: string | null; n: string }[] = count('SUPPRESSED')
    ? await q('messages')
        .where({ newsletter_id: n.id, status: 'SUPPRESSED' })
        .groupBy('error')
        .select(q.knex.raw('error AS reason'), q.knex.raw('count(*) AS n'))
        .orderBy([
          { column: 'n', order: 'desc' },
          { column: 'reason', order: 'asc' },
        ])
    : [];
  const [fb] = await q('message_feedback as f')
    .join('messages as m', function () {
      this.on('m.program_id', 'f.program_id').andOn('m.id', 'f.message_id');
    })
    .where('m.newsletter_id', n.id)
    .select(
      q.knex.raw('count(*) FILTER (WHERE f.useful) AS yes'),
      q.knex.raw('count(*) FILTER (WHERE NOT f.useful) AS no'),
    );
  // Unsubscribes by recipients of this issue, after it went out.
  const [un] = await q('message_unsubscribes as u')
    .whereExists((s) =>
      s
        .from('messages as m')
        .where('m.program_id', q.programId)
        .whereRaw('m.customer_id = u.customer_id')
        .where('m.newsletter_id', n.id)
        .whereIn('m.status', ['SENT'])
        .whereRaw('u.at >= m.sent_at'),
    )
    .countDistinct<{ n: string }[]>('u.customer_id as n');
  const yes = Number(fb?.yes ?? 0);
  const no = Number(fb?.no ?? 0);
  return {
    recipients: count(
      ...['QUEUED', 'DEFERRED', 'SENDING', 'SENT', 'FAILED', 'SUPPRESSED', 'DEAD', 'UNKNOWN'],
    ),
    sent: count('SENT'),
    failed: count('FAILED', 'DEAD'),
    deferred: count('DEFERRED'),
    suppressed: count('SUPPRESSED'),
    suppressedByReason: reasons.map((r) => ({ reason: r.reason ?? 'unknown', count: Number(r.n) })),
    unsubscribes: Number(un?.n ?? 0),
    feedbackYes: yes,
    feedbackNo: no,
    usefulRate: yes + no ? Math.round((yes / (yes + no)) * 1000) / 1000 : null,
  };
}
