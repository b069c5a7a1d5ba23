import type { RequestContext } from '../../shared/context';
import { AppError, parseInput } from '../../shared/errors';
import { parsePage } from '../../shared/pagination';
import { recordAudit } from '../audit/audit.service';
import { authorOf } from '../auth/viewer';
import { raise } from '../events/events';
import { queueMessage } from '../messaging/messaging.service';
import { purchaseOfCustomer } from '../purchases/purchases.service';
import {
  FeedbackFilter,
  type ReplyToFeedbackInput,
  type ResolveFeedbackInput,
  type SendFeedbackInput,
} from './feedback.inputs';
import {
  type FeedbackRow,
  insertFeedback,
  insertReply,
  listFeedback,
  lockFeedback,
  type ReplyRow,
  setReplyMessage,
  updateFeedback,
} from './feedback.repo';

/** From the app, at any time. A purchase that is not the customer's own is NOT_FOUND. */
export async function sendFeedback(ctx: RequestContext, p: SendFeedbackInput): Promise<FeedbackRow> {
  const viewer = ctx.viewer;
  if (viewer?.kind !== 'customer') throw AppError.forbidden('Feedback comes from the customer’s app');
  const at = ctx.clock.now();
  return ctx.q.transaction(async (q) => {
    if (p.purchaseId && !(await purchaseOfCustomer(q, p.purchaseId, viewer.customerId)))
      throw AppError.notFound('Purchase');
    const row = await insertFeedback(q, {
      customer_id: viewer.customerId,
      purchase_id: p.purchaseId ?? null,
      topic: p.topic,
      message: p.message,
      created_at: at,
    });
    await raise(q, at, ['feedback.received', { customerId: row.customer_id, feedbackId: row.id }]);
    return row;
  });
}

export function feedbackItems(ctx: RequestContext, args: Record<string, unknown>) {
  const f = parseInput(FeedbackFilter, args.filter ?? {}, ['filter']);
  const page = parsePage(args);
  // A session sees only its own items.
  const customerId = ctx.viewer?.kind === 'customer' ? ctx.viewer.customerId : f.customerId;
  return { page, rows: listFeedback(ctx.q, { ...f, customerId }, page) };
}

/** A short reference in the subject keeps a mail client's thread together. */
export const threadSubject = (f: FeedbackRow) => `Re: ${f.topic} [#${f.id.slice(0, 8)}]`;

/**
 * Staff answer through the customer's preferred allowed channel (messaging decides, as a
 * REPLY: never held back by the contact budget). The first reply stamps the first-response time.
 */
export async function replyToFeedback(ctx: RequestContext, p: ReplyToFeedbackInput): Promise<ReplyRow> {
  const at = ctx.clock.now();
  return ctx.q.transaction(async (q) => {
    const f = await lockFeedback(q, p.feedbackId);
    if (!f) throw AppError.notFound('Feedback');
    const reply = await insertReply(q, {
      feedback_id: f.id,
      body: p.body,
      author: authorOf(ctx.actor),
      created_at: at,
    });
    if (!f.first_response_at) await updateFeedback(q, f.id, { first_response_at: at });
    const m = await queueMessage(q, at, {
      customerId: f.customer_id,
      kind: 'REPLY',
      templateKey: 'reply',
      data: { reply: { subject: threadSubject(f), body: p.body } },
      dedupeKey: `reply:${reply.id}`,
    });
    await setReplyMessage(q, reply.id, m.messageId);
    await recordAudit(q, ctx.actor, at, {
      action: 'feedback.reply',
      targetType: 'feedback',
      targetId: f.id,
      details: { replyId: reply.id, messageId: m.messageId },
    });
    return { ...reply, message_id: m.messageId };
  });
}

export async function resolveFeedback(ctx: RequestContext, p: ResolveFeedbackInput): Promise<FeedbackRow> {
  const at = ctx.clock.now();
  return ctx.q.transaction(async (q) => {
    const f = await lockFeedback(q, p.feedbackId);
    if (!f) throw AppError.notFound('Feedback');
    if (f.status === 'RESOLVED') return f;
    const row = await updateFeedback(q, f.id, { status: 'RESOLVED', resolved_at: at });
    await recordAudit(q, ctx.actor, at, {
      action: 'feedback.resolve',
      targetType: 'feedback',
      targetId: f.id,
    });
    return row;
  });
}
