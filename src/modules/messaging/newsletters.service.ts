import { z } from 'zod';
import { type Scoped, scoped } from '../../db/scoped';
import type { JobDeps } from '../../jobs/job';
import { enqueue } from '../../jobs/outbox';
import type { RequestContext } from '../../shared/context';
import { AppError, parseInput } from '../../shared/errors';
import { DAY_MS } from '../../shared/time';
import { recordAudit } from '../audit/audit.service';
import { programOf } from '../programs/programs.service';
import { type ContentCheck, checkContent } from './content-check';
import { deliverNewsletterJob, newsletterFanoutJob } from './messaging.jobs-contract';
import { countMessage } from './messaging.metrics';
import { MESSAGE_STATUSES } from './messaging.repo';
import {
  type Audience,
  audienceQuery,
  insertFanOutBatch,
  insertNewsletter,
  listNewsletters,
  lockNewsletter,
  type NewsletterRow,
  newsletterById,
  newsletterFeedbackTotals,
  newsletterMessageCounts,
  newsletterUnsubscribes,
  pendingNewsletterMessage,
  suppressedReasons,
  updateNewsletterRow,
} from './newsletters.repo';
import { newsletterParts } from './newsletters.template';
import { type Rendered, renderDraft, SAMPLE_DATA, type TemplateData, validateTemplate } from './templates';

// Reads the API makes (resolvers call the service, never the repo).
export { newsletterById } from './newsletters.repo';

/** Sums the counts of the statuses named (from newsletterMessageCounts). */
const counter =
  (rows: { status: string; n: number }[]) =>
  (...statuses: string[]) =>
    rows.filter((r) => statuses.includes(r.status)).reduce((a, r) => a + r.n, 0);

/** Audience members per fan-out statement. */
export const FANOUT_BATCH = 5000;

export const CheckNewsletterContentInput = z.object({
  subject: z.string().max(300).nullish(),
  body: z.string().min(1).max(200_000),
});
export type CheckNewsletterContentInput = z.infer<typeof CheckNewsletterContentInput>;

export function checkNewsletterContent(
  _ctx: RequestContext,
  input: CheckNewsletterContentInput,
): ContentCheck {
  return checkContent(input);
}

export const NewsletterPreviewInput = z.object({
  title: z.string().max(200).nullish(),
  topic: z.string().max(50).nullish(),
  subject: z.string().min(1).max(300),
  body: z.string().min(1).max(200_000),
});
export type NewsletterPreviewInput = z.infer<typeof NewsletterPreviewInput>;

/**
 * A draft as a customer will get it, saved or not: the body with the usefulness question and
 * the unsubscribe links appended, rendered with sample data (a sample customer, this issue's
 * title and topic). Template errors are BAD_USER_INPUT on `input.subject` or `input.body`.
 */
export async function newsletterPreview(ctx: RequestContext, p: NewsletterPreviewInput): Promise<Rendered> {
  checkTemplate(p.subject, p.body);
  const program = await programOf(ctx.q);
  const data = {
    ...SAMPLE_DATA,
    program: { name: program.name, currency: program.currency },
    newsletter: {
      title: p.title ?? SAMPLE_DATA.newsletter.title,
      topic: p.topic ?? SAMPLE_DATA.newsletter.topic,
    },
  } as TemplateData;
  return renderDraft(newsletterParts(p), data, 'The newsletter does not render', (field) =>
    field === 'subject' ? 'subject' : 'body',
  );
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
export type CreateNewsletterInput = z.infer<typeof CreateNewsletterInput>;
export const UpdateNewsletterInput = z.object({
  newsletterId: z.uuid(),
  ...Object.fromEntries(Object.entries(Draft).map(([k, v]) => [k, v.optional()])),
} as { newsletterId: z.ZodUUID } & { [K in keyof typeof Draft]: z.ZodOptional<(typeof Draft)[K]> });
export type UpdateNewsletterInput = z.infer<typeof UpdateNewsletterInput>;

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

export async function createNewsletter(
  ctx: RequestContext,
  p: CreateNewsletterInput,
): Promise<NewsletterRow> {
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

export async function updateNewsletter(
  ctx: RequestContext,
  p: UpdateNewsletterInput,
): Promise<NewsletterRow> {
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

export const audienceCount = (ctx: RequestContext, n: NewsletterRow) =>
  countAudience(ctx.q, n, ctx.clock.now());

export const AudienceCountInput = z.object({ topic: topic.nullish(), audience: AudienceInput.nullish() });
export type AudienceCountInput = z.infer<typeof AudienceCountInput>;

/** How many customers an audience matches now, for a draft as it is being edited: nothing is written. */
export async function newsletterAudienceCount(ctx: RequestContext, p: AudienceCountInput): Promise<number> {
  return countAudience(ctx.q, { topic: p.topic ?? null, audience: toAudience(p.audience) }, ctx.clock.now());
}

async function countAudience(
  q: Scoped,
  n: Pick<NewsletterRow, 'audience' | 'topic'>,
  at: Date,
): Promise<number> {
  const [r] = await audienceQuery(q, n.audience, n.topic, at).count<{ n: string }[]>('* as n');
  return Number(r?.n ?? 0);
}

export const SendNewsletterInput = z.object({
  newsletterId: z.uuid(),
  /** Admins only: send although the content check blocks it; recorded in the audit log. */
  overrideReason: z.string().trim().min(5).max(500).nullish(),
  /** Later sending; the content check and audience are checked now and again never. */
  scheduledAt: z.date().nullish(),
});
export type SendNewsletterInput = z.infer<typeof SendNewsletterInput>;

/**
 * Starts sending: the content check must pass (or an admin overrides it with a reason), the
 * audience must not be empty, and the fan-out runs as jobs in batches.
 */
/**
 * The content check a newsletter must pass to be sent: one that reads as sales material is
 * refused unless an admin gives a reason to override it.
 */
function contentCheckPassed(
  ctx: RequestContext,
  n: NewsletterRow,
  overrideReason: string | null | undefined,
): ContentCheck {
  const check = checkContent({ subject: n.subject, body: n.body });
  if (check.blocked) {
    if (!overrideReason) {
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
  return check;
}

export async function sendNewsletter(ctx: RequestContext, p: SendNewsletterInput): Promise<NewsletterRow> {
  const at = ctx.clock.now();
  const later = p.scheduledAt && p.scheduledAt > at ? p.scheduledAt : null;
  if (later && later.getTime() - at.getTime() > 366 * DAY_MS)
    throw AppError.badInput([{ path: 'input.scheduledAt', message: 'At most a year ahead' }]);
  return ctx.q.transaction(async (q) => {
    const n = await lockNewsletter(q, p.newsletterId);
    if (!n) throw AppError.notFound('Newsletter');
    if (n.status !== 'DRAFT')
      throw AppError.badInput([{ path: 'input.newsletterId', message: `Already ${n.status.toLowerCase()}` }]);
    const check = contentCheckPassed(ctx, n, p.overrideReason);
    const count = await audienceCount({ ...ctx, q }, n);
    if (count === 0)
      throw AppError.badInput([{ path: 'input.newsletterId', message: 'The audience is empty' }]);
    const row = await updateNewsletterRow(
      q,
      n.id,
      {
        status: later ? 'SCHEDULED' : 'SENDING',
        audience_count: count,
        sales_score: check.salesScore,
        override_reason: check.blocked ? p.overrideReason! : null,
        override_by: check.blocked ? (ctx.actor.id ?? ctx.actor.kind) : null,
        scheduled_at: later ?? at,
      },
      at,
    );
    await enqueue(
      q,
      newsletterFanoutJob,
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
 * One batch of the fan-out, set-based: one statement takes the next FANOUT_BATCH audience
 * members by id and inserts their message rows (dedupe key per newsletter and customer, so a
 * re-run adds nobody twice), one delivery job for the batch, and either the job for the next
 * batch or the newsletter's end of fan-out. Returns how many audience members it covered.
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
      // Its audience as it is now: the fan-out's target, for progress.
      const count = await countAudience(trx, n, at);
      n = await updateNewsletterRow(trx, n.id, { status: 'SENDING', audience_count: count }, at, [
        'SCHEDULED',
      ]);
    }
    if (n?.status !== 'SENDING') return 0;
    const r = await insertFanOutBatch(trx, n, {
      after: p.after,
      at,
      batch: FANOUT_BATCH,
      deliverTask: deliverNewsletterJob.name,
      fanoutTask: newsletterFanoutJob.name,
    });
    if (r.inserted) countMessage('EMAIL', 'queued', r.inserted);
    return r.covered;
  });
}

export interface NewsletterProgress {
  /** The audience's size when sending started (null before). */
  audience: number | null;
  /** Messages the fan-out has created so far. */
  messages: number;
  /** Waiting or being sent: QUEUED (a retry too) and SENDING. */
  queued: number;
  /** Waiting for the end of the recipient's quiet hours. */
  deferred: number;
  delivered: number;
  suppressed: number;
  /** FAILED and DEAD. */
  failed: number;
  unknown: number;
  /** Every audience member has a message (the fan-out is over). */
  fannedOut: boolean;
}

/** One grouped read of the issue's messages (index `messages_newsletter`); cheap to poll. */
export async function newsletterProgress(ctx: RequestContext, n: NewsletterRow): Promise<NewsletterProgress> {
  const count = counter(await newsletterMessageCounts(ctx.q, n.id));
  return {
    audience: n.audience_count,
    messages: count(...MESSAGE_STATUSES),
    queued: count('QUEUED', 'SENDING'),
    deferred: count('DEFERRED'),
    delivered: count('SENT'),
    suppressed: count('SUPPRESSED'),
    failed: count('FAILED', 'DEAD'),
    unknown: count('UNKNOWN'),
    fannedOut: n.status === 'SENT',
  };
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
  const pending = await pendingNewsletterMessage(ctx.q, n.id);
  return pending ? 'SENDING' : 'SENT';
}

export async function newsletterReport(ctx: RequestContext, n: NewsletterRow): Promise<NewsletterReport> {
  const q = ctx.q;
  const count = counter(await newsletterMessageCounts(q, n.id));
  const reasons = count('SUPPRESSED') ? await suppressedReasons(q, n.id) : [];
  const fb = await newsletterFeedbackTotals(q, n.id);
  const un = await newsletterUnsubscribes(q, n.id);
  const yes = Number(fb?.yes ?? 0);
  const no = Number(fb?.no ?? 0);
  return {
    recipients: count(...MESSAGE_STATUSES),
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
