/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type AcceptStaffInvitationInput = {
  name: string;
  /** At least 12 characters, not the email address. */
  password: string;
  /** The token from the emailed link (…/console/accept?token=…). */
  token: string;
};

export type AddCustomerNoteInput = {
  /** 1–2000 characters of plain text. */
  body: string;
  customerId: string;
  pinned?: boolean | null | undefined;
};

export type AdjustPointsInput = {
  customerId: string;
  idempotencyKey: string;
  /** Signed, not zero. A negative adjustment may not take available below zero. */
  points: number;
  reason: string;
};

export type ArchiveTierInput = {
  id: string;
  /** Where the tier's holders move; required when anyone holds it. */
  moveHoldersTo?: string | null | undefined;
};

export type AssignFollowUpTaskInput = {
  /** A name alone, for a team without console accounts. Both null unassigns. */
  assignee?: string | null | undefined;
  /** The colleague (an active staff user of the program, see followUpAssignees): their id and name are stored. Takes the place of assignee. */
  assigneeId?: string | null | undefined;
  taskId: string;
};

export type Channel =
  | 'EMAIL'
  | 'PUSH'
  | 'SMS';

export type CheckNewsletterContentInput = {
  /** The template source, text or HTML. */
  body: string;
  subject?: string | null | undefined;
};

export type CommentOnFollowUpTaskInput = {
  body: string;
  taskId: string;
};

export type ConsentState =
  | 'DENIED'
  | 'GRANTED'
  | 'UNKNOWN';

export type CreateNewsletterInput = {
  audience?: NewsletterAudienceInput | null | undefined;
  /** Liquid template (HTML); a usefulness question and unsubscribe links are appended. */
  body: string;
  subject: string;
  title: string;
  topic?: string | null | undefined;
};

export type CreateRewardRuleInput = {
  definition: unknown;
  label: string;
  name: string;
};

export type CreateTierInput = {
  benefits?: string | null | undefined;
  /** Default 100 (1x). */
  earnMultiplierPercent?: number | null | undefined;
  metric: TierMetric;
  name: string;
  rank: number;
  threshold: number;
  welcomeCatalogItemId?: string | null | undefined;
  window: TierWindowInput;
};

export type DeleteTierInput = {
  id: string;
};

export type FeedbackFilter = {
  /** One customer's items (staff; a customer session sees only its own anyway). */
  customerId?: string | null | undefined;
  status?: FollowUpStatus | null | undefined;
  topic?: string | null | undefined;
};

export type FollowUpStatus =
  | 'OPEN'
  | 'RESOLVED';

export type FollowUpTaskFilter = {
  assignee?: string | null | undefined;
  /** Assigned to this staff user (assignFollowUpTask's assigneeId). */
  assigneeId?: string | null | undefined;
  /** One customer's tasks. */
  customerId?: string | null | undefined;
  kind?: FollowUpTaskKind | null | undefined;
  /** Open and past due. */
  overdue?: boolean | null | undefined;
  status?: FollowUpStatus | null | undefined;
};

export type FollowUpTaskKind =
  | 'CALL_CUSTOMER'
  | 'LOW_SCORE'
  /** Made by a reward rule's CREATE_TASK action; its title says what to do. */
  | 'RULE';

export type InviteStaffInput = {
  email: string;
  name?: string | null | undefined;
  role: StaffRole;
};

export type LedgerKind =
  | 'ADJUST'
  | 'BONUS'
  | 'EARN'
  | 'EXPIRE'
  | 'REDEEM'
  | 'REVERSAL';

export type MessageKind =
  | 'NEWSLETTER'
  | 'NOTICE'
  | 'REPLY'
  | 'SURVEY'
  | 'THANK_YOU';

export type MessageStatus =
  /** Gave up after the maximum number of attempts (the dead letter). */
  | 'DEAD'
  /** Held by quiet hours until sendAfter. */
  | 'DEFERRED'
  /** Failed for good (no address, rejected recipient, no template). */
  | 'FAILED'
  | 'QUEUED'
  /** Claimed by a delivery job; leaves this state once. */
  | 'SENDING'
  | 'SENT'
  /** Not sent on purpose: no consent, unsubscribed, cap or contact budget. */
  | 'SUPPRESSED'
  /**
   * Outcome unknown: handed to the provider, but the connection dropped (or the sender stopped)
   * before it answered. It may have arrived; it is never sent again. error says why.
   */
  | 'UNKNOWN';

/** A draft's audience, saved or not, to count (newsletterAudienceCount). */
export type NewsletterAudienceCountInput = {
  audience?: NewsletterAudienceInput | null | undefined;
  /** The draft's topic, as in CreateNewsletterInput: with topicSubscribersOnly, only its subscribers count. */
  topic?: string | null | undefined;
};

export type NewsletterAudienceInput = {
  /** Returning customers: at least this many purchases (default 1). */
  minPurchases?: number | null | undefined;
  /** And a purchase within this many days. */
  purchasedWithinDays?: number | null | undefined;
  /** Only customers subscribed to the newsletter's topic (default true). */
  topicSubscribersOnly?: boolean | null | undefined;
};

export type NewsletterPreviewInput = {
  /** Liquid template (HTML), as in CreateNewsletterInput. */
  body: string;
  subject: string;
  title?: string | null | undefined;
  topic?: string | null | undefined;
};

export type NewsletterStatus =
  | 'DRAFT'
  | 'SCHEDULED'
  /** Being fanned out, or some of its messages are still waiting for delivery. */
  | 'SENDING'
  /** Every recipient's message has an outcome (see report). */
  | 'SENT';

export type ReplyToFeedbackInput = {
  body: string;
  feedbackId: string;
};

export type ResolveFeedbackInput = {
  feedbackId: string;
};

export type ResolveFollowUpTaskInput = {
  outcome: string;
  taskId: string;
};

export type RewardRuleIdInput = {
  id: string;
};

export type RewardRuleStatus =
  | 'ACTIVE'
  | 'ARCHIVED'
  | 'DRAFT'
  | 'PAUSED';

export type RewardStatus =
  | 'AVAILABLE'
  | 'EXPIRED'
  | 'USED'
  | 'VOIDED';

export type SendNewsletterInput = {
  newsletterId: string;
  /** Admins only: send although the content check blocks it. Recorded in the audit log. */
  overrideReason?: string | null | undefined;
  /** Send later (status SCHEDULED until then); checks run now. */
  scheduledAt?: string | null | undefined;
};

export type SignInInput = {
  email: string;
  password: string;
  /** The program's slug: needed only when this email has accounts in several programs. */
  program?: string | null | undefined;
};

export type SimulateRewardRuleInput = {
  definition: unknown;
  from: string;
  label?: string | null | undefined;
  /** What 100 points are worth to the program, in minor units: turns the cost into money. */
  pointValueMinorPer100?: number | null | undefined;
  to: string;
};

/** What a staff member may do: the same matrix as an API key of that role. */
export type StaffRole =
  | 'ADMIN'
  | 'MARKETING'
  | 'STAFF';

export type SurveyFilter = {
  /** Answered ones only (true), unanswered ones only (false), or both (null). */
  answered?: boolean | null | undefined;
  /** One customer's surveys. */
  customerId?: string | null | undefined;
};

export type SurveyScale =
  /** Customer satisfaction, 1–5. */
  | 'CSAT'
  /** Net Promoter Score, 0–10. */
  | 'NPS';

/** What a tier's threshold counts over its window. */
export type TierMetric =
  /** Points earned (tier bonuses and adjustments included), less reversals. */
  | 'POINTS'
  /** Money spent, in minor units, less refunds. */
  | 'SPEND'
  /** Distinct local days with a purchase that was not wholly refunded. */
  | 'VISITS';

export type TierWindowInput = {
  /** Required for ROLLING_DAYS, at least 1. */
  days?: number | null | undefined;
  kind: TierWindowKind;
};

export type TierWindowKind =
  /** From 1 January, in the program's time zone. */
  | 'CALENDAR_YEAR'
  /** Today and the days-1 days before it, in the program's time zone. */
  | 'ROLLING_DAYS';

export type UpdateCustomerNoteInput = {
  body?: string | null | undefined;
  noteId: string;
  pinned?: boolean | null | undefined;
};

export type UpdateNewsletterInput = {
  audience?: NewsletterAudienceInput | null | undefined;
  body?: string | null | undefined;
  newsletterId: string;
  subject?: string | null | undefined;
  title?: string | null | undefined;
  topic?: string | null | undefined;
};

export type UpdateRewardRuleInput = {
  definition?: unknown;
  id: string;
  label?: string | null | undefined;
  name?: string | null | undefined;
};

/** Fields left out keep their value. */
export type UpdateTierInput = {
  benefits?: string | null | undefined;
  earnMultiplierPercent?: number | null | undefined;
  id: string;
  metric?: TierMetric | null | undefined;
  name?: string | null | undefined;
  rank?: number | null | undefined;
  threshold?: number | null | undefined;
  welcomeCatalogItemId?: string | null | undefined;
  window?: TierWindowInput | null | undefined;
};

export type UpdateTierSettingsInput = {
  graceDays?: number | null | undefined;
  maxDowngradeRanks?: number | null | undefined;
};

export type UpsertCatalogItemInput = {
  active?: boolean | null | undefined;
  activeFrom?: string | null | undefined;
  activeUntil?: string | null | undefined;
  costPoints: number;
  description?: string | null | undefined;
  /** Absent: a new item. */
  id?: string | null | undefined;
  name: string;
  stock?: number | null | undefined;
  validDays?: number | null | undefined;
};

export type ValidateRewardRuleInput = {
  definition: unknown;
};

export type CatalogItemFieldsFragment = { id: string, name: string, description: string | null, costPoints: number, active: boolean, validDays: number | null, activeFrom: string | null, activeUntil: string | null, stock: number | null };

export type CatalogueQueryVariables = Exact<{ [key: string]: never; }>;


export type CatalogueQuery = { catalogItems: Array<{ id: string, name: string, description: string | null, costPoints: number, active: boolean, validDays: number | null, activeFrom: string | null, activeUntil: string | null, stock: number | null }> };

export type UpsertCatalogItemMutationVariables = Exact<{
  input: UpsertCatalogItemInput;
}>;


export type UpsertCatalogItemMutation = { upsertCatalogItem: { id: string, name: string, description: string | null, costPoints: number, active: boolean, validDays: number | null, activeFrom: string | null, activeUntil: string | null, stock: number | null } };

export type SearchCustomersQueryVariables = Exact<{
  search?: string | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type SearchCustomersQuery = { customers: { edges: Array<{ cursor: string, node: { id: string, externalId: string | null, firstName: string | null, lastName: string | null, email: string | null, phone: string | null, enrolledAt: string, balance: { available: number }, tier: { name: string } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type CustomerDetailQueryVariables = Exact<{
  id: string;
}>;


export type CustomerDetailQuery = { customer: { id: string, externalId: string | null, firstName: string | null, lastName: string | null, email: string | null, phone: string | null, birthday: string | null, timeZone: string | null, locale: string | null, enrolledAt: string, balance: { available: number, pending: number, lifetimeEarned: number, expiringSoon: Array<{ points: number, expiresAt: string }> }, tier: { id: string, name: string, metric: TierMetric } | null, tierProgress: { metric: TierMetric, current: number, required: number, remaining: number, next: { name: string } } | null, preferences: { preferredChannel: Channel | null, smsOnlyAfterInbound: boolean, consents: Array<{ channel: Channel, state: ConsentState, source: string | null, changedAt: string | null }> }, rewards: Array<{ id: string, code: string, name: string, label: string | null, status: RewardStatus, costPoints: number, issuedAt: string, expiresAt: string | null, usedAt: string | null }>, notes: Array<{ id: string, body: string, pinned: boolean, author: string, createdAt: string, updatedAt: string }> } | null };

export type NoteFieldsFragment = { id: string, body: string, pinned: boolean, author: string, createdAt: string, updatedAt: string };

export type CustomerLedgerQueryVariables = Exact<{
  id: string;
  after?: string | null | undefined;
}>;


export type CustomerLedgerQuery = { customer: { id: string, ledger: { edges: Array<{ node: { id: string, kind: LedgerKind, points: number, createdAt: string, availableAt: string | null, expiresAt: string | null, reason: string | null, basePoints: number | null, bonusPoints: number | null, purchase: { id: string, externalId: string, storeCode: string | null, totalMinor: number, currency: string } | null, reward: { id: string, name: string, code: string, label: string | null } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type CustomerPurchasesQueryVariables = Exact<{
  id: string;
  after?: string | null | undefined;
}>;


export type CustomerPurchasesQuery = { customer: { id: string, purchases: { edges: Array<{ node: { id: string, externalId: string, storeCode: string | null, currency: string, totalMinor: number, refundedMinor: number, occurredAt: string, pointsEarned: number, pointsReversed: number, lines: Array<{ sku: string, category: string | null, quantity: number, unitPriceMinor: number, refundedQuantity: number }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type CustomerMessagesQueryVariables = Exact<{
  id: string;
  after?: string | null | undefined;
}>;


export type CustomerMessagesQuery = { customer: { id: string, messages: { edges: Array<{ node: { id: string, channel: Channel, kind: MessageKind, status: MessageStatus, subject: string | null, recipient: string | null, error: string | null, queuedAt: string, sentAt: string | null, sendAfter: string | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type AddNoteMutationVariables = Exact<{
  input: AddCustomerNoteInput;
}>;


export type AddNoteMutation = { addCustomerNote: { id: string, body: string, pinned: boolean, author: string, createdAt: string, updatedAt: string } };

export type UpdateNoteMutationVariables = Exact<{
  input: UpdateCustomerNoteInput;
}>;


export type UpdateNoteMutation = { updateCustomerNote: { id: string, body: string, pinned: boolean, author: string, createdAt: string, updatedAt: string } };

export type AdjustPointsMutationVariables = Exact<{
  input: AdjustPointsInput;
}>;


export type AdjustPointsMutation = { adjustPoints: { replayed: boolean, entry: { id: string } } };

export type TaskFieldsFragment = { id: string, kind: FollowUpTaskKind, title: string | null, score: number | null, comment: string | null, assignee: string | null, assigneeId: string | null, dueAt: string, overdue: boolean, status: FollowUpStatus, outcome: string | null, createdAt: string, resolvedAt: string | null, surveyId: string | null, purchaseId: string | null, customer: { id: string, firstName: string | null, lastName: string | null, phone: string | null, email: string | null, preferences: { preferredChannel: Channel | null } }, comments: Array<{ id: string, body: string, author: string, createdAt: string }> };

export type FeedbackFieldsFragment = { id: string, topic: string, message: string, status: FollowUpStatus, createdAt: string, firstResponseAt: string | null, resolvedAt: string | null, customer: { id: string, firstName: string | null, lastName: string | null, email: string | null, phone: string | null, preferences: { preferredChannel: Channel | null } }, replies: Array<{ id: string, body: string, author: string, messageId: string | null, createdAt: string }> };

export type SurveyFieldsFragment = { id: string, scale: SurveyScale, sentAt: string, answeredAt: string | null, score: number | null, comment: string | null, purchaseId: string | null, customer: { id: string, firstName: string | null, lastName: string | null } };

export type CustomerFeedbackQueryVariables = Exact<{
  id: string;
}>;


export type CustomerFeedbackQuery = { surveyResponses: { edges: Array<{ node: { id: string, scale: SurveyScale, sentAt: string, answeredAt: string | null, score: number | null, comment: string | null, purchaseId: string | null, customer: { id: string, firstName: string | null, lastName: string | null } } }> }, feedbackItems: { edges: Array<{ node: { id: string, topic: string, message: string, status: FollowUpStatus, createdAt: string, firstResponseAt: string | null, resolvedAt: string | null, customer: { id: string, firstName: string | null, lastName: string | null, email: string | null, phone: string | null, preferences: { preferredChannel: Channel | null } }, replies: Array<{ id: string, body: string, author: string, messageId: string | null, createdAt: string }> } }> } };

export type CustomerTasksQueryVariables = Exact<{
  id: string;
}>;


export type CustomerTasksQuery = { followUpTasks: { edges: Array<{ node: { id: string, kind: FollowUpTaskKind, title: string | null, score: number | null, comment: string | null, assignee: string | null, assigneeId: string | null, dueAt: string, overdue: boolean, status: FollowUpStatus, outcome: string | null, createdAt: string, resolvedAt: string | null, surveyId: string | null, purchaseId: string | null, customer: { id: string, firstName: string | null, lastName: string | null, phone: string | null, email: string | null, preferences: { preferredChannel: Channel | null } }, comments: Array<{ id: string, body: string, author: string, createdAt: string }> } }> } };

export type InboxQueryVariables = Exact<{
  filter?: FeedbackFilter | null | undefined;
  after?: string | null | undefined;
}>;


export type InboxQuery = { feedbackItems: { edges: Array<{ node: { id: string, topic: string, message: string, status: FollowUpStatus, createdAt: string, firstResponseAt: string | null, resolvedAt: string | null, customer: { id: string, firstName: string | null, lastName: string | null, email: string | null, phone: string | null, preferences: { preferredChannel: Channel | null } }, replies: Array<{ id: string, body: string, author: string, messageId: string | null, createdAt: string }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type TasksQueryVariables = Exact<{
  filter?: FollowUpTaskFilter | null | undefined;
  after?: string | null | undefined;
}>;


export type TasksQuery = { followUpTasks: { edges: Array<{ node: { id: string, kind: FollowUpTaskKind, title: string | null, score: number | null, comment: string | null, assignee: string | null, assigneeId: string | null, dueAt: string, overdue: boolean, status: FollowUpStatus, outcome: string | null, createdAt: string, resolvedAt: string | null, surveyId: string | null, purchaseId: string | null, customer: { id: string, firstName: string | null, lastName: string | null, phone: string | null, email: string | null, preferences: { preferredChannel: Channel | null } }, comments: Array<{ id: string, body: string, author: string, createdAt: string }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } }, followUpTaskCounts: { open: number, overdue: number } };

export type SurveysQueryVariables = Exact<{
  filter?: SurveyFilter | null | undefined;
  after?: string | null | undefined;
}>;


export type SurveysQuery = { surveyResponses: { edges: Array<{ node: { id: string, scale: SurveyScale, sentAt: string, answeredAt: string | null, score: number | null, comment: string | null, purchaseId: string | null, customer: { id: string, firstName: string | null, lastName: string | null } } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ReplyToFeedbackMutationVariables = Exact<{
  input: ReplyToFeedbackInput;
}>;


export type ReplyToFeedbackMutation = { replyToFeedback: { id: string, body: string, author: string, messageId: string | null, createdAt: string } };

export type ResolveFeedbackMutationVariables = Exact<{
  input: ResolveFeedbackInput;
}>;


export type ResolveFeedbackMutation = { resolveFeedback: { id: string, topic: string, message: string, status: FollowUpStatus, createdAt: string, firstResponseAt: string | null, resolvedAt: string | null, customer: { id: string, firstName: string | null, lastName: string | null, email: string | null, phone: string | null, preferences: { preferredChannel: Channel | null } }, replies: Array<{ id: string, body: string, author: string, messageId: string | null, createdAt: string }> } };

export type AssignTaskMutationVariables = Exact<{
  input: AssignFollowUpTaskInput;
}>;


export type AssignTaskMutation = { assignFollowUpTask: { id: string, kind: FollowUpTaskKind, title: string | null, score: number | null, comment: string | null, assignee: string | null, assigneeId: string | null, dueAt: string, overdue: boolean, status: FollowUpStatus, outcome: string | null, createdAt: string, resolvedAt: string | null, surveyId: string | null, purchaseId: string | null, customer: { id: string, firstName: string | null, lastName: string | null, phone: string | null, email: string | null, preferences: { preferredChannel: Channel | null } }, comments: Array<{ id: string, body: string, author: string, createdAt: string }> } };

export type CommentOnTaskMutationVariables = Exact<{
  input: CommentOnFollowUpTaskInput;
}>;


export type CommentOnTaskMutation = { commentOnFollowUpTask: { id: string } };

export type ResolveTaskMutationVariables = Exact<{
  input: ResolveFollowUpTaskInput;
}>;


export type ResolveTaskMutation = { resolveFollowUpTask: { id: string, kind: FollowUpTaskKind, title: string | null, score: number | null, comment: string | null, assignee: string | null, assigneeId: string | null, dueAt: string, overdue: boolean, status: FollowUpStatus, outcome: string | null, createdAt: string, resolvedAt: string | null, surveyId: string | null, purchaseId: string | null, customer: { id: string, firstName: string | null, lastName: string | null, phone: string | null, email: string | null, preferences: { preferredChannel: Channel | null } }, comments: Array<{ id: string, body: string, author: string, createdAt: string }> } };

export type FollowUpAssigneesQueryVariables = Exact<{ [key: string]: never; }>;


export type FollowUpAssigneesQuery = { followUpAssignees: Array<{ id: string, name: string, role: StaffRole }> };

export type NewsletterFieldsFragment = { id: string, title: string, topic: string | null, subject: string, body: string, audienceCount: number, status: NewsletterStatus, overrideReason: string | null, scheduledAt: string | null, createdAt: string, audience: { minPurchases: number, purchasedWithinDays: number | null, topicSubscribersOnly: boolean }, contentCheck: { salesScore: number, blocked: boolean, findings: Array<{ phrase: string, reason: string }> }, report: { recipients: number, sent: number, failed: number, deferred: number, suppressed: number, unsubscribes: number, feedbackYes: number, feedbackNo: number, usefulRate: number | null, suppressedByReason: Array<{ reason: string, count: number }> } };

export type NewslettersQueryVariables = Exact<{ [key: string]: never; }>;


export type NewslettersQuery = { newsletters: Array<{ id: string, title: string, topic: string | null, subject: string, status: NewsletterStatus, scheduledAt: string | null, createdAt: string, audienceCount: number, contentCheck: { blocked: boolean, salesScore: number }, report: { recipients: number, sent: number, usefulRate: number | null } }> };

export type NewsletterQueryVariables = Exact<{
  id: string;
}>;


export type NewsletterQuery = { newsletter: { id: string, title: string, topic: string | null, subject: string, body: string, audienceCount: number, status: NewsletterStatus, overrideReason: string | null, scheduledAt: string | null, createdAt: string, audience: { minPurchases: number, purchasedWithinDays: number | null, topicSubscribersOnly: boolean }, contentCheck: { salesScore: number, blocked: boolean, findings: Array<{ phrase: string, reason: string }> }, report: { recipients: number, sent: number, failed: number, deferred: number, suppressed: number, unsubscribes: number, feedbackYes: number, feedbackNo: number, usefulRate: number | null, suppressedByReason: Array<{ reason: string, count: number }> } } | null };

export type CheckContentMutationVariables = Exact<{
  input: CheckNewsletterContentInput;
}>;


export type CheckContentMutation = { checkNewsletterContent: { salesScore: number, blocked: boolean, findings: Array<{ phrase: string, reason: string }> } };

export type NewsletterPreviewQueryVariables = Exact<{
  input: NewsletterPreviewInput;
}>;


export type NewsletterPreviewQuery = { newsletterPreview: { subject: string | null, text: string, html: string | null } };

export type CreateNewsletterMutationVariables = Exact<{
  input: CreateNewsletterInput;
}>;


export type CreateNewsletterMutation = { createNewsletter: { id: string, title: string, topic: string | null, subject: string, body: string, audienceCount: number, status: NewsletterStatus, overrideReason: string | null, scheduledAt: string | null, createdAt: string, audience: { minPurchases: number, purchasedWithinDays: number | null, topicSubscribersOnly: boolean }, contentCheck: { salesScore: number, blocked: boolean, findings: Array<{ phrase: string, reason: string }> }, report: { recipients: number, sent: number, failed: number, deferred: number, suppressed: number, unsubscribes: number, feedbackYes: number, feedbackNo: number, usefulRate: number | null, suppressedByReason: Array<{ reason: string, count: number }> } } };

export type UpdateNewsletterMutationVariables = Exact<{
  input: UpdateNewsletterInput;
}>;


export type UpdateNewsletterMutation = { updateNewsletter: { id: string, title: string, topic: string | null, subject: string, body: string, audienceCount: number, status: NewsletterStatus, overrideReason: string | null, scheduledAt: string | null, createdAt: string, audience: { minPurchases: number, purchasedWithinDays: number | null, topicSubscribersOnly: boolean }, contentCheck: { salesScore: number, blocked: boolean, findings: Array<{ phrase: string, reason: string }> }, report: { recipients: number, sent: number, failed: number, deferred: number, suppressed: number, unsubscribes: number, feedbackYes: number, feedbackNo: number, usefulRate: number | null, suppressedByReason: Array<{ reason: string, count: number }> } } };

export type SendNewsletterMutationVariables = Exact<{
  input: SendNewsletterInput;
}>;


export type SendNewsletterMutation = { sendNewsletter: { id: string, title: string, topic: string | null, subject: string, body: string, audienceCount: number, status: NewsletterStatus, overrideReason: string | null, scheduledAt: string | null, createdAt: string, audience: { minPurchases: number, purchasedWithinDays: number | null, topicSubscribersOnly: boolean }, contentCheck: { salesScore: number, blocked: boolean, findings: Array<{ phrase: string, reason: string }> }, report: { recipients: number, sent: number, failed: number, deferred: number, suppressed: number, unsubscribes: number, feedbackYes: number, feedbackNo: number, usefulRate: number | null, suppressedByReason: Array<{ reason: string, count: number }> } } };

export type NewsletterAudienceCountQueryVariables = Exact<{
  input: NewsletterAudienceCountInput;
}>;


export type NewsletterAudienceCountQuery = { newsletterAudienceCount: number };

export type OverviewHealthQueryVariables = Exact<{
  from: string;
  to: string;
}>;


export type OverviewHealthQuery = { healthReport: { periods: Array<{ start: string, purchases: number, salesMinor: number, activeCustomers: number, enrolled: number, pointsIssued: number, pointsRedeemed: number, rewardsIssued: number }> }, newsletters: Array<{ id: string, title: string, status: NewsletterStatus, scheduledAt: string | null, report: { sent: number, feedbackYes: number, feedbackNo: number, usefulRate: number | null } }> };

export type OverviewTasksQueryVariables = Exact<{ [key: string]: never; }>;


export type OverviewTasksQuery = { followUpTaskCounts: { open: number, overdue: number } };

export type RuleFieldsFragment = { id: string, name: string, label: string, status: RewardRuleStatus, version: number, trigger: string, priority: number, definition: unknown, conditions: string, budgetUsed: number, createdAt: string, updatedAt: string, health: { errorCount: number, lastError: string | null, lastErrorAt: string | null } };

export type RewardRulesQueryVariables = Exact<{ [key: string]: never; }>;


export type RewardRulesQuery = { rewardRules: Array<{ id: string, name: string, label: string, status: RewardRuleStatus, version: number, trigger: string, priority: number, definition: unknown, conditions: string, budgetUsed: number, createdAt: string, updatedAt: string, health: { errorCount: number, lastError: string | null, lastErrorAt: string | null } }> };

export type RewardRuleQueryVariables = Exact<{
  id: string;
}>;


export type RewardRuleQuery = { rewardRule: { id: string, name: string, label: string, status: RewardRuleStatus, version: number, trigger: string, priority: number, definition: unknown, conditions: string, budgetUsed: number, createdAt: string, updatedAt: string, versions: Array<{ id: string, version: number, label: string, definition: unknown, createdAt: string }>, health: { errorCount: number, lastError: string | null, lastErrorAt: string | null } } | null };

export type RuleEditorDataQueryVariables = Exact<{ [key: string]: never; }>;


export type RuleEditorDataQuery = { rewardRuleCatalogue: { triggers: Array<{ code: string, description: string, argsSchema: unknown }>, conditions: Array<{ code: string, description: string, argsSchema: unknown }>, actions: Array<{ code: string, description: string, argsSchema: unknown }> }, catalogItems: Array<{ id: string, name: string, costPoints: number, active: boolean }>, tiers: Array<{ id: string, name: string }> };

export type CreateRewardRuleMutationVariables = Exact<{
  input: CreateRewardRuleInput;
}>;


export type CreateRewardRuleMutation = { createRewardRule: { id: string, name: string, label: string, status: RewardRuleStatus, version: number, trigger: string, priority: number, definition: unknown, conditions: string, budgetUsed: number, createdAt: string, updatedAt: string, health: { errorCount: number, lastError: string | null, lastErrorAt: string | null } } };

export type UpdateRewardRuleMutationVariables = Exact<{
  input: UpdateRewardRuleInput;
}>;


export type UpdateRewardRuleMutation = { updateRewardRule: { id: string, name: string, label: string, status: RewardRuleStatus, version: number, trigger: string, priority: number, definition: unknown, conditions: string, budgetUsed: number, createdAt: string, updatedAt: string, health: { errorCount: number, lastError: string | null, lastErrorAt: string | null } } };

export type ValidateRewardRuleMutationVariables = Exact<{
  input: ValidateRewardRuleInput;
}>;


export type ValidateRewardRuleMutation = { validateRewardRule: { valid: boolean, conditions: string } };

export type ActivateRewardRuleMutationVariables = Exact<{
  input: RewardRuleIdInput;
}>;


export type ActivateRewardRuleMutation = { activateRewardRule: { id: string, name: string, label: string, status: RewardRuleStatus, version: number, trigger: string, priority: number, definition: unknown, conditions: string, budgetUsed: number, createdAt: string, updatedAt: string, health: { errorCount: number, lastError: string | null, lastErrorAt: string | null } } };

export type PauseRewardRuleMutationVariables = Exact<{
  input: RewardRuleIdInput;
}>;


export type PauseRewardRuleMutation = { pauseRewardRule: { id: string, name: string, label: string, status: RewardRuleStatus, version: number, trigger: string, priority: number, definition: unknown, conditions: string, budgetUsed: number, createdAt: string, updatedAt: string, health: { errorCount: number, lastError: string | null, lastErrorAt: string | null } } };

export type ArchiveRewardRuleMutationVariables = Exact<{
  input: RewardRuleIdInput;
}>;


export type ArchiveRewardRuleMutation = { archiveRewardRule: { id: string, name: string, label: string, status: RewardRuleStatus, version: number, trigger: string, priority: number, definition: unknown, conditions: string, budgetUsed: number, createdAt: string, updatedAt: string, health: { errorCount: number, lastError: string | null, lastErrorAt: string | null } } };

export type SimulateRewardRuleQueryVariables = Exact<{
  input: SimulateRewardRuleInput;
}>;


export type SimulateRewardRuleQuery = { simulateRewardRule: { purchasesReplayed: number, matches: number, customersAffected: number, points: number, rewards: number, costPoints: number, costMinor: number | null, limitHits: number, budgetHits: number, refundCancels: number, elapsedMs: number, byDay: Array<{ day: string, purchases: number, matches: number, points: number, rewards: number, costPoints: number, limitHits: number, budgetHits: number }>, sample: Array<{ purchaseId: string, customerId: string, occurredAt: string, points: number, rewards: number, explanation: string }> } };

export type ReportSettingsQueryVariables = Exact<{ [key: string]: never; }>;


export type ReportSettingsQuery = { reportSettings: { pointValueMinorPer100: number | null } };

export type BootQueryVariables = Exact<{ [key: string]: never; }>;


export type BootQuery = { currentStaff: { id: string, name: string, email: string, role: StaffRole } | null };

export type ProgramInfoQueryVariables = Exact<{ [key: string]: never; }>;


export type ProgramInfoQuery = { program: { id: string, slug: string, name: string, currency: string, timeZone: string } };

export type StaffFieldsFragment = { id: string, name: string, email: string, role: StaffRole };

export type SignInMutationVariables = Exact<{
  input: SignInInput;
}>;


export type SignInMutation = { signIn: { expiresAt: string, staff: { id: string, name: string, email: string, role: StaffRole } } };

export type SignOutMutationVariables = Exact<{ [key: string]: never; }>;


export type SignOutMutation = { signOut: { signedOut: boolean } };

export type AcceptInvitationMutationVariables = Exact<{
  input: AcceptStaffInvitationInput;
}>;


export type AcceptInvitationMutation = { acceptStaffInvitation: { expiresAt: string, staff: { id: string, name: string, email: string, role: StaffRole } } };

export type StaffSessionsQueryVariables = Exact<{ [key: string]: never; }>;


export type StaffSessionsQuery = { staffSessions: Array<{ id: string, createdAt: string, lastSeenAt: string, expiresAt: string, userAgent: string | null, current: boolean }> };

export type RevokeStaffSessionMutationVariables = Exact<{
  id: string;
}>;


export type RevokeStaffSessionMutation = { revokeStaffSession: { session: { id: string } } };

export type TeamQueryVariables = Exact<{ [key: string]: never; }>;


export type TeamQuery = { staffUsers: Array<{ id: string, name: string, email: string, role: StaffRole, createdAt: string, disabledAt: string | null, lastSignedInAt: string | null }>, staffInvitations: Array<{ id: string, email: string, name: string | null, role: StaffRole, createdAt: string, expiresAt: string, invitedBy: string }> };

export type InviteStaffMutationVariables = Exact<{
  input: InviteStaffInput;
}>;


export type InviteStaffMutation = { inviteStaff: { link: string, invitation: { id: string, email: string, role: StaffRole, expiresAt: string } } };

export type DisableStaffUserMutationVariables = Exact<{
  id: string;
}>;


export type DisableStaffUserMutation = { disableStaffUser: { sessionsRevoked: number, staff: { id: string, disabledAt: string | null } } };

export type TierFieldsFragment = { id: string, name: string, rank: number, metric: TierMetric, threshold: number, earnMultiplierPercent: number, benefits: string | null, version: number, archivedAt: string | null, window: { kind: TierWindowKind, days: number | null }, welcomeReward: { id: string, name: string } | null };

export type TiersPageQueryVariables = Exact<{ [key: string]: never; }>;


export type TiersPageQuery = { tiers: Array<{ id: string, name: string, rank: number, metric: TierMetric, threshold: number, earnMultiplierPercent: number, benefits: string | null, version: number, archivedAt: string | null, window: { kind: TierWindowKind, days: number | null }, welcomeReward: { id: string, name: string } | null }>, tierSettings: { graceDays: number, maxDowngradeRanks: number }, catalogItems: Array<{ id: string, name: string, active: boolean }> };

export type CreateTierMutationVariables = Exact<{
  input: CreateTierInput;
}>;


export type CreateTierMutation = { createTier: { id: string, name: string, rank: number, metric: TierMetric, threshold: number, earnMultiplierPercent: number, benefits: string | null, version: number, archivedAt: string | null, window: { kind: TierWindowKind, days: number | null }, welcomeReward: { id: string, name: string } | null } };

export type UpdateTierMutationVariables = Exact<{
  input: UpdateTierInput;
}>;


export type UpdateTierMutation = { updateTier: { id: string, name: string, rank: number, metric: TierMetric, threshold: number, earnMultiplierPercent: number, benefits: string | null, version: number, archivedAt: string | null, window: { kind: TierWindowKind, days: number | null }, welcomeReward: { id: string, name: string } | null } };

export type ArchiveTierMutationVariables = Exact<{
  input: ArchiveTierInput;
}>;


export type ArchiveTierMutation = { archiveTier: { customersMoved: number } };

export type DeleteTierMutationVariables = Exact<{
  input: DeleteTierInput;
}>;


export type DeleteTierMutation = { deleteTier: { id: string } };

export type UpdateTierSettingsMutationVariables = Exact<{
  input: UpdateTierSettingsInput;
}>;


export type UpdateTierSettingsMutation = { updateTierSettings: { graceDays: number, maxDowngradeRanks: number } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const CatalogItemFieldsFragmentDoc = new TypedDocumentString(`
    fragment CatalogItemFields on CatalogItem {
  id
  name
  description
  costPoints
  active
  validDays
  activeFrom
  activeUntil
  stock
}
    `, {"fragmentName":"CatalogItemFields"}) as unknown as TypedDocumentString<CatalogItemFieldsFragment, unknown>;
export const NoteFieldsFragmentDoc = new TypedDocumentString(`
    fragment NoteFields on CustomerNote {
  id
  body
  pinned
  author
  createdAt
  updatedAt
}
    `, {"fragmentName":"NoteFields"}) as unknown as TypedDocumentString<NoteFieldsFragment, unknown>;
export const TaskFieldsFragmentDoc = new TypedDocumentString(`
    fragment TaskFields on FollowUpTask {
  id
  kind
  title
  score
  comment
  assignee
  assigneeId
  dueAt
  overdue
  status
  outcome
  createdAt
  resolvedAt
  surveyId
  purchaseId
  customer {
    id
    firstName
    lastName
    phone
    email
    preferences {
      preferredChannel
    }
  }
  comments {
    id
    body
    author
    createdAt
  }
}
    `, {"fragmentName":"TaskFields"}) as unknown as TypedDocumentString<TaskFieldsFragment, unknown>;
export const FeedbackFieldsFragmentDoc = new TypedDocumentString(`
    fragment FeedbackFields on FeedbackItem {
  id
  topic
  message
  status
  createdAt
  firstResponseAt
  resolvedAt
  customer {
    id
    firstName
    lastName
    email
    phone
    preferences {
      preferredChannel
    }
  }
  replies {
    id
    body
    author
    messageId
    createdAt
  }
}
    `, {"fragmentName":"FeedbackFields"}) as unknown as TypedDocumentString<FeedbackFieldsFragment, unknown>;
export const SurveyFieldsFragmentDoc = new TypedDocumentString(`
    fragment SurveyFields on Survey {
  id
  scale
  sentAt
  answeredAt
  score
  comment
  purchaseId
  customer {
    id
    firstName
    lastName
  }
}
    `, {"fragmentName":"SurveyFields"}) as unknown as TypedDocumentString<SurveyFieldsFragment, unknown>;
export const NewsletterFieldsFragmentDoc = new TypedDocumentString(`
    fragment NewsletterFields on Newsletter {
  id
  title
  topic
  subject
  body
  audience {
    minPurchases
    purchasedWithinDays
    topicSubscribersOnly
  }
  audienceCount
  status
  contentCheck {
    salesScore
    blocked
    findings {
      phrase
      reason
    }
  }
  overrideReason
  scheduledAt
  createdAt
  report {
    recipients
    sent
    failed
    deferred
    suppressed
    suppressedByReason {
      reason
      count
    }
    unsubscribes
    feedbackYes
    feedbackNo
    usefulRate
  }
}
    `, {"fragmentName":"NewsletterFields"}) as unknown as TypedDocumentString<NewsletterFieldsFragment, unknown>;
export const RuleFieldsFragmentDoc = new TypedDocumentString(`
    fragment RuleFields on RewardRule {
  id
  name
  label
  status
  version
  trigger
  priority
  definition
  conditions
  budgetUsed
  health {
    errorCount
    lastError
    lastErrorAt
  }
  createdAt
  updatedAt
}
    `, {"fragmentName":"RuleFields"}) as unknown as TypedDocumentString<RuleFieldsFragment, unknown>;
export const StaffFieldsFragmentDoc = new TypedDocumentString(`
    fragment StaffFields on StaffUser {
  id
  name
  email
  role
}
    `, {"fragmentName":"StaffFields"}) as unknown as TypedDocumentString<StaffFieldsFragment, unknown>;
export const TierFieldsFragmentDoc = new TypedDocumentString(`
    fragment TierFields on Tier {
  id
  name
  rank
  metric
  threshold
  window {
    kind
    days
  }
  earnMultiplierPercent
  benefits
  welcomeReward {
    id
    name
  }
  version
  archivedAt
}
    `, {"fragmentName":"TierFields"}) as unknown as TypedDocumentString<TierFieldsFragment, unknown>;
export const CatalogueDocument = new TypedDocumentString(`
    query Catalogue {
  catalogItems {
    ...CatalogItemFields
  }
}
    fragment CatalogItemFields on CatalogItem {
  id
  name
  description
  costPoints
  active
  validDays
  activeFrom
  activeUntil
  stock
}`) as unknown as TypedDocumentString<CatalogueQuery, CatalogueQueryVariables>;
export const UpsertCatalogItemDocument = new TypedDocumentString(`
    mutation UpsertCatalogItem($input: UpsertCatalogItemInput!) {
  upsertCatalogItem(input: $input) {
    ...CatalogItemFields
  }
}
    fragment CatalogItemFields on CatalogItem {
  id
  name
  description
  costPoints
  active
  validDays
  activeFrom
  activeUntil
  stock
}`) as unknown as TypedDocumentString<UpsertCatalogItemMutation, UpsertCatalogItemMutationVariables>;
export const SearchCustomersDocument = new TypedDocumentString(`
    query SearchCustomers($search: String, $first: Int, $after: String) {
  customers(search: $search, first: $first, after: $after) {
    edges {
      cursor
      node {
        id
        externalId
        firstName
        lastName
        email
        phone
        enrolledAt
        balance {
          available
        }
        tier {
          name
        }
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<SearchCustomersQuery, SearchCustomersQueryVariables>;
export const CustomerDetailDocument = new TypedDocumentString(`
    query CustomerDetail($id: ID!) {
  customer(id: $id) {
    id
    externalId
    firstName
    lastName
    email
    phone
    birthday
    timeZone
    locale
    enrolledAt
    balance {
      available
      pending
      lifetimeEarned
      expiringSoon {
        points
        expiresAt
      }
    }
    tier {
      id
      name
      metric
    }
    tierProgress {
      next {
        name
      }
      metric
      current
      required
      remaining
    }
    preferences {
      preferredChannel
      consents {
        channel
        state
        source
        changedAt
      }
      smsOnlyAfterInbound
    }
    rewards {
      id
      code
      name
      label
      status
      costPoints
      issuedAt
      expiresAt
      usedAt
    }
    notes {
      ...NoteFields
    }
  }
}
    fragment NoteFields on CustomerNote {
  id
  body
  pinned
  author
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<CustomerDetailQuery, CustomerDetailQueryVariables>;
export const CustomerLedgerDocument = new TypedDocumentString(`
    query CustomerLedger($id: ID!, $after: String) {
  customer(id: $id) {
    id
    ledger(first: 25, after: $after) {
      edges {
        node {
          id
          kind
          points
          createdAt
          availableAt
          expiresAt
          reason
          basePoints
          bonusPoints
          purchase {
            id
            externalId
            storeCode
            totalMinor
            currency
          }
          reward {
            id
            name
            code
            label
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CustomerLedgerQuery, CustomerLedgerQueryVariables>;
export const CustomerPurchasesDocument = new TypedDocumentString(`
    query CustomerPurchases($id: ID!, $after: String) {
  customer(id: $id) {
    id
    purchases(first: 20, after: $after) {
      edges {
        node {
          id
          externalId
          storeCode
          currency
          totalMinor
          refundedMinor
          occurredAt
          pointsEarned
          pointsReversed
          lines {
            sku
            category
            quantity
            unitPriceMinor
            refundedQuantity
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CustomerPurchasesQuery, CustomerPurchasesQueryVariables>;
export const CustomerMessagesDocument = new TypedDocumentString(`
    query CustomerMessages($id: ID!, $after: String) {
  customer(id: $id) {
    id
    messages(first: 20, after: $after) {
      edges {
        node {
          id
          channel
          kind
          status
          subject
          recipient
          error
          queuedAt
          sentAt
          sendAfter
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CustomerMessagesQuery, CustomerMessagesQueryVariables>;
export const AddNoteDocument = new TypedDocumentString(`
    mutation AddNote($input: AddCustomerNoteInput!) {
  addCustomerNote(input: $input) {
    ...NoteFields
  }
}
    fragment NoteFields on CustomerNote {
  id
  body
  pinned
  author
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<AddNoteMutation, AddNoteMutationVariables>;
export const UpdateNoteDocument = new TypedDocumentString(`
    mutation UpdateNote($input: UpdateCustomerNoteInput!) {
  updateCustomerNote(input: $input) {
    ...NoteFields
  }
}
    fragment NoteFields on CustomerNote {
  id
  body
  pinned
  author
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<UpdateNoteMutation, UpdateNoteMutationVariables>;
export const AdjustPointsDocument = new TypedDocumentString(`
    mutation AdjustPoints($input: AdjustPointsInput!) {
  adjustPoints(input: $input) {
    entry {
      id
    }
    replayed
  }
}
    `) as unknown as TypedDocumentString<AdjustPointsMutation, AdjustPointsMutationVariables>;
export const CustomerFeedbackDocument = new TypedDocumentString(`
    query CustomerFeedback($id: ID!) {
  surveyResponses(filter: {customerId: $id}, first: 20) {
    edges {
      node {
        ...SurveyFields
      }
    }
  }
  feedbackItems(filter: {customerId: $id}, first: 20) {
    edges {
      node {
        ...FeedbackFields
      }
    }
  }
}
    fragment FeedbackFields on FeedbackItem {
  id
  topic
  message
  status
  createdAt
  firstResponseAt
  resolvedAt
  customer {
    id
    firstName
    lastName
    email
    phone
    preferences {
      preferredChannel
    }
  }
  replies {
    id
    body
    author
    messageId
    createdAt
  }
}
fragment SurveyFields on Survey {
  id
  scale
  sentAt
  answeredAt
  score
  comment
  purchaseId
  customer {
    id
    firstName
    lastName
  }
}`) as unknown as TypedDocumentString<CustomerFeedbackQuery, CustomerFeedbackQueryVariables>;
export const CustomerTasksDocument = new TypedDocumentString(`
    query CustomerTasks($id: ID!) {
  followUpTasks(filter: {customerId: $id}, first: 20) {
    edges {
      node {
        ...TaskFields
      }
    }
  }
}
    fragment TaskFields on FollowUpTask {
  id
  kind
  title
  score
  comment
  assignee
  assigneeId
  dueAt
  overdue
  status
  outcome
  createdAt
  resolvedAt
  surveyId
  purchaseId
  customer {
    id
    firstName
    lastName
    phone
    email
    preferences {
      preferredChannel
    }
  }
  comments {
    id
    body
    author
    createdAt
  }
}`) as unknown as TypedDocumentString<CustomerTasksQuery, CustomerTasksQueryVariables>;
export const InboxDocument = new TypedDocumentString(`
    query Inbox($filter: FeedbackFilter, $after: String) {
  feedbackItems(filter: $filter, first: 20, after: $after) {
    edges {
      node {
        ...FeedbackFields
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment FeedbackFields on FeedbackItem {
  id
  topic
  message
  status
  createdAt
  firstResponseAt
  resolvedAt
  customer {
    id
    firstName
    lastName
    email
    phone
    preferences {
      preferredChannel
    }
  }
  replies {
    id
    body
    author
    messageId
    createdAt
  }
}`) as unknown as TypedDocumentString<InboxQuery, InboxQueryVariables>;
export const TasksDocument = new TypedDocumentString(`
    query Tasks($filter: FollowUpTaskFilter, $after: String) {
  followUpTasks(filter: $filter, first: 20, after: $after) {
    edges {
      node {
        ...TaskFields
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
  followUpTaskCounts {
    open
    overdue
  }
}
    fragment TaskFields on FollowUpTask {
  id
  kind
  title
  score
  comment
  assignee
  assigneeId
  dueAt
  overdue
  status
  outcome
  createdAt
  resolvedAt
  surveyId
  purchaseId
  customer {
    id
    firstName
    lastName
    phone
    email
    preferences {
      preferredChannel
    }
  }
  comments {
    id
    body
    author
    createdAt
  }
}`) as unknown as TypedDocumentString<TasksQuery, TasksQueryVariables>;
export const SurveysDocument = new TypedDocumentString(`
    query Surveys($filter: SurveyFilter, $after: String) {
  surveyResponses(filter: $filter, first: 25, after: $after) {
    edges {
      node {
        ...SurveyFields
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment SurveyFields on Survey {
  id
  scale
  sentAt
  answeredAt
  score
  comment
  purchaseId
  customer {
    id
    firstName
    lastName
  }
}`) as unknown as TypedDocumentString<SurveysQuery, SurveysQueryVariables>;
export const ReplyToFeedbackDocument = new TypedDocumentString(`
    mutation ReplyToFeedback($input: ReplyToFeedbackInput!) {
  replyToFeedback(input: $input) {
    id
    body
    author
    messageId
    createdAt
  }
}
    `) as unknown as TypedDocumentString<ReplyToFeedbackMutation, ReplyToFeedbackMutationVariables>;
export const ResolveFeedbackDocument = new TypedDocumentString(`
    mutation ResolveFeedback($input: ResolveFeedbackInput!) {
  resolveFeedback(input: $input) {
    ...FeedbackFields
  }
}
    fragment FeedbackFields on FeedbackItem {
  id
  topic
  message
  status
  createdAt
  firstResponseAt
  resolvedAt
  customer {
    id
    firstName
    lastName
    email
    phone
    preferences {
      preferredChannel
    }
  }
  replies {
    id
    body
    author
    messageId
    createdAt
  }
}`) as unknown as TypedDocumentString<ResolveFeedbackMutation, ResolveFeedbackMutationVariables>;
export const AssignTaskDocument = new TypedDocumentString(`
    mutation AssignTask($input: AssignFollowUpTaskInput!) {
  assignFollowUpTask(input: $input) {
    ...TaskFields
  }
}
    fragment TaskFields on FollowUpTask {
  id
  kind
  title
  score
  comment
  assignee
  assigneeId
  dueAt
  overdue
  status
  outcome
  createdAt
  resolvedAt
  surveyId
  purchaseId
  customer {
    id
    firstName
    lastName
    phone
    email
    preferences {
      preferredChannel
    }
  }
  comments {
    id
    body
    author
    createdAt
  }
}`) as unknown as TypedDocumentString<AssignTaskMutation, AssignTaskMutationVariables>;
export const CommentOnTaskDocument = new TypedDocumentString(`
    mutation CommentOnTask($input: CommentOnFollowUpTaskInput!) {
  commentOnFollowUpTask(input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<CommentOnTaskMutation, CommentOnTaskMutationVariables>;
export const ResolveTaskDocument = new TypedDocumentString(`
    mutation ResolveTask($input: ResolveFollowUpTaskInput!) {
  resolveFollowUpTask(input: $input) {
    ...TaskFields
  }
}
    fragment TaskFields on FollowUpTask {
  id
  kind
  title
  score
  comment
  assignee
  assigneeId
  dueAt
  overdue
  status
  outcome
  createdAt
  resolvedAt
  surveyId
  purchaseId
  customer {
    id
    firstName
    lastName
    phone
    email
    preferences {
      preferredChannel
    }
  }
  comments {
    id
    body
    author
    createdAt
  }
}`) as unknown as TypedDocumentString<ResolveTaskMutation, ResolveTaskMutationVariables>;
export const FollowUpAssigneesDocument = new TypedDocumentString(`
    query FollowUpAssignees {
  followUpAssignees {
    id
    name
    role
  }
}
    `) as unknown as TypedDocumentString<FollowUpAssigneesQuery, FollowUpAssigneesQueryVariables>;
export const NewslettersDocument = new TypedDocumentString(`
    query Newsletters {
  newsletters {
    id
    title
    topic
    subject
    status
    scheduledAt
    createdAt
    audienceCount
    contentCheck {
      blocked
      salesScore
    }
    report {
      recipients
      sent
      usefulRate
    }
  }
}
    `) as unknown as TypedDocumentString<NewslettersQuery, NewslettersQueryVariables>;
export const NewsletterDocument = new TypedDocumentString(`
    query Newsletter($id: ID!) {
  newsletter(id: $id) {
    ...NewsletterFields
  }
}
    fragment NewsletterFields on Newsletter {
  id
  title
  topic
  subject
  body
  audience {
    minPurchases
    purchasedWithinDays
    topicSubscribersOnly
  }
  audienceCount
  status
  contentCheck {
    salesScore
    blocked
    findings {
      phrase
      reason
    }
  }
  overrideReason
  scheduledAt
  createdAt
  report {
    recipients
    sent
    failed
    deferred
    suppressed
    suppressedByReason {
      reason
      count
    }
    unsubscribes
    feedbackYes
    feedbackNo
    usefulRate
  }
}`) as unknown as TypedDocumentString<NewsletterQuery, NewsletterQueryVariables>;
export const CheckContentDocument = new TypedDocumentString(`
    mutation CheckContent($input: CheckNewsletterContentInput!) {
  checkNewsletterContent(input: $input) {
    salesScore
    blocked
    findings {
      phrase
      reason
    }
  }
}
    `) as unknown as TypedDocumentString<CheckContentMutation, CheckContentMutationVariables>;
export const NewsletterPreviewDocument = new TypedDocumentString(`
    query NewsletterPreview($input: NewsletterPreviewInput!) {
  newsletterPreview(input: $input) {
    subject
    text
    html
  }
}
    `) as unknown as TypedDocumentString<NewsletterPreviewQuery, NewsletterPreviewQueryVariables>;
export const CreateNewsletterDocument = new TypedDocumentString(`
    mutation CreateNewsletter($input: CreateNewsletterInput!) {
  createNewsletter(input: $input) {
    ...NewsletterFields
  }
}
    fragment NewsletterFields on Newsletter {
  id
  title
  topic
  subject
  body
  audience {
    minPurchases
    purchasedWithinDays
    topicSubscribersOnly
  }
  audienceCount
  status
  contentCheck {
    salesScore
    blocked
    findings {
      phrase
      reason
    }
  }
  overrideReason
  scheduledAt
  createdAt
  report {
    recipients
    sent
    failed
    deferred
    suppressed
    suppressedByReason {
      reason
      count
    }
    unsubscribes
    feedbackYes
    feedbackNo
    usefulRate
  }
}`) as unknown as TypedDocumentString<CreateNewsletterMutation, CreateNewsletterMutationVariables>;
export const UpdateNewsletterDocument = new TypedDocumentString(`
    mutation UpdateNewsletter($input: UpdateNewsletterInput!) {
  updateNewsletter(input: $input) {
    ...NewsletterFields
  }
}
    fragment NewsletterFields on Newsletter {
  id
  title
  topic
  subject
  body
  audience {
    minPurchases
    purchasedWithinDays
    topicSubscribersOnly
  }
  audienceCount
  status
  contentCheck {
    salesScore
    blocked
    findings {
      phrase
      reason
    }
  }
  overrideReason
  scheduledAt
  createdAt
  report {
    recipients
    sent
    failed
    deferred
    suppressed
    suppressedByReason {
      reason
      count
    }
    unsubscribes
    feedbackYes
    feedbackNo
    usefulRate
  }
}`) as unknown as TypedDocumentString<UpdateNewsletterMutation, UpdateNewsletterMutationVariables>;
export const SendNewsletterDocument = new TypedDocumentString(`
    mutation SendNewsletter($input: SendNewsletterInput!) {
  sendNewsletter(input: $input) {
    ...NewsletterFields
  }
}
    fragment NewsletterFields on Newsletter {
  id
  title
  topic
  subject
  body
  audience {
    minPurchases
    purchasedWithinDays
    topicSubscribersOnly
  }
  audienceCount
  status
  contentCheck {
    salesScore
    blocked
    findings {
      phrase
      reason
    }
  }
  overrideReason
  scheduledAt
  createdAt
  report {
    recipients
    sent
    failed
    deferred
    suppressed
    suppressedByReason {
      reason
      count
    }
    unsubscribes
    feedbackYes
    feedbackNo
    usefulRate
  }
}`) as unknown as TypedDocumentString<SendNewsletterMutation, SendNewsletterMutationVariables>;
export const NewsletterAudienceCountDocument = new TypedDocumentString(`
    query NewsletterAudienceCount($input: NewsletterAudienceCountInput!) {
  newsletterAudienceCount(input: $input)
}
    `) as unknown as TypedDocumentString<NewsletterAudienceCountQuery, NewsletterAudienceCountQueryVariables>;
export const OverviewHealthDocument = new TypedDocumentString(`
    query OverviewHealth($from: Date!, $to: Date!) {
  healthReport(from: $from, to: $to, period: DAY) {
    periods {
      start
      purchases
      salesMinor
      activeCustomers
      enrolled
      pointsIssued
      pointsRedeemed
      rewardsIssued
    }
  }
  newsletters {
    id
    title
    status
    scheduledAt
    report {
      sent
      feedbackYes
      feedbackNo
      usefulRate
    }
  }
}
    `) as unknown as TypedDocumentString<OverviewHealthQuery, OverviewHealthQueryVariables>;
export const OverviewTasksDocument = new TypedDocumentString(`
    query OverviewTasks {
  followUpTaskCounts {
    open
    overdue
  }
}
    `) as unknown as TypedDocumentString<OverviewTasksQuery, OverviewTasksQueryVariables>;
export const RewardRulesDocument = new TypedDocumentString(`
    query RewardRules {
  rewardRules {
    ...RuleFields
  }
}
    fragment RuleFields on RewardRule {
  id
  name
  label
  status
  version
  trigger
  priority
  definition
  conditions
  budgetUsed
  health {
    errorCount
    lastError
    lastErrorAt
  }
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<RewardRulesQuery, RewardRulesQueryVariables>;
export const RewardRuleDocument = new TypedDocumentString(`
    query RewardRule($id: ID!) {
  rewardRule(id: $id) {
    ...RuleFields
    versions {
      id
      version
      label
      definition
      createdAt
    }
  }
}
    fragment RuleFields on RewardRule {
  id
  name
  label
  status
  version
  trigger
  priority
  definition
  conditions
  budgetUsed
  health {
    errorCount
    lastError
    lastErrorAt
  }
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<RewardRuleQuery, RewardRuleQueryVariables>;
export const RuleEditorDataDocument = new TypedDocumentString(`
    query RuleEditorData {
  rewardRuleCatalogue {
    triggers {
      code
      description
      argsSchema
    }
    conditions {
      code
      description
      argsSchema
    }
    actions {
      code
      description
      argsSchema
    }
  }
  catalogItems {
    id
    name
    costPoints
    active
  }
  tiers {
    id
    name
  }
}
    `) as unknown as TypedDocumentString<RuleEditorDataQuery, RuleEditorDataQueryVariables>;
export const CreateRewardRuleDocument = new TypedDocumentString(`
    mutation CreateRewardRule($input: CreateRewardRuleInput!) {
  createRewardRule(input: $input) {
    ...RuleFields
  }
}
    fragment RuleFields on RewardRule {
  id
  name
  label
  status
  version
  trigger
  priority
  definition
  conditions
  budgetUsed
  health {
    errorCount
    lastError
    lastErrorAt
  }
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<CreateRewardRuleMutation, CreateRewardRuleMutationVariables>;
export const UpdateRewardRuleDocument = new TypedDocumentString(`
    mutation UpdateRewardRule($input: UpdateRewardRuleInput!) {
  updateRewardRule(input: $input) {
    ...RuleFields
  }
}
    fragment RuleFields on RewardRule {
  id
  name
  label
  status
  version
  trigger
  priority
  definition
  conditions
  budgetUsed
  health {
    errorCount
    lastError
    lastErrorAt
  }
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<UpdateRewardRuleMutation, UpdateRewardRuleMutationVariables>;
export const ValidateRewardRuleDocument = new TypedDocumentString(`
    mutation ValidateRewardRule($input: ValidateRewardRuleInput!) {
  validateRewardRule(input: $input) {
    valid
    conditions
  }
}
    `) as unknown as TypedDocumentString<ValidateRewardRuleMutation, ValidateRewardRuleMutationVariables>;
export const ActivateRewardRuleDocument = new TypedDocumentString(`
    mutation ActivateRewardRule($input: RewardRuleIdInput!) {
  activateRewardRule(input: $input) {
    ...RuleFields
  }
}
    fragment RuleFields on RewardRule {
  id
  name
  label
  status
  version
  trigger
  priority
  definition
  conditions
  budgetUsed
  health {
    errorCount
    lastError
    lastErrorAt
  }
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<ActivateRewardRuleMutation, ActivateRewardRuleMutationVariables>;
export const PauseRewardRuleDocument = new TypedDocumentString(`
    mutation PauseRewardRule($input: RewardRuleIdInput!) {
  pauseRewardRule(input: $input) {
    ...RuleFields
  }
}
    fragment RuleFields on RewardRule {
  id
  name
  label
  status
  version
  trigger
  priority
  definition
  conditions
  budgetUsed
  health {
    errorCount
    lastError
    lastErrorAt
  }
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<PauseRewardRuleMutation, PauseRewardRuleMutationVariables>;
export const ArchiveRewardRuleDocument = new TypedDocumentString(`
    mutation ArchiveRewardRule($input: RewardRuleIdInput!) {
  archiveRewardRule(input: $input) {
    ...RuleFields
  }
}
    fragment RuleFields on RewardRule {
  id
  name
  label
  status
  version
  trigger
  priority
  definition
  conditions
  budgetUsed
  health {
    errorCount
    lastError
    lastErrorAt
  }
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<ArchiveRewardRuleMutation, ArchiveRewardRuleMutationVariables>;
export const SimulateRewardRuleDocument = new TypedDocumentString(`
    query SimulateRewardRule($input: SimulateRewardRuleInput!) {
  simulateRewardRule(input: $input) {
    purchasesReplayed
    matches
    customersAffected
    points
    rewards
    costPoints
    costMinor
    limitHits
    budgetHits
    refundCancels
    elapsedMs
    byDay {
      day
      purchases
      matches
      points
      rewards
      costPoints
      limitHits
      budgetHits
    }
    sample {
      purchaseId
      customerId
      occurredAt
      points
      rewards
      explanation
    }
  }
}
    `) as unknown as TypedDocumentString<SimulateRewardRuleQuery, SimulateRewardRuleQueryVariables>;
export const ReportSettingsDocument = new TypedDocumentString(`
    query ReportSettings {
  reportSettings {
    pointValueMinorPer100
  }
}
    `) as unknown as TypedDocumentString<ReportSettingsQuery, ReportSettingsQueryVariables>;
export const BootDocument = new TypedDocumentString(`
    query Boot {
  currentStaff {
    ...StaffFields
  }
}
    fragment StaffFields on StaffUser {
  id
  name
  email
  role
}`) as unknown as TypedDocumentString<BootQuery, BootQueryVariables>;
export const ProgramInfoDocument = new TypedDocumentString(`
    query ProgramInfo {
  program {
    id
    slug
    name
    currency
    timeZone
  }
}
    `) as unknown as TypedDocumentString<ProgramInfoQuery, ProgramInfoQueryVariables>;
export const SignInDocument = new TypedDocumentString(`
    mutation SignIn($input: SignInInput!) {
  signIn(input: $input) {
    staff {
      ...StaffFields
    }
    expiresAt
  }
}
    fragment StaffFields on StaffUser {
  id
  name
  email
  role
}`) as unknown as TypedDocumentString<SignInMutation, SignInMutationVariables>;
export const SignOutDocument = new TypedDocumentString(`
    mutation SignOut {
  signOut {
    signedOut
  }
}
    `) as unknown as TypedDocumentString<SignOutMutation, SignOutMutationVariables>;
export const AcceptInvitationDocument = new TypedDocumentString(`
    mutation AcceptInvitation($input: AcceptStaffInvitationInput!) {
  acceptStaffInvitation(input: $input) {
    staff {
      ...StaffFields
    }
    expiresAt
  }
}
    fragment StaffFields on StaffUser {
  id
  name
  email
  role
}`) as unknown as TypedDocumentString<AcceptInvitationMutation, AcceptInvitationMutationVariables>;
export const StaffSessionsDocument = new TypedDocumentString(`
    query StaffSessions {
  staffSessions {
    id
    createdAt
    lastSeenAt
    expiresAt
    userAgent
    current
  }
}
    `) as unknown as TypedDocumentString<StaffSessionsQuery, StaffSessionsQueryVariables>;
export const RevokeStaffSessionDocument = new TypedDocumentString(`
    mutation RevokeStaffSession($id: ID!) {
  revokeStaffSession(id: $id) {
    session {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<RevokeStaffSessionMutation, RevokeStaffSessionMutationVariables>;
export const TeamDocument = new TypedDocumentString(`
    query Team {
  staffUsers {
    id
    name
    email
    role
    createdAt
    disabledAt
    lastSignedInAt
  }
  staffInvitations {
    id
    email
    name
    role
    createdAt
    expiresAt
    invitedBy
  }
}
    `) as unknown as TypedDocumentString<TeamQuery, TeamQueryVariables>;
export const InviteStaffDocument = new TypedDocumentString(`
    mutation InviteStaff($input: InviteStaffInput!) {
  inviteStaff(input: $input) {
    invitation {
      id
      email
      role
      expiresAt
    }
    link
  }
}
    `) as unknown as TypedDocumentString<InviteStaffMutation, InviteStaffMutationVariables>;
export const DisableStaffUserDocument = new TypedDocumentString(`
    mutation DisableStaffUser($id: ID!) {
  disableStaffUser(id: $id) {
    staff {
      id
      disabledAt
    }
    sessionsRevoked
  }
}
    `) as unknown as TypedDocumentString<DisableStaffUserMutation, DisableStaffUserMutationVariables>;
export const TiersPageDocument = new TypedDocumentString(`
    query TiersPage {
  tiers(includeArchived: true) {
    ...TierFields
  }
  tierSettings {
    graceDays
    maxDowngradeRanks
  }
  catalogItems {
    id
    name
    active
  }
}
    fragment TierFields on Tier {
  id
  name
  rank
  metric
  threshold
  window {
    kind
    days
  }
  earnMultiplierPercent
  benefits
  welcomeReward {
    id
    name
  }
  version
  archivedAt
}`) as unknown as TypedDocumentString<TiersPageQuery, TiersPageQueryVariables>;
export const CreateTierDocument = new TypedDocumentString(`
    mutation CreateTier($input: CreateTierInput!) {
  createTier(input: $input) {
    ...TierFields
  }
}
    fragment TierFields on Tier {
  id
  name
  rank
  metric
  threshold
  window {
    kind
    days
  }
  earnMultiplierPercent
  benefits
  welcomeReward {
    id
    name
  }
  version
  archivedAt
}`) as unknown as TypedDocumentString<CreateTierMutation, CreateTierMutationVariables>;
export const UpdateTierDocument = new TypedDocumentString(`
    mutation UpdateTier($input: UpdateTierInput!) {
  updateTier(input: $input) {
    ...TierFields
  }
}
    fragment TierFields on Tier {
  id
  name
  rank
  metric
  threshold
  window {
    kind
    days
  }
  earnMultiplierPercent
  benefits
  welcomeReward {
    id
    name
  }
  version
  archivedAt
}`) as unknown as TypedDocumentString<UpdateTierMutation, UpdateTierMutationVariables>;
export const ArchiveTierDocument = new TypedDocumentString(`
    mutation ArchiveTier($input: ArchiveTierInput!) {
  archiveTier(input: $input) {
    customersMoved
  }
}
    `) as unknown as TypedDocumentString<ArchiveTierMutation, ArchiveTierMutationVariables>;
export const DeleteTierDocument = new TypedDocumentString(`
    mutation DeleteTier($input: DeleteTierInput!) {
  deleteTier(input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<DeleteTierMutation, DeleteTierMutationVariables>;
export const UpdateTierSettingsDocument = new TypedDocumentString(`
    mutation UpdateTierSettings($input: UpdateTierSettingsInput!) {
  updateTierSettings(input: $input) {
    graceDays
    maxDowngradeRanks
  }
}
    `) as unknown as TypedDocumentString<UpdateTierSettingsMutation, UpdateTierSettingsMutationVariables>;