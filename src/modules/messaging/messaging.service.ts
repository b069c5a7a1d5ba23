import { z } from 'zod';
import type { Scoped } from '../../db/scoped';
import { enqueue } from '../../jobs/outbox';
import type { RequestContext } from '../../shared/context';
import { AppError, parseInput } from '../../shared/errors';
import { recordAudit } from '../audit/audit.service';
import { CHANNELS, type Channel, locale } from '../customers/customers.inputs';
import { contactFacts, requireCustomer } from '../customers/customers.service';
import { deliverMessageJob } from './messaging.jobs-contract';
import { countMessage } from './messaging.metrics';
import {
  inboundChannels,
  insertMessage,
  insertTemplateVersion,
  latestTemplates,
  listTemplates,
  type MessageRow,
  messageByDedupeKey,
  messagesByIds,
  recordInbound,
  type TemplateRow,
} from './messaging.repo';
import {
  type ChannelFacts,
  channelBlock,
  chooseChannel,
  MESSAGE_KINDS,
  type MessageKind,
  unreachableStatus,
} from './policy';
import {
  DEFAULT_TEMPLATES,
  renderDraft,
  SAMPLE_DATA,
  type TemplateData,
  validateTemplate,
} from './templates';

// Reads the API makes (resolvers call the service, never the repo).
export { localOutbox, messagesByIds, messagesOfCustomer } from './messaging.repo';

export interface QueueMessageRequest {
  customerId: string;
  kind: MessageKind;
  templateKey: string;
  /** Template variables beyond customer, program and links (purchase, reward, tier, points…). */
  data?: Record<string, unknown>;
  /** Unique per program: one thank-you per visit is `thanks:<purchaseId>`. A repeat is a no-op. */
  dedupeKey: string;
  /** Force a channel (a REPLY on the channel the customer used); else preferred allowed. */
  channel?: Channel;
  topic?: string | null;
  newsletterId?: string | null;
}

const QueueRequest = z.object({
  customerId: z.uuid(),
  kind: z.enum(MESSAGE_KINDS),
  templateKey: z.string().min(1).max(100),
  data: z.record(z.string(), z.unknown()).default({}),
  dedupeKey: z.string().min(1).max(200),
  channel: z.enum(CHANNELS).optional(),
  topic: z.string().max(50).nullish(),
  newsletterId: z.uuid().nullish(),
});

export function factsOf(
  f: NonNullable<Awaited<ReturnType<typeof contactFacts>>>,
  inbound: Channel[],
): ChannelFacts {
  return {
    consents: Object.fromEntries(f.consents.map((c) => [c.channel, c.state])),
    address: { EMAIL: f.customer.email, SMS: f.customer.phone, PUSH: f.customer.id },
    smsOnlyAfterInbound: f.prefs?.sms_only_after_inbound ?? true,
    inbound: Object.fromEntries(inbound.map((c) => [c, true])),
  };
}

export async function templateChannels(q: Scoped, key: string): Promise<Channel[]> {
  const saved = (await latestTemplates(q, key, CHANNELS)).map((t) => t.channel);
  const builtIn = Object.keys(DEFAULT_TEMPLATES[key] ?? {}) as Channel[];
  return [...new Set([...saved, ...builtIn])];
}

/**
 * Requests a message, inside the caller's transaction: writes the message row and an outbox
 * row, so the message exists exactly when the caller's change commits. The channel is the
 * customer's preferred allowed one now; consent, quiet hours and the contact budget are
 * checked again when it is sent. A repeated dedupe key returns the first message.
 */
export async function queueMessage(
  q: Scoped,
  at: Date,
  request: QueueMessageRequest,
): Promise<{ messageId: string; created: boolean; status: MessageRow['status'] }> {
  const r = parseInput(QueueRequest, request, []);
  const facts = await contactFacts(q, r.customerId);
  if (!facts) throw AppError.notFound('Customer');
  const channels = r.newsletterId ? (['EMAIL'] as Channel[]) : await templateChannels(q, r.templateKey);
  const f = factsOf(facts, await inboundChannels(q, r.customerId));
  const chosen = r.channel ?? chooseChannel(facts.prefs?.preferred_channel ?? null, f, channels);
  const channel = chosen ?? facts.prefs?.preferred_channel ?? channels[0] ?? 'EMAIL';
  // Nobody to reach, or nothing to send: recorded with the reason, never sent. Never thrown:
  // a missing template must not roll back the purchase that asked for the thank-you.
  let status: MessageRow['status'] = 'QUEUED';
  let error: string | null = null;
  if (!channels.length) {
    status = 'FAILED';
    error = `no template "${r.templateKey}"`;
  } else if (!chosen) {
    error = channelBlock(channel, f) ?? 'no channel with consent and an address';
    status = unreachableStatus(error);
  }
  const row = await insertMessage(
    q,
    {
      customer_id: r.customerId,
      channel,
      kind: r.kind,
      topic: r.topic ?? null,
      newsletter_id: r.newsletterId ?? null,
      template_key: r.templateKey,
      data: r.data,
      dedupe_key: r.dedupeKey,
      status,
      error,
    },
    at,
  );
  if (!row) {
    const first = (await messageByDedupeKey(q, r.dedupeKey))!;
    return { messageId: first.id, created: false, status: first.status };
  }
  if (row.status === 'QUEUED') {
    await enqueue(q, deliverMessageJob, { messageId: row.id }, { jobKey: `msg:${row.id}` });
    countMessage(row.channel, 'queued');
  } else {
    countMessage(row.channel, row.status === 'FAILED' ? 'failed' : 'suppressed');
  }
  return { messageId: row.id, created: true, status: row.status };
}

// --- templates ---------------------------------------------------------------------------

const templateKey = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9_.:-]+$/, 'Lower-case letters, digits and _ . : -');

export const UpsertMessageTemplateInput = z
  .object({
    key: templateKey,
    channel: z.enum(CHANNELS),
    locale: locale.default('en'),
    subject: z.string().min(1).max(300).nullish(),
    text: z.string().min(1).max(50_000),
    html: z.string().min(1).max(200_000).nullish(),
  })
  .refine((t) => t.channel !== 'EMAIL' || t.subject, { message: 'Email needs a subject', path: ['subject'] })
  .refine((t) => t.channel === 'EMAIL' || !t.html, { message: 'Only email has HTML', path: ['html'] });

/** Saves a new version; a template that does not parse or names an unknown variable is refused. */
export async function upsertMessageTemplate(
  ctx: RequestContext,
  t: UpsertMessageTemplateInput,
): Promise<TemplateRow> {
  const issues = validateTemplate(t);
  if (issues.length) throw AppError.badInput(issues, 'The template does not render');
  const at = ctx.clock.now();
  return ctx.q.transaction(async (q) => {
    const row = await insertTemplateVersion(
      q,
      {
        key: t.key,
        channel: t.channel,
        locale: t.locale,
        subject: t.subject ?? null,
        text_body: t.text,
        html_body: t.html ?? null,
      },
      at,
    );
    await recordAudit(q, ctx.actor, at, {
      action: 'template.save',
      targetType: 'message_template',
      targetId: row.id,
      details: { key: row.key, channel: row.channel, locale: row.locale, version: row.version },
    });
    return row;
  });
}

export function messageTemplates(
  ctx: RequestContext,
  key: string | null | undefined,
): Promise<TemplateRow[]> {
  return listTemplates(ctx.q, key ?? null);
}

export const PreviewMessageTemplateInput = z.object({
  subject: z.string().max(300).nullish(),
  text: z.string().min(1).max(50_000),
  html: z.string().max(200_000).nullish(),
  data: z
    .string()
    .max(50_000)
    .transform((s, ctx) => {
      try {
        const v = JSON.parse(s);
        if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
      } catch {}
      ctx.addIssue({ code: 'custom', message: 'A JSON object' });
      return z.NEVER;
    })
    .nullish(),
});
export type PreviewMessageTemplateInput = z.infer<typeof PreviewMessageTemplateInput>;
export type UpsertMessageTemplateInput = z.infer<typeof UpsertMessageTemplateInput>;

/** Renders with the documented sample data (and any overrides), strictly, as saving would. */
export function previewMessageTemplate(_ctx: RequestContext, t: PreviewMessageTemplateInput) {
  const issues = validateTemplate(t);
  if (issues.length) throw AppError.badInput(issues, 'The template does not render');
  // The sample passes validation; the caller's own `data` may push a part over a bound.
  const data = { ...SAMPLE_DATA, ...(t.data ?? {}) } as TemplateData;
  return renderDraft(t, data, 'The template does not render');
}

// --- inbound -----------------------------------------------------------------------------

export const RecordInboundInput = z.object({ customerId: z.uuid(), channel: z.enum(CHANNELS) });
export type RecordInboundInput = z.infer<typeof RecordInboundInput>;

/** The customer contacted us (texted the shop): from then on SMS is allowed when consented. */
export async function recordInboundMessage(ctx: RequestContext, p: RecordInboundInput): Promise<string> {
  const at = ctx.clock.now();
  await ctx.q.transaction(async (q) => {
    await requireCustomer({ ...ctx, q }, p.customerId);
    await recordInbound(q, p.customerId, p.channel, at);
  });
  return p.customerId;
}

/** For other modules: whether each message actually went out (a survey nobody received is not "unanswered"). */
export async function sentMessageIds(q: Scoped, ids: readonly string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await messagesByIds(q, ids);
  return new Set(rows.filter((m) => m.status === 'SENT').map((m) => m.id));
}
