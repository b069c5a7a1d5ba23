import { z } from 'zod';
import { DAY_MS } from '../../shared/time';
import { CHANNELS } from '../customers/customers.inputs';

export const SCALES = ['CSAT', 'NPS'] as const;
export type Scale = (typeof SCALES)[number];
export const SCALE_RANGE: Record<Scale, [number, number]> = { CSAT: [1, 5], NPS: [0, 10] };
/** Detractors (NPS 0–6) and the unhappy (CSAT 1–2) get a person's attention. */
export const isLowScore = (scale: Scale, score: number) => score <= (scale === 'CSAT' ? 2 : 6);

export const UpdateSurveySettingsInput = z.object({
  enabled: z.boolean(),
  scale: z.enum(SCALES),
  askComment: z.boolean().default(true),
  delayMinutes: z.number().int().min(0).max(43_200).default(120),
  samplePercent: z.number().int().min(0).max(100).default(100),
  minDaysBetween: z.number().int().min(0).max(365).default(30),
  channel: z.enum(CHANNELS).nullish(),
  callAfterDays: z.number().int().min(1).max(90).default(3),
  taskSlaHours: z.number().int().min(1).max(720).default(24),
});
export type UpdateSurveySettingsInput = z.infer<typeof UpdateSurveySettingsInput>;

/** The score's range depends on the survey's scale, checked once the survey is known. */
export const SurveyAnswer = z.object({
  // Form fields arrive as strings: '' is "not chosen", never 0.
  score: z.preprocess(
    (v) => (v === '' || v == null ? undefined : typeof v === 'string' ? Number(v) : v),
    z.number({ error: 'Choose a score' }).int('A whole number'),
  ),
  // Blank is "no comment"; plain text, stored as typed and escaped wherever shown.
  comment: z
    .string()
    .max(2000, 'At most 2000 characters')
    .transform((c) => c.trim() || null)
    .nullish(),
});
export type SurveyAnswer = z.infer<typeof SurveyAnswer>;

export const SubmitSurveyResponseInput = SurveyAnswer.extend({ surveyId: z.uuid(), score: z.number().int() });
export type SubmitSurveyResponseInput = z.infer<typeof SubmitSurveyResponseInput>;

const taskId = z.uuid();
export const AssignFollowUpTaskInput = z.object({
  taskId,
  assigneeId: z.uuid('Not an id').nullish(),
  assignee: z.string().trim().min(1).max(100).nullish(),
});
export type AssignFollowUpTaskInput = z.infer<typeof AssignFollowUpTaskInput>;
export const CommentOnFollowUpTaskInput = z.object({ taskId, body: z.string().trim().min(1).max(2000) });
export type CommentOnFollowUpTaskInput = z.infer<typeof CommentOnFollowUpTaskInput>;
export const ResolveFollowUpTaskInput = z.object({ taskId, outcome: z.string().trim().min(1).max(2000) });
export type ResolveFollowUpTaskInput = z.infer<typeof ResolveFollowUpTaskInput>;
export const TASK_KINDS = ['LOW_SCORE', 'CALL_CUSTOMER', 'RULE'] as const;
export const TASK_STATUSES = ['OPEN', 'RESOLVED'] as const;
export const FollowUpTaskFilter = z.object({
  status: z.enum(TASK_STATUSES).nullish(),
  kind: z.enum(TASK_KINDS).nullish(),
  overdue: z.boolean().nullish(),
  assignee: z.string().max(100).nullish(),
  assigneeId: z.uuid().nullish(),
  customerId: z.uuid().nullish(),
});

export const SurveyFilter = z.object({
  answered: z.boolean().nullish(),
  customerId: z.uuid().nullish(),
});

export const SendFeedbackInput = z.object({
  topic: z.string().trim().min(1).max(50),
  message: z.string().trim().min(1).max(5000),
  purchaseId: z.uuid().nullish(),
});
export type SendFeedbackInput = z.infer<typeof SendFeedbackInput>;
export const ReplyToFeedbackInput = z.object({
  feedbackId: z.uuid(),
  body: z.string().trim().min(1).max(5000),
});
export type ReplyToFeedbackInput = z.infer<typeof ReplyToFeedbackInput>;
export const ResolveFeedbackInput = z.object({ feedbackId: z.uuid() });
export type ResolveFeedbackInput = z.infer<typeof ResolveFeedbackInput>;
export const FeedbackFilter = z.object({
  status: z.enum(TASK_STATUSES).nullish(),
  topic: z.string().max(50).nullish(),
  customerId: z.uuid().nullish(),
});

export const FeedbackReportInput = z
  .object({ from: z.date(), to: z.date() })
  .refine((r) => r.from < r.to, { message: 'from must be before to', path: ['to'] })
  .refine((r) => r.to.getTime() - r.from.getTime() <= 366 * DAY_MS, {
    message: 'At most a year',
    path: ['to'],
  });
