import { z } from 'zod';
import type { Resolvers } from '../../graphql/generated';
import { parseInput } from '../../shared/errors';
import { parsePage, toConnection } from '../../shared/pagination';
import { checkContent } from './content-check';
import {
  localOutbox,
  messagesByIds,
  messagesOfCustomer,
  messageTemplates,
  PreviewMessageTemplateInput,
  previewMessageTemplate,
  RecordInboundInput,
  recordInboundMessage,
  UpsertMessageTemplateInput,
  upsertMessageTemplate,
} from './messaging.service';
import {
  AudienceCountInput,
  audienceCount,
  CheckNewsletterContentInput,
  CreateNewsletterInput,
  checkNewsletterContent,
  createNewsletter,
  NewsletterPreviewInput,
  newsletterAudienceCount,
  newsletterById,
  newsletterPreview,
  newsletterProgress,
  newsletterReport,
  newsletterStatus,
  newsletters,
  SendNewsletterInput,
  sendNewsletter,
  UpdateNewsletterInput,
  updateNewsletter,
} from './newsletters.service';

const byQueued = (m: { queued_at: Date; id: string }): [Date, string] => [m.queued_at, m.id];

export const messagingResolvers: Resolvers = {
  Query: {
    messageTemplates: (_, args, ctx) => messageTemplates(ctx.rc, args.key),
    async localOutbox(_, args, ctx) {
      const page = parsePage(args);
      return toConnection(await localOutbox(ctx.rc.q, page), page, (m) => [m.sent_at!, m.id]);
    },
    async message(_, args, ctx) {
      const id = parseInput(z.uuid(), args.id, ['id']);
      return (await messagesByIds(ctx.rc.q, [id]))[0] ?? null;
    },
    newsletters: (_, __, ctx) => newsletters(ctx.rc),
    newsletterPreview: (_, { input }, ctx) =>
      newsletterPreview(ctx.rc, parseInput(NewsletterPreviewInput, input)),
    newsletterAudienceCount: (_, { input }, ctx) =>
      newsletterAudienceCount(ctx.rc, parseInput(AudienceCountInput, input)),
    async newsletter(_, args, ctx) {
      return (await newsletterById(ctx.rc.q, parseInput(z.uuid(), args.id, ['id']))) ?? null;
    },
  },
  Mutation: {
    upsertMessageTemplate: (_, { input }, ctx) =>
      upsertMessageTemplate(ctx.rc, parseInput(UpsertMessageTemplateInput, input)),
    previewMessageTemplate: (_, { input }, ctx) =>
      previewMessageTemplate(ctx.rc, parseInput(PreviewMessageTemplateInput, input)),
    async recordInboundMessage(_, { input }, ctx) {
      return (await ctx.loaders.customerById.load(
        await recordInboundMessage(ctx.rc, parseInput(RecordInboundInput, input)),
      ))!;
    },
    checkNewsletterContent: (_, { input }, ctx) =>
      checkNewsletterContent(ctx.rc, parseInput(CheckNewsletterContentInput, input)),
    createNewsletter: (_, { input }, ctx) =>
      createNewsletter(ctx.rc, parseInput(CreateNewsletterInput, input)),
    updateNewsletter: (_, { input }, ctx) =>
      updateNewsletter(ctx.rc, parseInput(UpdateNewsletterInput, input)),
    sendNewsletter: (_, { input }, ctx) => sendNewsletter(ctx.rc, parseInput(SendNewsletterInput, input)),
  },
  Customer: {
    async messages(c, args, ctx) {
      const page = parsePage(args);
      return toConnection(await messagesOfCustomer(ctx.rc.q, c.id, page), page, byQueued);
    },
  },
  Message: {
    templateKey: (m) => m.template_key,
    templateVersion: (m) => m.template_version,
    text: (m) => m.text_body,
    html: (m) => m.html_body,
    providerId: (m) => m.provider_id,
    dedupeKey: (m) => m.dedupe_key,
    queuedAt: (m) => m.queued_at,
    sendAfter: (m) => m.send_after,
    sentAt: (m) => m.sent_at,
  },
  MessageTemplate: {
    text: (t) => t.text_body,
    html: (t) => t.html_body,
    createdAt: (t) => t.created_at,
  },
  Newsletter: {
    status: (n, _, ctx) => newsletterStatus(ctx.rc, n),
    audienceCount: (n, _, ctx) => audienceCount(ctx.rc, n),
    contentCheck: (n) => checkContent({ subject: n.subject, body: n.body }),
    overrideReason: (n) => n.override_reason,
    scheduledAt: (n) => n.scheduled_at,
    report: (n, _, ctx) => newsletterReport(ctx.rc, n),
    progress: (n, _, ctx) => newsletterProgress(ctx.rc, n),
    createdAt: (n) => n.created_at,
  },
};
