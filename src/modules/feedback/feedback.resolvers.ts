import type { GraphQLContext } from '../../graphql/context';
import type { Resolvers } from '../../graphql/generated';
import { AppError, parseInput } from '../../shared/errors';
import { parsePage, toConnection } from '../../shared/pagination';
// The input schemas the mutations parse with (the service takes their types).
import * as inputs from './feedback.inputs';
import { feedbackItems, replyToFeedback, resolveFeedback, sendFeedback } from './inbox.service';
import { feedbackReport } from './reports.service';
import {
  getSurveySettings,
  listSurveys,
  pendingSurveys,
  submitSurveyResponse,
  updateSurveySettings,
} from './surveys.service';
import {
  assignFollowUpTask,
  commentOnFollowUpTask,
  followUpTaskCounts,
  followUpTasks,
  resolveFollowUpTask,
} from './tasks.service';

const byCreated = (r: { created_at: Date; id: string }): [Date, string] => [r.created_at, r.id];

async function customerOf(id: string, ctx: GraphQLContext) {
  const c = await ctx.loaders.customerById.load(id);
  if (!c) throw AppError.notFound('Customer');
  return c;
}

export const feedbackResolvers: Resolvers = {
  Query: {
    surveySettings: (_, __, ctx) => getSurveySettings(ctx.rc),
    async pendingSurveys(_, __, ctx) {
      const v = ctx.rc.viewer;
      return v?.kind === 'customer' ? pendingSurveys(ctx.rc.q, v.customerId) : [];
    },
    async surveyResponses(_, args, ctx) {
      const f = parseInput(inputs.SurveyFilter, args.filter ?? {}, ['filter']);
      const page = parsePage(args);
      const rows = await listSurveys(ctx.rc.q, f, page);
      return toConnection(rows, page, (s) => [s.sent_at, s.id]);
    },
    async followUpTasks(_, args, ctx) {
      const { page, rows } = followUpTasks(ctx.rc, args);
      return toConnection(await rows, page, byCreated);
    },
    followUpTaskCounts: (_, __, ctx) => followUpTaskCounts(ctx.rc),
    async feedbackItems(_, args, ctx) {
      const { page, rows } = feedbackItems(ctx.rc, args);
      return toConnection(await rows, page, byCreated);
    },
    feedbackReport: (_, args, ctx) => feedbackReport(ctx.rc, args),
  },
  Mutation: {
    updateSurveySettings: (_, { input }, ctx) =>
      updateSurveySettings(ctx.rc, parseInput(inputs.UpdateSurveySettingsInput, input)),
    submitSurveyResponse: (_, { input }, ctx) =>
      submitSurveyResponse(ctx.rc, parseInput(inputs.SubmitSurveyResponseInput, input)),
    assignFollowUpTask: (_, { input }, ctx) =>
      assignFollowUpTask(ctx.rc, parseInput(inputs.AssignFollowUpTaskInput, input)),
    commentOnFollowUpTask: (_, { input }, ctx) =>
      commentOnFollowUpTask(ctx.rc, parseInput(inputs.CommentOnFollowUpTaskInput, input)),
    resolveFollowUpTask: (_, { input }, ctx) =>
      resolveFollowUpTask(ctx.rc, parseInput(inputs.ResolveFollowUpTaskInput, input)),
    sendFeedback: (_, { input }, ctx) => sendFeedback(ctx.rc, parseInput(inputs.SendFeedbackInput, input)),
    replyToFeedback: (_, { input }, ctx) =>
      replyToFeedback(ctx.rc, parseInput(inputs.ReplyToFeedbackInput, input)),
    resolveFeedback: (_, { input }, ctx) =>
      resolveFeedback(ctx.rc, parseInput(inputs.ResolveFeedbackInput, input)),
  },
  SurveySettings: {
    askComment: (s) => s.ask_comment,
    delayMinutes: (s) => s.delay_minutes,
    samplePercent: (s) => s.sample_percent,
    minDaysBetween: (s) => s.min_days_between,
    callAfterDays: (s) => s.call_after_days,
    taskSlaHours: (s) => s.task_sla_hours,
    updatedAt: (s) => s.updated_at,
  },
  Survey: {
    customerId: (s) => s.customer_id,
    purchaseId: (s) => s.purchase_id,
    askComment: (s) => s.ask_comment,
    sentAt: (s) => s.sent_at,
    answeredAt: (s) => s.answered_at,
    customer: (s, _, ctx) => customerOf(s.customer_id, ctx),
  },
  FollowUpTask: {
    customer: (t, _, ctx) => customerOf(t.customer_id, ctx),
    purchaseId: (t) => t.purchase_id,
    surveyId: (t) => t.survey_id,
    assigneeId: (t) => t.assignee_id,
    dueAt: (t) => t.due_at,
    overdue: (t, _, ctx) => t.status === 'OPEN' && t.due_at < ctx.rc.clock.now(),
    createdAt: (t) => t.created_at,
    resolvedAt: (t) => t.resolved_at,
    comments: (t, _, ctx) => ctx.loaders.taskComments.load(t.id),
  },
  FollowUpComment: { createdAt: (c) => c.created_at },
  FeedbackItem: {
    customer: (f, _, ctx) => customerOf(f.customer_id, ctx),
    purchaseId: (f) => f.purchase_id,
    createdAt: (f) => f.created_at,
    firstResponseAt: (f) => f.first_response_at,
    firstResponseSeconds: (f) =>
      f.first_response_at
        ? Math.round((f.first_response_at.getTime() - f.created_at.getTime()) / 1000)
        : null,
    resolvedAt: (f) => f.resolved_at,
    replies: (f, _, ctx) => ctx.loaders.feedbackReplies.load(f.id),
  },
  FeedbackReply: {
    messageId: (r) => r.message_id,
    createdAt: (r) => r.created_at,
  },
};
