import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { ProgramRow } from '../modules/programs/programs.repo';
import type { CustomerRow, NoteRow } from '../modules/customers/customers.repo';
import type { PreferencesParent } from './mappers';
import type { AuditRow } from '../modules/audit/audit.repo';
import type { BalanceParent } from '../modules/ledger/ledger.loaders';
import type { LedgerEntryRow } from '../modules/ledger/ledger.repo';
import type { EarningConfigModel } from '../modules/ledger/earning';
import type { AdjustResult } from '../workflows/adjust-points';
import type { PurchaseRow, PurchaseLineRow } from '../modules/purchases/purchases.repo';
import type { RecordPurchaseResult } from '../workflows/record-purchase';
import type { RecordPurchasesResult, BatchItemResult, ItemErrorModel } from '../workflows/record-purchases';
import type { PurchasePreviewModel, PreviewRewardModel } from '../workflows/preview-purchase';
import type { RefundPurchaseResult } from '../workflows/refund-purchase';
import type { CatalogItemRow, IssuedRewardRow } from '../modules/rewards/rewards.repo';
import type { RedeemResult } from '../workflows/redeem-reward';
import type { UseRewardResult, VoidRewardResult } from '../modules/rewards/rewards.service';
import type { TierRow, TierHistoryRow, TierSettingsRow } from '../modules/tiers/tiers.repo';
import type { TierProgressModel, TierRenewalModel } from '../modules/tiers/tiers.progress';
import type { ArchiveTierResult } from '../modules/tiers/tiers.service';
import type { MessageRow, TemplateRow } from '../modules/messaging/messaging.repo';
import type { NewsletterRow } from '../modules/messaging/newsletters.repo';
import type { SurveySettingsRow, SurveyRow, TaskRow, TaskCommentRow, FeedbackRow, ReplyRow } from '../modules/feedback/feedback.repo';
import type { FeedbackReportModel } from '../modules/feedback/reports.service';
import type { RuleRow, RuleVersionRow } from '../modules/rules/rules.repo';
import type { LiabilityModel, HealthModel, RulesReportModel, MessagingReportModel } from '../modules/reports/reports.service';
import type { StaffUserRow, StaffSessionRow, StaffInvitationRow } from '../modules/staff/staff.repo';
import type { InviteResult, SignInResult, DisableResult } from '../modules/staff/staff.service';
import type { EndpointRow, DeliveryRow } from '../modules/webhooks/webhooks.repo';
import type { FeedbackReceivedModel, BalanceModel } from '../modules/events/live';
import type { GraphQLContext } from './context';
export type Maybe<T> = T | null;
export type InputMaybe<T> = T | null | undefined;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A calendar date, YYYY-MM-DD (birthdays have no time zone). */
  Date: { input: string; output: string; }
  /** An ISO-8601 date-time with offset; stored in UTC. */
  DateTime: { input: Date; output: Date; }
  /** Any JSON value: a rule definition, an argument schema, an audit entry's details. */
  JSON: { input: unknown; output: unknown; }
};

export type AcceptStaffInvitationInput = {
  name: Scalars['String']['input'];
  /** At least 12 characters, not the email address. */
  password: Scalars['String']['input'];
  /** The token from the emailed link (…/console/accept?token=…). */
  token: Scalars['String']['input'];
};

export type AddCustomerNoteInput = {
  /** 1–2000 characters of plain text. */
  body: Scalars['String']['input'];
  customerId: Scalars['ID']['input'];
  pinned?: InputMaybe<Scalars['Boolean']['input']>;
};

export type AdjustPointsInput = {
  customerId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  /** Signed, not zero. A negative adjustment may not take available below zero. */
  points: Scalars['Int']['input'];
  reason: Scalars['String']['input'];
};

export type AdjustPointsPayload = {
  __typename?: 'AdjustPointsPayload';
  customer: Customer;
  entry: LedgerEntry;
  replayed: Scalars['Boolean']['output'];
};

export type ArchiveTierInput = {
  id: Scalars['ID']['input'];
  /** Where the tier's holders move; required when anyone holds it. */
  moveHoldersTo?: InputMaybe<Scalars['ID']['input']>;
};

export type ArchiveTierPayload = {
  __typename?: 'ArchiveTierPayload';
  customersMoved: Scalars['Int']['output'];
  tier: Tier;
};

export type AssignFollowUpTaskInput = {
  /** A name alone, for a team without console accounts. Both null unassigns. */
  assignee?: InputMaybe<Scalars['String']['input']>;
  /** The colleague (an active staff user of the program, see followUpAssignees): their id and name are stored. Takes the place of assignee. */
  assigneeId?: InputMaybe<Scalars['ID']['input']>;
  taskId: Scalars['ID']['input'];
};

export type AuditLogEntry = {
  __typename?: 'AuditLogEntry';
  action: Scalars['String']['output'];
  actorId: Maybe<Scalars['String']['output']>;
  actorKind: Scalars['String']['output'];
  /** The person, when a staff member did it through a console session (actorKind "staff"). */
  actorName: Maybe<Scalars['String']['output']>;
  actorRole: Maybe<Scalars['String']['output']>;
  createdAt: Scalars['DateTime']['output'];
  /** What was changed, as recorded (fields differ by action). */
  data: Scalars['JSON']['output'];
  /**
   * The details as a string of JSON; data has them as an object.
   * @deprecated Use data
   */
  details: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  targetId: Maybe<Scalars['String']['output']>;
  targetType: Scalars['String']['output'];
};

/** A customer's points as they are now (sent on every change, and first when a subscription starts). */
export type Balance = {
  __typename?: 'Balance';
  /** When this balance was read. */
  at: Scalars['DateTime']['output'];
  available: Scalars['Int']['output'];
  customerId: Scalars['ID']['output'];
  expiringSoon: Array<ExpiringPoints>;
  lifetimeEarned: Scalars['Int']['output'];
  pending: Scalars['Int']['output'];
};

export type CatalogItem = {
  __typename?: 'CatalogItem';
  active: Scalars['Boolean']['output'];
  activeFrom: Maybe<Scalars['DateTime']['output']>;
  activeUntil: Maybe<Scalars['DateTime']['output']>;
  costPoints: Scalars['Int']['output'];
  description: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  /** null = unlimited. */
  stock: Maybe<Scalars['Int']['output']>;
  /** Days an issued reward stays usable; null = no expiry. */
  validDays: Maybe<Scalars['Int']['output']>;
};

export type CategoryMultiplier = {
  __typename?: 'CategoryMultiplier';
  category: Scalars['String']['output'];
  /** Integer percentage: 150 earns 1.5x. */
  percent: Scalars['Int']['output'];
};

export type CategoryMultiplierInput = {
  category: Scalars['String']['input'];
  percent: Scalars['Int']['input'];
};

export type Channel =
  | 'EMAIL'
  | 'PUSH'
  | 'SMS';

export type ChannelConsent = {
  __typename?: 'ChannelConsent';
  changedAt: Maybe<Scalars['DateTime']['output']>;
  channel: Channel;
  /** Where consent was given or withdrawn (app, till, unsubscribe link…). */
  source: Maybe<Scalars['String']['output']>;
  state: ConsentState;
};

export type CheckNewsletterContentInput = {
  /** The template source, text or HTML. */
  body: Scalars['String']['input'];
  subject?: InputMaybe<Scalars['String']['input']>;
};

export type CommentOnFollowUpTaskInput = {
  body: Scalars['String']['input'];
  taskId: Scalars['ID']['input'];
};

export type ConsentInput = {
  channel: Channel;
  granted: Scalars['Boolean']['input'];
};

export type ConsentState =
  | 'DENIED'
  | 'GRANTED'
  | 'UNKNOWN';

export type ContactPreferences = {
  __typename?: 'ContactPreferences';
  consents: Array<ChannelConsent>;
  newsletterTopics: Array<Scalars['String']['output']>;
  preferredChannel: Maybe<Channel>;
  quietHoursEnd: Maybe<Scalars['Int']['output']>;
  /** Minutes after local midnight, in the customer's time zone. */
  quietHoursStart: Maybe<Scalars['Int']['output']>;
  /** Never send an SMS unless the customer has texted the program first. */
  smsOnlyAfterInbound: Scalars['Boolean']['output'];
};

export type ContentCheck = {
  __typename?: 'ContentCheck';
  blocked: Scalars['Boolean']['output'];
  findings: Array<ContentFinding>;
  /** 0 = purely useful, 1 = pure sales. */
  salesScore: Scalars['Float']['output'];
};

export type ContentFinding = {
  __typename?: 'ContentFinding';
  phrase: Scalars['String']['output'];
  reason: Scalars['String']['output'];
};

export type CreateCustomerSessionInput = {
  customerId: Scalars['ID']['input'];
};

export type CreateNewsletterInput = {
  audience?: InputMaybe<NewsletterAudienceInput>;
  /** Liquid template (HTML); a usefulness question and unsubscribe links are appended. */
  body: Scalars['String']['input'];
  subject: Scalars['String']['input'];
  title: Scalars['String']['input'];
  topic?: InputMaybe<Scalars['String']['input']>;
};

export type CreateRewardRuleInput = {
  definition: Scalars['JSON']['input'];
  label: Scalars['String']['input'];
  name: Scalars['String']['input'];
};

export type CreateTierInput = {
  benefits?: InputMaybe<Scalars['String']['input']>;
  /** Default 100 (1x). */
  earnMultiplierPercent?: InputMaybe<Scalars['Int']['input']>;
  metric: TierMetric;
  name: Scalars['String']['input'];
  rank: Scalars['Int']['input'];
  threshold: Scalars['Int']['input'];
  welcomeCatalogItemId?: InputMaybe<Scalars['ID']['input']>;
  window: TierWindowInput;
};

export type CreateWebhookEndpointInput = {
  description?: InputMaybe<Scalars['String']['input']>;
  enabled?: InputMaybe<Scalars['Boolean']['input']>;
  /** Event types to send; absent or empty: every event. */
  events?: InputMaybe<Array<Scalars['String']['input']>>;
  url: Scalars['String']['input'];
};

/** The endpoint and its signing secret: shown here once, never again. */
export type CreateWebhookEndpointPayload = {
  __typename?: 'CreateWebhookEndpointPayload';
  endpoint: WebhookEndpoint;
  secret: Scalars['String']['output'];
};

export type Customer = {
  __typename?: 'Customer';
  balance: PointsBalance;
  birthday: Maybe<Scalars['Date']['output']>;
  email: Maybe<Scalars['String']['output']>;
  enrolledAt: Scalars['DateTime']['output'];
  externalId: Maybe<Scalars['String']['output']>;
  firstName: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  lastName: Maybe<Scalars['String']['output']>;
  /** Every points movement, newest first. */
  ledger: LedgerConnection;
  locale: Maybe<Scalars['String']['output']>;
  /** Messages to this customer, newest first. Staff, or the customer's own session. */
  messages: MessageConnection;
  /** Staff notes, pinned first. Never visible to a customer session. */
  notes: Array<CustomerNote>;
  phone: Maybe<Scalars['String']['output']>;
  preferences: ContactPreferences;
  /** Purchases, newest first. */
  purchases: PurchaseConnection;
  rewards: Array<IssuedReward>;
  /** Null before any tier. */
  tier: Maybe<Tier>;
  /** Tier changes, newest first. */
  tierHistory: Array<TierChange>;
  /** Null at the top tier (or when the program has no tiers). */
  tierProgress: Maybe<TierProgress>;
  /** Null without a tier. */
  tierRenewal: Maybe<TierRenewal>;
  timeZone: Maybe<Scalars['String']['output']>;
};


export type CustomerLedgerArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type CustomerMessagesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type CustomerPurchasesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type CustomerRewardsArgs = {
  status?: InputMaybe<RewardStatus>;
};

export type CustomerConnection = {
  __typename?: 'CustomerConnection';
  edges: Array<CustomerEdge>;
  pageInfo: PageInfo;
};

export type CustomerDataExport = {
  __typename?: 'CustomerDataExport';
  customerId: Scalars['ID']['output'];
  /**
   * Everything held about the customer as one JSON document: profile, preferences, consents and
   * their history, tier and its history, balance, purchases with lines, ledger, rewards, messages,
   * survey answers, feedback with replies; staff notes and follow-up tasks only for API keys.
   * See docs/data.md.
   */
  document: Scalars['JSON']['output'];
  generatedAt: Scalars['DateTime']['output'];
};

export type CustomerEdge = {
  __typename?: 'CustomerEdge';
  cursor: Scalars['String']['output'];
  node: Customer;
};

export type CustomerNote = {
  __typename?: 'CustomerNote';
  author: Scalars['String']['output'];
  /** Plain text: HTML is stored as typed and must be shown escaped. */
  body: Scalars['String']['output'];
  createdAt: Scalars['DateTime']['output'];
  customerId: Scalars['ID']['output'];
  id: Scalars['ID']['output'];
  pinned: Scalars['Boolean']['output'];
  updatedAt: Scalars['DateTime']['output'];
};

export type CustomerSession = {
  __typename?: 'CustomerSession';
  expiresAt: Scalars['DateTime']['output'];
  token: Scalars['String']['output'];
};

export type DeleteCustomerNoteInput = {
  noteId: Scalars['ID']['input'];
};

export type DeleteCustomerNotePayload = {
  __typename?: 'DeleteCustomerNotePayload';
  noteId: Scalars['ID']['output'];
};

export type DeleteTierInput = {
  id: Scalars['ID']['input'];
};

export type DeleteTierPayload = {
  __typename?: 'DeleteTierPayload';
  id: Scalars['ID']['output'];
};

export type DeleteWebhookEndpointInput = {
  id: Scalars['ID']['input'];
};

export type DeleteWebhookEndpointPayload = {
  __typename?: 'DeleteWebhookEndpointPayload';
  id: Scalars['ID']['output'];
};

export type DisableStaffUserPayload = {
  __typename?: 'DisableStaffUserPayload';
  /** Sessions the account had that were ended. */
  sessionsRevoked: Scalars['Int']['output'];
  staff: StaffUser;
};

/** How purchases earn points. A new program earns 1 point per whole currency unit, at once, never expiring. */
export type EarningConfig = {
  __typename?: 'EarningConfig';
  /** Record a purchase for an unknown customerExternalId by enrolling the customer. */
  autoEnroll: Scalars['Boolean']['output'];
  /** How many days in the past a purchase's occurredAt may be. */
  backdatingDays: Scalars['Int']['output'];
  categoryMultipliers: Array<CategoryMultiplier>;
  excludedCategories: Array<Scalars['String']['output']>;
  expiryDays: Maybe<Scalars['Int']['output']>;
  expiryPolicy: ExpiryPolicy;
  /** Days points stay pending after the purchase. */
  pendingDays: Scalars['Int']['output'];
  pointsPerUnit: Scalars['Int']['output'];
  rounding: Rounding;
  /** A sku's multiplier wins over its category's. */
  skuMultipliers: Array<SkuMultiplier>;
  updatedAt: Maybe<Scalars['DateTime']['output']>;
};

export type EffectGroup = {
  __typename?: 'EffectGroup';
  customers: Scalars['Int']['output'];
  meanSpendMinor: Maybe<Scalars['Int']['output']>;
  returnRateBp: Maybe<Scalars['Int']['output']>;
  returned: Scalars['Int']['output'];
};

export type EffectVerdict =
  | 'NO_CLEAR_DIFFERENCE'
  | 'TOO_SMALL'
  | 'TREATED_RETURN_LESS'
  | 'TREATED_RETURN_MORE';

export type EnrollCustomerInput = {
  birthday?: InputMaybe<Scalars['Date']['input']>;
  /** Where that consent was given ("till sign-up form"): defaults to the key's role. */
  consentSource?: InputMaybe<Scalars['String']['input']>;
  /** Consent given at sign-up, one entry per channel; recorded with the enrolment's time. */
  consents?: InputMaybe<Array<ConsentInput>>;
  email?: InputMaybe<Scalars['String']['input']>;
  externalId?: InputMaybe<Scalars['String']['input']>;
  firstName?: InputMaybe<Scalars['String']['input']>;
  lastName?: InputMaybe<Scalars['String']['input']>;
  locale?: InputMaybe<Scalars['String']['input']>;
  phone?: InputMaybe<Scalars['String']['input']>;
  timeZone?: InputMaybe<Scalars['String']['input']>;
};

export type EnrollCustomerPayload = {
  __typename?: 'EnrollCustomerPayload';
  /** False when a customer with this externalId already existed (and was returned as is). */
  created: Scalars['Boolean']['output'];
  customer: Customer;
};

export type EraseCustomerInput = {
  customerId: Scalars['ID']['input'];
  /** Why (a customer's request, a ticket number); kept in the audit log, the person's name taken out. */
  reason: Scalars['String']['input'];
};

export type EraseCustomerPayload = {
  __typename?: 'EraseCustomerPayload';
  customerId: Scalars['ID']['output'];
  /** When the customer was erased: the same on every later call. */
  erasedAt: Scalars['DateTime']['output'];
};

export type ExpiringPoints = {
  __typename?: 'ExpiringPoints';
  expiresAt: Scalars['DateTime']['output'];
  points: Scalars['Int']['output'];
};

export type ExpiryMonth = {
  __typename?: 'ExpiryMonth';
  /** Local month (YYYY-MM) the points lapse in; null = never. */
  month: Maybe<Scalars['String']['output']>;
  points: Scalars['Int']['output'];
  valueMinor: Maybe<Scalars['Int']['output']>;
};

export type ExpiryPolicy =
  /** Points expire expiryDays after they were earned. */
  | 'FIXED_DAYS'
  /** All points expire expiryDays after the customer's last purchase. */
  | 'INACTIVITY'
  /** Points never expire. */
  | 'NONE';

export type ExportCustomerDataInput = {
  /** Required for API keys; a customer session always exports its own data. */
  customerId?: InputMaybe<Scalars['ID']['input']>;
};

export type FeedbackFilter = {
  /** One customer's items (staff; a customer session sees only its own anyway). */
  customerId?: InputMaybe<Scalars['ID']['input']>;
  status?: InputMaybe<FollowUpStatus>;
  topic?: InputMaybe<Scalars['String']['input']>;
};

export type FeedbackItem = {
  __typename?: 'FeedbackItem';
  createdAt: Scalars['DateTime']['output'];
  customer: Customer;
  firstResponseAt: Maybe<Scalars['DateTime']['output']>;
  /** Seconds from the item to the first staff reply. */
  firstResponseSeconds: Maybe<Scalars['Int']['output']>;
  id: Scalars['ID']['output'];
  /** Plain text as typed; show it escaped. */
  message: Scalars['String']['output'];
  purchaseId: Maybe<Scalars['ID']['output']>;
  /** Staff replies, oldest first: the thread. */
  replies: Array<FeedbackReply>;
  resolvedAt: Maybe<Scalars['DateTime']['output']>;
  status: FollowUpStatus;
  topic: Scalars['String']['output'];
};

export type FeedbackItemConnection = {
  __typename?: 'FeedbackItemConnection';
  edges: Array<FeedbackItemEdge>;
  pageInfo: PageInfo;
};

export type FeedbackItemEdge = {
  __typename?: 'FeedbackItemEdge';
  cursor: Scalars['String']['output'];
  node: FeedbackItem;
};

/** A staff notification: a customer sent feedback. */
export type FeedbackReceived = {
  __typename?: 'FeedbackReceived';
  customerId: Scalars['ID']['output'];
  feedback: Maybe<FeedbackItem>;
  feedbackId: Scalars['ID']['output'];
};

export type FeedbackReply = {
  __typename?: 'FeedbackReply';
  author: Scalars['String']['output'];
  body: Scalars['String']['output'];
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  messageId: Maybe<Scalars['ID']['output']>;
};

export type FeedbackReport = {
  __typename?: 'FeedbackReport';
  medianFirstResponseSeconds: Maybe<Scalars['Int']['output']>;
  medianResolutionSeconds: Maybe<Scalars['Int']['output']>;
  openTasks: Scalars['Int']['output'];
  overdueTasks: Scalars['Int']['output'];
  /** Percent of the surveys sent in the period that were answered. */
  responseRate: Maybe<Scalars['Int']['output']>;
  scores: Array<SurveyScoreDay>;
  surveysAnswered: Scalars['Int']['output'];
  /** Surveys delivered in the period, or answered: one suppressed (consent, quiet hours, budget) or not yet sent does not count. */
  surveysSent: Scalars['Int']['output'];
};

export type FollowUpComment = {
  __typename?: 'FollowUpComment';
  author: Scalars['String']['output'];
  body: Scalars['String']['output'];
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
};

export type FollowUpStatus =
  | 'OPEN'
  | 'RESOLVED';

export type FollowUpTask = {
  __typename?: 'FollowUpTask';
  /** Who it is assigned to: the staff user's name when assigned (or a name typed before accounts). */
  assignee: Maybe<Scalars['String']['output']>;
  /** The staff user it is assigned to; null when unassigned or assigned by a name alone. */
  assigneeId: Maybe<Scalars['ID']['output']>;
  /** The survey comment, plain text as typed; show it escaped. */
  comment: Maybe<Scalars['String']['output']>;
  comments: Array<FollowUpComment>;
  createdAt: Scalars['DateTime']['output'];
  customer: Customer;
  dueAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  kind: FollowUpTaskKind;
  outcome: Maybe<Scalars['String']['output']>;
  overdue: Scalars['Boolean']['output'];
  purchaseId: Maybe<Scalars['ID']['output']>;
  resolvedAt: Maybe<Scalars['DateTime']['output']>;
  score: Maybe<Scalars['Int']['output']>;
  status: FollowUpStatus;
  surveyId: Maybe<Scalars['ID']['output']>;
  /** What to do, for a task a rule made ("call Ana about her 10th visit"). */
  title: Maybe<Scalars['String']['output']>;
};

export type FollowUpTaskConnection = {
  __typename?: 'FollowUpTaskConnection';
  edges: Array<FollowUpTaskEdge>;
  pageInfo: PageInfo;
};

export type FollowUpTaskCounts = {
  __typename?: 'FollowUpTaskCounts';
  open: Scalars['Int']['output'];
  overdue: Scalars['Int']['output'];
};

export type FollowUpTaskEdge = {
  __typename?: 'FollowUpTaskEdge';
  cursor: Scalars['String']['output'];
  node: FollowUpTask;
};

export type FollowUpTaskFilter = {
  assignee?: InputMaybe<Scalars['String']['input']>;
  /** Assigned to this staff user (assignFollowUpTask's assigneeId). */
  assigneeId?: InputMaybe<Scalars['ID']['input']>;
  /** One customer's tasks. */
  customerId?: InputMaybe<Scalars['ID']['input']>;
  kind?: InputMaybe<FollowUpTaskKind>;
  /** Open and past due. */
  overdue?: InputMaybe<Scalars['Boolean']['input']>;
  status?: InputMaybe<FollowUpStatus>;
};

export type FollowUpTaskKind =
  | 'CALL_CUSTOMER'
  | 'LOW_SCORE'
  /** Made by a reward rule's CREATE_TASK action; its title says what to do. */
  | 'RULE';

export type FollowUpTimes = {
  __typename?: 'FollowUpTimes';
  feedbackItems: Scalars['Int']['output'];
  medianFeedbackFirstResponseMinutes: Maybe<Scalars['Int']['output']>;
  medianFeedbackResolutionMinutes: Maybe<Scalars['Int']['output']>;
  medianTaskFirstResponseMinutes: Maybe<Scalars['Int']['output']>;
  medianTaskResolutionMinutes: Maybe<Scalars['Int']['output']>;
  tasksCreated: Scalars['Int']['output'];
  tasksResolved: Scalars['Int']['output'];
};

export type HealthPeriod = {
  __typename?: 'HealthPeriod';
  /** Customers with a purchase in the period. */
  activeCustomers: Scalars['Int']['output'];
  enrolled: Scalars['Int']['output'];
  medianHoursBetweenVisits: Maybe<Scalars['Int']['output']>;
  /** Net staff adjustments. */
  pointsAdjusted: Scalars['Int']['output'];
  pointsExpired: Scalars['Int']['output'];
  pointsIssued: Scalars['Int']['output'];
  pointsRedeemed: Scalars['Int']['output'];
  /** Points given back (a voided reward). */
  pointsReturned: Scalars['Int']['output'];
  pointsReversed: Scalars['Int']['output'];
  purchases: Scalars['Int']['output'];
  /** returning ÷ active, basis points. */
  repeatRateBp: Maybe<Scalars['Int']['output']>;
  /** Active customers who had bought before the period began. */
  returningCustomers: Scalars['Int']['output'];
  rewardsIssued: Scalars['Int']['output'];
  rewardsUsed: Scalars['Int']['output'];
  salesMinor: Scalars['Int']['output'];
  /** Local date the period starts. */
  start: Scalars['Date']['output'];
  tierDowngrades: Scalars['Int']['output'];
  tierUpgrades: Scalars['Int']['output'];
};

export type HealthReport = {
  __typename?: 'HealthReport';
  cohorts: Array<RetentionCohort>;
  currency: Scalars['String']['output'];
  from: Scalars['Date']['output'];
  period: ReportPeriod;
  periods: Array<HealthPeriod>;
  /** Members per tier at the end of the range. */
  tierMix: Array<TierCount>;
  timeZone: Scalars['String']['output'];
  to: Scalars['Date']['output'];
  totals: HealthTotals;
};

export type HealthTotals = {
  __typename?: 'HealthTotals';
  activeCustomers: Scalars['Int']['output'];
  enrolled: Scalars['Int']['output'];
  purchases: Scalars['Int']['output'];
  salesMinor: Scalars['Int']['output'];
};

export type InputIssue = {
  __typename?: 'InputIssue';
  message: Scalars['String']['output'];
  path: Scalars['String']['output'];
};

export type InviteStaffInput = {
  email: Scalars['String']['input'];
  name?: InputMaybe<Scalars['String']['input']>;
  role: StaffRole;
};

export type InviteStaffPayload = {
  __typename?: 'InviteStaffPayload';
  invitation: StaffInvitation;
  /** The sign-in link that was emailed (shown to admins so it can also be passed on by hand). */
  link: Scalars['String']['output'];
};

export type IssuedReward = {
  __typename?: 'IssuedReward';
  code: Scalars['String']['output'];
  costPoints: Scalars['Int']['output'];
  customer: Customer;
  expiresAt: Maybe<Scalars['DateTime']['output']>;
  id: Scalars['ID']['output'];
  issuedAt: Scalars['DateTime']['output'];
  /** Why it was given: the reward rule's customer-facing label ("Thank you for your 5th visit!"). */
  label: Maybe<Scalars['String']['output']>;
  name: Scalars['String']['output'];
  status: RewardStatus;
  usedAt: Maybe<Scalars['DateTime']['output']>;
  /** The purchase it was used on, when useReward named one. */
  usedOnPurchase: Maybe<Purchase>;
};

/** The error of one item of a batch, as the request would have failed on its own. */
export type ItemError = {
  __typename?: 'ItemError';
  /** One of the API's error codes (BAD_USER_INPUT, NOT_FOUND, IDEMPOTENCY_CONFLICT, ...). */
  code: Scalars['String']['output'];
  /** IDEMPOTENCY_CONFLICT: the input fields that differ from the purchase first sent with this key. */
  fields: Array<Scalars['String']['output']>;
  /** BAD_USER_INPUT: what is wrong, with paths into the batch (input.purchases.3.lines.0.quantity). */
  issues: Array<InputIssue>;
  message: Scalars['String']['output'];
};

export type LedgerConnection = {
  __typename?: 'LedgerConnection';
  edges: Array<LedgerEdge>;
  pageInfo: PageInfo;
};

export type LedgerEdge = {
  __typename?: 'LedgerEdge';
  cursor: Scalars['String']['output'];
  node: LedgerEntry;
};

export type LedgerEntry = {
  __typename?: 'LedgerEntry';
  availableAt: Maybe<Scalars['DateTime']['output']>;
  /** EARN of a purchase: points before the tier multiplier. */
  basePoints: Maybe<Scalars['Int']['output']>;
  /** EARN of a purchase: the extra points from the tier multiplier (reason names the tier). */
  bonusPoints: Maybe<Scalars['Int']['output']>;
  createdAt: Scalars['DateTime']['output'];
  expiresAt: Maybe<Scalars['DateTime']['output']>;
  id: Scalars['ID']['output'];
  kind: LedgerKind;
  /** Signed: positive adds points, negative takes them. */
  points: Scalars['Int']['output'];
  purchase: Maybe<Purchase>;
  reason: Maybe<Scalars['String']['output']>;
  reward: Maybe<IssuedReward>;
};

export type LedgerKind =
  | 'ADJUST'
  | 'BONUS'
  | 'EARN'
  | 'EXPIRE'
  | 'REDEEM'
  | 'REVERSAL';

export type LiabilityReport = {
  __typename?: 'LiabilityReport';
  asOf: Scalars['DateTime']['output'];
  availableMinor: Maybe<Scalars['Int']['output']>;
  availablePoints: Scalars['Int']['output'];
  breakageMinor: Maybe<Scalars['Int']['output']>;
  /** Realised breakage: points that lapsed unspent up to asOf. */
  breakagePoints: Scalars['Int']['output'];
  /** Breakage ÷ (breakage + redeemed) up to asOf, basis points; null with neither. */
  breakageRateBp: Maybe<Scalars['Int']['output']>;
  currency: Scalars['String']['output'];
  /** Points customers owe (refunds of points already spent); not netted off the liability. */
  debtPoints: Scalars['Int']['output'];
  estimatedFutureBreakageMinor: Maybe<Scalars['Int']['output']>;
  /** The liability expected to lapse unspent, at the historic rate. */
  estimatedFutureBreakagePoints: Scalars['Int']['output'];
  expirySchedule: Array<ExpiryMonth>;
  /** Points lapsed by asOf that the expiry job had not written off yet (not in the liability). */
  lapsedNotWrittenOff: Scalars['Int']['output'];
  liabilityMinor: Maybe<Scalars['Int']['output']>;
  /** available + pending: what the program owes, in points. */
  liabilityPoints: Scalars['Int']['output'];
  pendingMinor: Maybe<Scalars['Int']['output']>;
  pendingPoints: Scalars['Int']['output'];
  pointValueMinorPer100: Maybe<Scalars['Int']['output']>;
  redeemedPoints: Scalars['Int']['output'];
  timeZone: Scalars['String']['output'];
};

export type Message = {
  __typename?: 'Message';
  attempts: Scalars['Int']['output'];
  channel: Channel;
  dedupeKey: Scalars['String']['output'];
  error: Maybe<Scalars['String']['output']>;
  html: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  kind: MessageKind;
  providerId: Maybe<Scalars['String']['output']>;
  queuedAt: Scalars['DateTime']['output'];
  recipient: Maybe<Scalars['String']['output']>;
  sendAfter: Maybe<Scalars['DateTime']['output']>;
  sentAt: Maybe<Scalars['DateTime']['output']>;
  status: MessageStatus;
  subject: Maybe<Scalars['String']['output']>;
  templateKey: Scalars['String']['output'];
  templateVersion: Maybe<Scalars['Int']['output']>;
  text: Maybe<Scalars['String']['output']>;
  /** smtp, local (the embedded default's outbox) or webhook. */
  transport: Maybe<Scalars['String']['output']>;
};

export type MessageConnection = {
  __typename?: 'MessageConnection';
  edges: Array<MessageEdge>;
  pageInfo: PageInfo;
};

export type MessageEdge = {
  __typename?: 'MessageEdge';
  cursor: Scalars['String']['output'];
  node: Message;
};

export type MessageKind =
  | 'NEWSLETTER'
  | 'NOTICE'
  | 'REPLY'
  | 'SURVEY'
  | 'THANK_YOU';

export type MessagePreview = {
  __typename?: 'MessagePreview';
  html: Maybe<Scalars['String']['output']>;
  subject: Maybe<Scalars['String']['output']>;
  text: Scalars['String']['output'];
};

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

/**
 * A liquid template (one version). Variables: customer { id firstName lastName email phone
 * locale }, program { name currency }, purchase { id totalMinor total currency storeCode
 * occurredAt pointsEarned }, reward { name code expiresAt }, tier { name }, points { available
 * expiring expiresAt }, newsletter { title topic }, unsubscribeUrl, preferencesUrl,
 * usefulYesUrl, usefulNoUrl.
 */
export type MessageTemplate = {
  __typename?: 'MessageTemplate';
  channel: Channel;
  createdAt: Scalars['DateTime']['output'];
  html: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  key: Scalars['String']['output'];
  locale: Scalars['String']['output'];
  subject: Maybe<Scalars['String']['output']>;
  text: Scalars['String']['output'];
  version: Scalars['Int']['output'];
};

export type MessagingReport = {
  __typename?: 'MessagingReport';
  followUps: FollowUpTimes;
  from: Scalars['Date']['output'];
  newsletters: Array<NewsletterStats>;
  period: ReportPeriod;
  scores: Array<ScorePeriod>;
  surveysAnswered: Scalars['Int']['output'];
  surveysSent: Scalars['Int']['output'];
  timeZone: Scalars['String']['output'];
  to: Scalars['Date']['output'];
};

/** Each module extends this with its own mutations. */
export type Mutation = {
  __typename?: 'Mutation';
  /** Redeems an invitation (once), creates the account and signs in. Needs no token. */
  acceptStaffInvitation: SignInPayload;
  activateRewardRule: RewardRule;
  addCustomerNote: CustomerNote;
  adjustPoints: AdjustPointsPayload;
  archiveRewardRule: RewardRule;
  /** Archive instead of delete: holders move to another tier. */
  archiveTier: ArchiveTierPayload;
  assignFollowUpTask: FollowUpTask;
  /** Scores a newsletter draft for sales language without saving it. */
  checkNewsletterContent: ContentCheck;
  commentOnFollowUpTask: FollowUpComment;
  createCustomerSession: CustomerSession;
  createNewsletter: Newsletter;
  createRewardRule: RewardRule;
  createTier: Tier;
  /** admin. The secret is in the payload, once. */
  createWebhookEndpoint: CreateWebhookEndpointPayload;
  deleteCustomerNote: DeleteCustomerNotePayload;
  /** Only for a tier nobody holds or ever held. */
  deleteTier: DeleteTierPayload;
  /** admin */
  deleteWebhookEndpoint: DeleteWebhookEndpointPayload;
  /** Disables an account and ends its sessions (admin). An admin cannot disable themselves. */
  disableStaffUser: DisableStaffUserPayload;
  enrollCustomer: EnrollCustomerPayload;
  /** Erases a customer's personal data everywhere; keeps ledger amounts and purchases. See docs/data.md. */
  eraseCustomer: EraseCustomerPayload;
  /** A customer's own data (admin, or the customer's own session). */
  exportCustomerData: CustomerDataExport;
  /** Emails a single-use sign-in link (admin). */
  inviteStaff: InviteStaffPayload;
  pauseRewardRule: RewardRule;
  previewMessageTemplate: MessagePreview;
  /** The customer contacted us on a channel (needed before any SMS when smsOnlyAfterInbound). */
  recordInboundMessage: Customer;
  recordPurchase: RecordPurchasePayload;
  /** pos: an offline till's backlog, one result per item. */
  recordPurchases: RecordPurchasesPayload;
  redeemReward: RedeemRewardPayload;
  refundPurchase: RefundPurchasePayload;
  /** admin. Sends a recorded event to the endpoint again (same event id). */
  replayWebhookEvent: WebhookDelivery;
  replyToFeedback: FeedbackReply;
  resolveFeedback: FeedbackItem;
  resolveFollowUpTask: FollowUpTask;
  /** Ends one of the signed-in person's own sessions. */
  revokeStaffSession: RevokeStaffSessionPayload;
  /** admin. A new secret; the previous one signs too for the overlap window. */
  rotateWebhookSecret: RotateWebhookSecretPayload;
  sendFeedback: FeedbackItem;
  sendNewsletter: Newsletter;
  /** Checks email and password and sets the regulars_session cookie. Needs no token. */
  signIn: SignInPayload;
  /** Ends this request's session and clears the cookie. */
  signOut: SignOutPayload;
  submitSurveyResponse: Survey;
  updateContactPreferences: ContactPreferences;
  updateCustomer: Customer;
  updateCustomerNote: CustomerNote;
  updateEarningConfig: EarningConfig;
  updateNewsletter: Newsletter;
  updateReportSettings: ReportSettings;
  /** A draft is edited in place; an active or paused rule publishes a new version. */
  updateRewardRule: RewardRule;
  updateSurveySettings: SurveySettings;
  updateTier: Tier;
  updateTierSettings: TierSettings;
  /** admin */
  updateWebhookEndpoint: WebhookEndpoint;
  upsertCatalogItem: CatalogItem;
  upsertMessageTemplate: MessageTemplate;
  useReward: UseRewardPayload;
  /** Checks a definition without saving: BAD_USER_INPUT with paths, or valid. */
  validateRewardRule: ValidateRewardRulePayload;
  voidReward: VoidRewardPayload;
};


/** Each module extends this with its own mutations. */
export type MutationAcceptStaffInvitationArgs = {
  input: AcceptStaffInvitationInput;
};


/** Each module extends this with its own mutations. */
export type MutationActivateRewardRuleArgs = {
  input: RewardRuleIdInput;
};


/** Each module extends this with its own mutations. */
export type MutationAddCustomerNoteArgs = {
  input: AddCustomerNoteInput;
};


/** Each module extends this with its own mutations. */
export type MutationAdjustPointsArgs = {
  input: AdjustPointsInput;
};


/** Each module extends this with its own mutations. */
export type MutationArchiveRewardRuleArgs = {
  input: RewardRuleIdInput;
};


/** Each module extends this with its own mutations. */
export type MutationArchiveTierArgs = {
  input: ArchiveTierInput;
};


/** Each module extends this with its own mutations. */
export type MutationAssignFollowUpTaskArgs = {
  input: AssignFollowUpTaskInput;
};


/** Each module extends this with its own mutations. */
export type MutationCheckNewsletterContentArgs = {
  input: CheckNewsletterContentInput;
};


/** Each module extends this with its own mutations. */
export type MutationCommentOnFollowUpTaskArgs = {
  input: CommentOnFollowUpTaskInput;
};


/** Each module extends this with its own mutations. */
export type MutationCreateCustomerSessionArgs = {
  input: CreateCustomerSessionInput;
};


/** Each module extends this with its own mutations. */
export type MutationCreateNewsletterArgs = {
  input: CreateNewsletterInput;
};


/** Each module extends this with its own mutations. */
export type MutationCreateRewardRuleArgs = {
  input: CreateRewardRuleInput;
};


/** Each module extends this with its own mutations. */
export type MutationCreateTierArgs = {
  input: CreateTierInput;
};


/** Each module extends this with its own mutations. */
export type MutationCreateWebhookEndpointArgs = {
  input: CreateWebhookEndpointInput;
};


/** Each module extends this with its own mutations. */
export type MutationDeleteCustomerNoteArgs = {
  input: DeleteCustomerNoteInput;
};


/** Each module extends this with its own mutations. */
export type MutationDeleteTierArgs = {
  input: DeleteTierInput;
};


/** Each module extends this with its own mutations. */
export type MutationDeleteWebhookEndpointArgs = {
  input: DeleteWebhookEndpointInput;
};


/** Each module extends this with its own mutations. */
export type MutationDisableStaffUserArgs = {
  id: Scalars['ID']['input'];
};


/** Each module extends this with its own mutations. */
export type MutationEnrollCustomerArgs = {
  input: EnrollCustomerInput;
};


/** Each module extends this with its own mutations. */
export type MutationEraseCustomerArgs = {
  input: EraseCustomerInput;
};


/** Each module extends this with its own mutations. */
export type MutationExportCustomerDataArgs = {
  input: ExportCustomerDataInput;
};


/** Each module extends this with its own mutations. */
export type MutationInviteStaffArgs = {
  input: InviteStaffInput;
};


/** Each module extends this with its own mutations. */
export type MutationPauseRewardRuleArgs = {
  input: RewardRuleIdInput;
};


/** Each module extends this with its own mutations. */
export type MutationPreviewMessageTemplateArgs = {
  input: PreviewMessageTemplateInput;
};


/** Each module extends this with its own mutations. */
export type MutationRecordInboundMessageArgs = {
  input: RecordInboundMessageInput;
};


/** Each module extends this with its own mutations. */
export type MutationRecordPurchaseArgs = {
  input: RecordPurchaseInput;
};


/** Each module extends this with its own mutations. */
export type MutationRecordPurchasesArgs = {
  input: RecordPurchasesInput;
};


/** Each module extends this with its own mutations. */
export type MutationRedeemRewardArgs = {
  input: RedeemRewardInput;
};


/** Each module extends this with its own mutations. */
export type MutationRefundPurchaseArgs = {
  input: RefundPurchaseInput;
};


/** Each module extends this with its own mutations. */
export type MutationReplayWebhookEventArgs = {
  input: ReplayWebhookEventInput;
};


/** Each module extends this with its own mutations. */
export type MutationReplyToFeedbackArgs = {
  input: ReplyToFeedbackInput;
};


/** Each module extends this with its own mutations. */
export type MutationResolveFeedbackArgs = {
  input: ResolveFeedbackInput;
};


/** Each module extends this with its own mutations. */
export type MutationResolveFollowUpTaskArgs = {
  input: ResolveFollowUpTaskInput;
};


/** Each module extends this with its own mutations. */
export type MutationRevokeStaffSessionArgs = {
  id: Scalars['ID']['input'];
};


/** Each module extends this with its own mutations. */
export type MutationRotateWebhookSecretArgs = {
  input: RotateWebhookSecretInput;
};


/** Each module extends this with its own mutations. */
export type MutationSendFeedbackArgs = {
  input: SendFeedbackInput;
};


/** Each module extends this with its own mutations. */
export type MutationSendNewsletterArgs = {
  input: SendNewsletterInput;
};


/** Each module extends this with its own mutations. */
export type MutationSignInArgs = {
  input: SignInInput;
};


/** Each module extends this with its own mutations. */
export type MutationSubmitSurveyResponseArgs = {
  input: SubmitSurveyResponseInput;
};


/** Each module extends this with its own mutations. */
export type MutationUpdateContactPreferencesArgs = {
  input: UpdateContactPreferencesInput;
};


/** Each module extends this with its own mutations. */
export type MutationUpdateCustomerArgs = {
  input: UpdateCustomerInput;
};


/** Each module extends this with its own mutations. */
export type MutationUpdateCustomerNoteArgs = {
  input: UpdateCustomerNoteInput;
};


/** Each module extends this with its own mutations. */
export type MutationUpdateEarningConfigArgs = {
  input: UpdateEarningConfigInput;
};


/** Each module extends this with its own mutations. */
export type MutationUpdateNewsletterArgs = {
  input: UpdateNewsletterInput;
};


/** Each module extends this with its own mutations. */
export type MutationUpdateReportSettingsArgs = {
  input: UpdateReportSettingsInput;
};


/** Each module extends this with its own mutations. */
export type MutationUpdateRewardRuleArgs = {
  input: UpdateRewardRuleInput;
};


/** Each module extends this with its own mutations. */
export type MutationUpdateSurveySettingsArgs = {
  input: UpdateSurveySettingsInput;
};


/** Each module extends this with its own mutations. */
export type MutationUpdateTierArgs = {
  input: UpdateTierInput;
};


/** Each module extends this with its own mutations. */
export type MutationUpdateTierSettingsArgs = {
  input: UpdateTierSettingsInput;
};


/** Each module extends this with its own mutations. */
export type MutationUpdateWebhookEndpointArgs = {
  input: UpdateWebhookEndpointInput;
};


/** Each module extends this with its own mutations. */
export type MutationUpsertCatalogItemArgs = {
  input: UpsertCatalogItemInput;
};


/** Each module extends this with its own mutations. */
export type MutationUpsertMessageTemplateArgs = {
  input: UpsertMessageTemplateInput;
};


/** Each module extends this with its own mutations. */
export type MutationUseRewardArgs = {
  input: UseRewardInput;
};


/** Each module extends this with its own mutations. */
export type MutationValidateRewardRuleArgs = {
  input: ValidateRewardRuleInput;
};


/** Each module extends this with its own mutations. */
export type MutationVoidRewardArgs = {
  input: VoidRewardInput;
};

export type Newsletter = {
  __typename?: 'Newsletter';
  audience: NewsletterAudience;
  /** Customers the audience matches now (email consent and address included). */
  audienceCount: Scalars['Int']['output'];
  body: Scalars['String']['output'];
  contentCheck: ContentCheck;
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  overrideReason: Maybe<Scalars['String']['output']>;
  progress: NewsletterProgress;
  report: NewsletterReport;
  scheduledAt: Maybe<Scalars['DateTime']['output']>;
  status: NewsletterStatus;
  subject: Scalars['String']['output'];
  title: Scalars['String']['output'];
  topic: Maybe<Scalars['String']['output']>;
};

export type NewsletterAudience = {
  __typename?: 'NewsletterAudience';
  minPurchases: Scalars['Int']['output'];
  purchasedWithinDays: Maybe<Scalars['Int']['output']>;
  topicSubscribersOnly: Scalars['Boolean']['output'];
};

/** A draft's audience, saved or not, to count (newsletterAudienceCount). */
export type NewsletterAudienceCountInput = {
  audience?: InputMaybe<NewsletterAudienceInput>;
  /** The draft's topic, as in CreateNewsletterInput: with topicSubscribersOnly, only its subscribers count. */
  topic?: InputMaybe<Scalars['String']['input']>;
};

export type NewsletterAudienceInput = {
  /** Returning customers: at least this many purchases (default 1). */
  minPurchases?: InputMaybe<Scalars['Int']['input']>;
  /** And a purchase within this many days. */
  purchasedWithinDays?: InputMaybe<Scalars['Int']['input']>;
  /** Only customers subscribed to the newsletter's topic (default true). */
  topicSubscribersOnly?: InputMaybe<Scalars['Boolean']['input']>;
};

export type NewsletterPreviewInput = {
  /** Liquid template (HTML), as in CreateNewsletterInput. */
  body: Scalars['String']['input'];
  subject: Scalars['String']['input'];
  title?: InputMaybe<Scalars['String']['input']>;
  topic?: InputMaybe<Scalars['String']['input']>;
};

/**
 * How far sending has got. Counts of the issue's messages, which the fan-out creates in batches
 * (one per audience member) and delivery moves on; cheap enough to poll every second.
 */
export type NewsletterProgress = {
  __typename?: 'NewsletterProgress';
  /** The audience's size when sending started: what the fan-out is heading for. Null before. */
  audience: Maybe<Scalars['Int']['output']>;
  /** Waiting for the end of the recipient's quiet hours. */
  deferred: Scalars['Int']['output'];
  delivered: Scalars['Int']['output'];
  failed: Scalars['Int']['output'];
  /** Every audience member has a message. */
  fannedOut: Scalars['Boolean']['output'];
  /** Messages created so far. */
  messages: Scalars['Int']['output'];
  /** Waiting (a retry too) or in flight. */
  queued: Scalars['Int']['output'];
  /** Not sent on purpose, each with its reason (consent withdrawn, topic left, budget used up). */
  suppressed: Scalars['Int']['output'];
  /** Handed to the mail server without an answer (a dropped connection, a stopped sender): never sent twice. */
  unknown: Scalars['Int']['output'];
};

export type NewsletterReport = {
  __typename?: 'NewsletterReport';
  deferred: Scalars['Int']['output'];
  failed: Scalars['Int']['output'];
  feedbackNo: Scalars['Int']['output'];
  feedbackYes: Scalars['Int']['output'];
  recipients: Scalars['Int']['output'];
  sent: Scalars['Int']['output'];
  suppressed: Scalars['Int']['output'];
  /** Why messages were suppressed (no consent, not subscribed to the topic, an open low-score follow-up, a cap…), most first. */
  suppressedByReason: Array<ReasonCount>;
  unsubscribes: Scalars['Int']['output'];
  /** Share of answers that said useful; null before any answer. */
  usefulRate: Maybe<Scalars['Float']['output']>;
};

export type NewsletterStats = {
  __typename?: 'NewsletterStats';
  delivered: Scalars['Int']['output'];
  failed: Scalars['Int']['output'];
  newsletterId: Scalars['ID']['output'];
  recipients: Scalars['Int']['output'];
  suppressed: Scalars['Int']['output'];
  suppressedByReason: Array<ReasonCount>;
  title: Scalars['String']['output'];
  /** Recipients who unsubscribed within 7 days of delivery. */
  unsubscribes: Scalars['Int']['output'];
  usefulNo: Scalars['Int']['output'];
  usefulRateBp: Maybe<Scalars['Int']['output']>;
  usefulYes: Scalars['Int']['output'];
  /** Still queued, deferred or being sent. */
  waiting: Scalars['Int']['output'];
};

export type NewsletterStatus =
  | 'DRAFT'
  | 'SCHEDULED'
  /** Being fanned out, or some of its messages are still waiting for delivery. */
  | 'SENDING'
  /** Every recipient's message has an outcome (see report). */
  | 'SENT';

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type PointsBalance = {
  __typename?: 'PointsBalance';
  /** Spendable now. May be negative after a refund of points already spent. */
  available: Scalars['Int']['output'];
  /** Points expiring in the next 30 days, grouped by when they expire. */
  expiringSoon: Array<ExpiringPoints>;
  /** Points earned by purchases and bonuses, less those reversed by refunds. */
  lifetimeEarned: Scalars['Int']['output'];
  /** Earned, not yet available (the return window). */
  pending: Scalars['Int']['output'];
};

export type PreviewMessageTemplateInput = {
  /** A JSON object overriding top-level sample variables, e.g. {"reward": {"name": "Tea"}}. */
  data?: InputMaybe<Scalars['String']['input']>;
  html?: InputMaybe<Scalars['String']['input']>;
  subject?: InputMaybe<Scalars['String']['input']>;
  text: Scalars['String']['input'];
};

/**
 * A basket for previewPurchase: a recordPurchase input without the idempotency key; the receipt
 * number and the time are optional (the time defaults to now).
 */
export type PreviewPurchaseInput = {
  currency: Scalars['String']['input'];
  customerExternalId?: InputMaybe<Scalars['String']['input']>;
  customerId?: InputMaybe<Scalars['ID']['input']>;
  externalId?: InputMaybe<Scalars['String']['input']>;
  lines: Array<PurchaseLineInput>;
  occurredAt?: InputMaybe<Scalars['DateTime']['input']>;
  storeCode?: InputMaybe<Scalars['String']['input']>;
};

/** A reward a previewed purchase would issue (through a reward rule or a tier's welcome reward). */
export type PreviewReward = {
  __typename?: 'PreviewReward';
  catalogItem: CatalogItem;
  /** The reward rule's label, when a rule gives it. */
  label: Maybe<Scalars['String']['output']>;
  name: Scalars['String']['output'];
};

export type Program = {
  __typename?: 'Program';
  createdAt: Scalars['DateTime']['output'];
  /** ISO 4217 code; every amount in this program is in it. */
  currency: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  slug: Scalars['String']['output'];
  /** IANA time zone used for schedules, calendar windows and reports. */
  timeZone: Scalars['String']['output'];
};

export type Purchase = {
  __typename?: 'Purchase';
  currency: Scalars['String']['output'];
  customer: Customer;
  /** The receipt number from the till. */
  externalId: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  lines: Array<PurchaseLine>;
  occurredAt: Scalars['DateTime']['output'];
  pointsEarned: Scalars['Int']['output'];
  pointsReversed: Scalars['Int']['output'];
  recordedAt: Scalars['DateTime']['output'];
  /** What the refunded units were worth. */
  refundedMinor: Scalars['Int']['output'];
  storeCode: Maybe<Scalars['String']['output']>;
  totalMinor: Scalars['Int']['output'];
};

export type PurchaseConnection = {
  __typename?: 'PurchaseConnection';
  edges: Array<PurchaseEdge>;
  pageInfo: PageInfo;
};

export type PurchaseEdge = {
  __typename?: 'PurchaseEdge';
  cursor: Scalars['String']['output'];
  node: Purchase;
};

export type PurchaseLine = {
  __typename?: 'PurchaseLine';
  category: Maybe<Scalars['String']['output']>;
  quantity: Scalars['Int']['output'];
  refundedQuantity: Scalars['Int']['output'];
  sku: Scalars['String']['output'];
  unitPriceMinor: Scalars['Int']['output'];
};

export type PurchaseLineInput = {
  category?: InputMaybe<Scalars['String']['input']>;
  quantity: Scalars['Int']['input'];
  sku: Scalars['String']['input'];
  unitPriceMinor: Scalars['Int']['input'];
};

/** What a basket would earn if recorded now; nothing was written. */
export type PurchasePreview = {
  __typename?: 'PurchasePreview';
  /** When the earned points become spendable (the return window). */
  availableAt: Maybe<Scalars['DateTime']['output']>;
  basePoints: Scalars['Int']['output'];
  currency: Scalars['String']['output'];
  /** Null when the customer does not exist yet and the program would enrol them with this purchase. */
  customer: Maybe<Customer>;
  expiresAt: Maybe<Scalars['DateTime']['output']>;
  /** Bonus points that reward rules would give after the return window (cancelled by a refund). */
  laterRuleBonusPoints: Scalars['Int']['output'];
  /** As recordPurchase's pointsEarned: base points plus the tier's bonus. */
  pointsEarned: Scalars['Int']['output'];
  /** Rewards issued at once (rules, tier welcome rewards). */
  rewardsIssued: Array<PreviewReward>;
  /** Bonus points that reward rules would give at once. */
  ruleBonusPoints: Scalars['Int']['output'];
  /** The tier the customer would hold after the purchase (null: none). */
  tierAfter: Maybe<Tier>;
  tierBonusPoints: Scalars['Int']['output'];
  totalMinor: Scalars['Int']['output'];
};

export type Query = {
  __typename?: 'Query';
  /** Who changed what, newest first (admin). */
  auditLog: Array<AuditLogEntry>;
  /** The rewards catalogue; a customer session sees only what can be redeemed now. */
  catalogItems: Array<CatalogItem>;
  /** The person signed in through this request's session cookie; null for API keys and anonymous calls. */
  currentStaff: Maybe<StaffUser>;
  customer: Maybe<Customer>;
  /**
   * Customers, newest first (admin, marketing, staff). With `search`, the best matches first:
   * exact email, external id, phone (any format: the digits are compared with the end of the
   * stored number), reward code or full name; then, for one word, first or last names containing
   * it, then similar names (a letter dropped or swapped); for anything else, emails, external
   * ids and full names starting with it. Searches under three characters match exactly only.
   */
  customers: CustomerConnection;
  earningConfig: EarningConfig;
  /** Newest first. A customer session sees only its own items. */
  feedbackItems: FeedbackItemConnection;
  feedbackReport: FeedbackReport;
  /** The team's active console accounts that may work on follow-up tasks (admin and staff roles), by name: whom assignFollowUpTask can assign. */
  followUpAssignees: Array<TaskAssignee>;
  followUpTaskCounts: FollowUpTaskCounts;
  followUpTasks: FollowUpTaskConnection;
  /** Local days from–to, both included; at most 800 days (400 with DAY periods). */
  healthReport: HealthReport;
  /** Points liability and breakage as of an instant (default now). */
  liabilityReport: LiabilityReport;
  /** Emails and texts recorded in the local outbox (no SMTP_URL / WEBHOOK_URL configured). */
  localOutbox: MessageConnection;
  /** The customer of the current session. */
  me: Maybe<Customer>;
  message: Maybe<Message>;
  /** Latest version of each template (key, channel, locale). */
  messageTemplates: Array<MessageTemplate>;
  messagingReport: MessagingReport;
  newsletter: Maybe<Newsletter>;
  /** Customers an audience matches now (email consent and address included), as Newsletter.audienceCount would for a draft with it; nothing is written. */
  newsletterAudienceCount: Scalars['Int']['output'];
  /** A draft (saved or not) as a customer will get it: with the usefulness question and unsubscribe links, rendered with sample data. */
  newsletterPreview: MessagePreview;
  newsletters: Array<Newsletter>;
  /** The session's unanswered surveys. */
  pendingSurveys: Array<Survey>;
  /** pos: what a basket would earn, computed by recordPurchase itself in a transaction that is rolled back. */
  previewPurchase: PurchasePreview;
  /** The caller's program. */
  program: Program;
  reportSettings: ReportSettings;
  /**
   * pos, staff: the issued reward with this code (letters in any case, dashes ignored, O read as 0,
   * I and L as 1), or null. Check `status` (AVAILABLE), `expiresAt` and `customer` before useReward.
   */
  rewardByCode: Maybe<IssuedReward>;
  rewardRule: Maybe<RewardRule>;
  rewardRuleCatalogue: RewardRuleCatalogue;
  rewardRules: Array<RewardRule>;
  rulesReport: RulesReport;
  /** Replays the program's purchases in [from, to) against a rule (a draft), writing nothing. */
  simulateRewardRule: RewardRuleSimulation;
  /** Invitations not yet accepted and not expired (admin). */
  staffInvitations: Array<StaffInvitation>;
  /** The signed-in person's own live sessions, newest first (staff sessions only). */
  staffSessions: Array<StaffSession>;
  /** Everyone with a console account in this program (admin). */
  staffUsers: Array<StaffUser>;
  /** Surveys sent, newest first, with their answers (score and comment) once given. */
  surveyResponses: SurveyConnection;
  surveySettings: Maybe<SurveySettings>;
  tierSettings: TierSettings;
  /** Active tiers, lowest rank first (archived ones after them when asked). */
  tiers: Array<Tier>;
  /** admin */
  webhookEndpoint: Maybe<WebhookEndpoint>;
  /** admin */
  webhookEndpoints: Array<WebhookEndpoint>;
  /** The event types an endpoint may subscribe to. */
  webhookEventTypes: Array<Scalars['String']['output']>;
};


export type QueryAuditLogArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  targetId?: InputMaybe<Scalars['String']['input']>;
  targetType?: InputMaybe<Scalars['String']['input']>;
};


export type QueryCatalogItemsArgs = {
  activeOnly?: InputMaybe<Scalars['Boolean']['input']>;
};


export type QueryCustomerArgs = {
  externalId?: InputMaybe<Scalars['String']['input']>;
  id?: InputMaybe<Scalars['ID']['input']>;
};


export type QueryCustomersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  search?: InputMaybe<Scalars['String']['input']>;
};


export type QueryFeedbackItemsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<FeedbackFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryFeedbackReportArgs = {
  from: Scalars['DateTime']['input'];
  to: Scalars['DateTime']['input'];
};


export type QueryFollowUpTasksArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<FollowUpTaskFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryHealthReportArgs = {
  from: Scalars['Date']['input'];
  period?: InputMaybe<ReportPeriod>;
  timeZone?: InputMaybe<Scalars['String']['input']>;
  to: Scalars['Date']['input'];
};


export type QueryLiabilityReportArgs = {
  asOf?: InputMaybe<Scalars['DateTime']['input']>;
  pointValueMinorPer100?: InputMaybe<Scalars['Int']['input']>;
  timeZone?: InputMaybe<Scalars['String']['input']>;
};


export type QueryLocalOutboxArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryMessageArgs = {
  id: Scalars['ID']['input'];
};


export type QueryMessageTemplatesArgs = {
  key?: InputMaybe<Scalars['String']['input']>;
};


export type QueryMessagingReportArgs = {
  from: Scalars['Date']['input'];
  period?: InputMaybe<ReportPeriod>;
  timeZone?: InputMaybe<Scalars['String']['input']>;
  to: Scalars['Date']['input'];
};


export type QueryNewsletterArgs = {
  id: Scalars['ID']['input'];
};


export type QueryNewsletterAudienceCountArgs = {
  input: NewsletterAudienceCountInput;
};


export type QueryNewsletterPreviewArgs = {
  input: NewsletterPreviewInput;
};


export type QueryPreviewPurchaseArgs = {
  input: PreviewPurchaseInput;
};


export type QueryRewardByCodeArgs = {
  code: Scalars['String']['input'];
};


export type QueryRewardRuleArgs = {
  id: Scalars['ID']['input'];
};


export type QueryRulesReportArgs = {
  followUpDays?: InputMaybe<Scalars['Int']['input']>;
  from: Scalars['Date']['input'];
  pointValueMinorPer100?: InputMaybe<Scalars['Int']['input']>;
  timeZone?: InputMaybe<Scalars['String']['input']>;
  to: Scalars['Date']['input'];
};


export type QuerySimulateRewardRuleArgs = {
  input: SimulateRewardRuleInput;
};


export type QuerySurveyResponsesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<SurveyFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryTiersArgs = {
  includeArchived?: InputMaybe<Scalars['Boolean']['input']>;
};


export type QueryWebhookEndpointArgs = {
  id: Scalars['ID']['input'];
};

export type ReasonCount = {
  __typename?: 'ReasonCount';
  count: Scalars['Int']['output'];
  reason: Scalars['String']['output'];
};

export type RecordInboundMessageInput = {
  channel: Channel;
  customerId: Scalars['ID']['input'];
};

export type RecordPurchaseInput = {
  currency: Scalars['String']['input'];
  customerExternalId?: InputMaybe<Scalars['String']['input']>;
  customerId?: InputMaybe<Scalars['ID']['input']>;
  /** The receipt number; recorded once per store. */
  externalId: Scalars['String']['input'];
  idempotencyKey: Scalars['String']['input'];
  lines: Array<PurchaseLineInput>;
  /** May be in the past (offline tills), within the program's backdating window; not in the future. */
  occurredAt: Scalars['DateTime']['input'];
  storeCode?: InputMaybe<Scalars['String']['input']>;
};

export type RecordPurchasePayload = {
  __typename?: 'RecordPurchasePayload';
  customer: Customer;
  pointsEarned: Scalars['Int']['output'];
  purchase: Purchase;
  replayed: Scalars['Boolean']['output'];
  rewardsIssued: Array<IssuedReward>;
};

/**
 * An offline till's backlog: up to 500 purchases, each exactly a recordPurchase input with its own
 * idempotency key and receipt number. Applied in occurredAt order per customer (the order of the
 * list for equal times), each in its own transaction: one bad item never fails the others.
 */
export type RecordPurchasesInput = {
  purchases: Array<RecordPurchaseInput>;
};

export type RecordPurchasesItemResult = {
  __typename?: 'RecordPurchasesItemResult';
  /** FAILED: why. */
  error: Maybe<ItemError>;
  idempotencyKey: Scalars['String']['output'];
  /** The item's position in input.purchases (0-based). */
  index: Scalars['Int']['output'];
  /** RECORDED or REPLAYED: what recordPurchase returns for this item. */
  result: Maybe<RecordPurchasePayload>;
  status: RecordPurchasesItemStatus;
};

export type RecordPurchasesItemStatus =
  /** Not recorded: `error` says why. Fix it and send it again (same key), or give it up. */
  | 'FAILED'
  /** Recorded now. */
  | 'RECORDED'
  /** Recorded before, by an earlier send of the same idempotency key and input: changed nothing. */
  | 'REPLAYED';

export type RecordPurchasesPayload = {
  __typename?: 'RecordPurchasesPayload';
  failed: Scalars['Int']['output'];
  recorded: Scalars['Int']['output'];
  replayed: Scalars['Int']['output'];
  /** One per item, in the order of input.purchases. */
  results: Array<RecordPurchasesItemResult>;
};

export type RedeemRewardInput = {
  catalogItemId: Scalars['ID']['input'];
  /** Required for API keys; a customer session redeems for itself. */
  customerId?: InputMaybe<Scalars['ID']['input']>;
  idempotencyKey: Scalars['String']['input'];
};

export type RedeemRewardPayload = {
  __typename?: 'RedeemRewardPayload';
  customer: Customer;
  replayed: Scalars['Boolean']['output'];
  reward: IssuedReward;
};

export type RefundLineInput = {
  quantity: Scalars['Int']['input'];
  sku: Scalars['String']['input'];
};

export type RefundPurchaseInput = {
  /** When given, the purchase must be this customer's. */
  customerId?: InputMaybe<Scalars['ID']['input']>;
  idempotencyKey: Scalars['String']['input'];
  /** Absent: refund everything not refunded yet. */
  lines?: InputMaybe<Array<RefundLineInput>>;
  purchaseId: Scalars['ID']['input'];
};

export type RefundPurchasePayload = {
  __typename?: 'RefundPurchasePayload';
  customer: Customer;
  pointsReversed: Scalars['Int']['output'];
  purchase: Purchase;
  replayed: Scalars['Boolean']['output'];
};

export type ReplayWebhookEventInput = {
  endpointId: Scalars['ID']['input'];
  eventId: Scalars['ID']['input'];
};

export type ReplyToFeedbackInput = {
  body: Scalars['String']['input'];
  feedbackId: Scalars['ID']['input'];
};

/**
 * Reports (docs/reports.md says what each figure means and how it is computed). Money is in
 * minor units of the program's currency, points are integers, rates are basis points
 * (1/100 of a percent: 10000 = 100%). Every report is also a CSV: GET /reports/<name>.csv.
 */
export type ReportPeriod =
  | 'DAY'
  /** Refused: activity is rolled up by local day. */
  | 'HOUR'
  | 'MONTH'
  /** From Monday. */
  | 'WEEK';

export type ReportSettings = {
  __typename?: 'ReportSettings';
  /** What 100 points are worth, in minor units; null = not set (money figures are null). */
  pointValueMinorPer100: Maybe<Scalars['Int']['output']>;
};

export type ResolveFeedbackInput = {
  feedbackId: Scalars['ID']['input'];
};

export type ResolveFollowUpTaskInput = {
  outcome: Scalars['String']['input'];
  taskId: Scalars['ID']['input'];
};

export type RetentionCohort = {
  __typename?: 'RetentionCohort';
  /** Customers of the cohort with a purchase in its month 0, 1, 2… up to the range's end. */
  activeByMonth: Array<Scalars['Int']['output']>;
  /** Enrolment month, YYYY-MM, local. */
  cohort: Scalars['String']['output'];
  size: Scalars['Int']['output'];
};

export type RevokeStaffSessionPayload = {
  __typename?: 'RevokeStaffSessionPayload';
  session: StaffSession;
};

/**
 * A reward rule. `definition` is { trigger: { type, args }, conditions: { all | any | not | condition+args },
 * actions: [{ type, args }], limits: { perCustomer: { times, periodDays }, budget: { kind, amount },
 * activeFrom, activeUntil }, priority, exclusive, waitForReturnWindow, holdoutPercent }; the catalogue
 * lists the codes and the JSON schema of each one's args. holdoutPercent (0–50, default 0): the share
 * of customers the rule would act for that it holds out instead (chosen by a hash of rule and customer,
 * recorded, given nothing), compared with the treated ones by rulesReport.
 */
export type RewardRule = {
  __typename?: 'RewardRule';
  /** Points or rewards (by the budget's kind) given so far. */
  budgetUsed: Scalars['Int']['output'];
  /** Human reading of the conditions. */
  conditions: Scalars['String']['output'];
  createdAt: Scalars['DateTime']['output'];
  definition: Scalars['JSON']['output'];
  health: RewardRuleHealth;
  id: Scalars['ID']['output'];
  /** What the customer sees on the bonus or reward it gives. */
  label: Scalars['String']['output'];
  name: Scalars['String']['output'];
  priority: Scalars['Int']['output'];
  status: RewardRuleStatus;
  trigger: Scalars['String']['output'];
  updatedAt: Scalars['DateTime']['output'];
  version: Scalars['Int']['output'];
  versions: Array<RewardRuleVersion>;
};

export type RewardRuleCatalogue = {
  __typename?: 'RewardRuleCatalogue';
  actions: Array<RuleBuildingBlock>;
  conditions: Array<RuleBuildingBlock>;
  triggers: Array<RuleBuildingBlock>;
};

export type RewardRuleHealth = {
  __typename?: 'RewardRuleHealth';
  /** Evaluations that threw (the purchase still committed). */
  errorCount: Scalars['Int']['output'];
  lastError: Maybe<Scalars['String']['output']>;
  lastErrorAt: Maybe<Scalars['DateTime']['output']>;
};

export type RewardRuleIdInput = {
  id: Scalars['ID']['input'];
};

/** What a rule would have given on the program's purchases in a window; nothing is written. */
export type RewardRuleSimulation = {
  __typename?: 'RewardRuleSimulation';
  /** Matches stopped by the budget. */
  budgetHits: Scalars['Int']['output'];
  /** The same figures per local day (the program's time zone), days with a purchase only, oldest first. */
  byDay: Array<RewardRuleSimulationDay>;
  costMinor: Maybe<Scalars['Int']['output']>;
  /** Points awarded plus the catalogue cost in points of the rewards issued. */
  costPoints: Scalars['Int']['output'];
  customersAffected: Scalars['Int']['output'];
  elapsedMs: Scalars['Int']['output'];
  /** Matches stopped by the per-customer limit. */
  limitHits: Scalars['Int']['output'];
  matches: Scalars['Int']['output'];
  points: Scalars['Int']['output'];
  purchasesReplayed: Scalars['Int']['output'];
  /** Returns-aware matches cancelled by a refund. */
  refundCancels: Scalars['Int']['output'];
  rewards: Scalars['Int']['output'];
  sample: Array<RewardRuleSimulationMatch>;
};

export type RewardRuleSimulationDay = {
  __typename?: 'RewardRuleSimulationDay';
  budgetHits: Scalars['Int']['output'];
  costPoints: Scalars['Int']['output'];
  day: Scalars['Date']['output'];
  limitHits: Scalars['Int']['output'];
  matches: Scalars['Int']['output'];
  points: Scalars['Int']['output'];
  purchases: Scalars['Int']['output'];
  rewards: Scalars['Int']['output'];
};

export type RewardRuleSimulationMatch = {
  __typename?: 'RewardRuleSimulationMatch';
  customerId: Scalars['ID']['output'];
  explanation: Scalars['String']['output'];
  occurredAt: Scalars['DateTime']['output'];
  points: Scalars['Int']['output'];
  purchaseId: Scalars['ID']['output'];
  rewards: Scalars['Int']['output'];
};

export type RewardRuleStatus =
  | 'ACTIVE'
  | 'ARCHIVED'
  | 'DRAFT'
  | 'PAUSED';

export type RewardRuleVersion = {
  __typename?: 'RewardRuleVersion';
  createdAt: Scalars['DateTime']['output'];
  definition: Scalars['JSON']['output'];
  id: Scalars['ID']['output'];
  label: Scalars['String']['output'];
  version: Scalars['Int']['output'];
};

export type RewardStatus =
  | 'AVAILABLE'
  | 'EXPIRED'
  | 'USED'
  | 'VOIDED';

export type RotateWebhookSecretInput = {
  id: Scalars['ID']['input'];
  /** How long the previous secret keeps signing beside the new one; default 1440 (a day), at most 7 days. */
  overlapMinutes?: InputMaybe<Scalars['Int']['input']>;
};

/** The new secret: shown here once. */
export type RotateWebhookSecretPayload = {
  __typename?: 'RotateWebhookSecretPayload';
  endpoint: WebhookEndpoint;
  secret: Scalars['String']['output'];
};

export type Rounding =
  | 'CEIL'
  | 'FLOOR'
  | 'HALF_UP';

export type RuleBuildingBlock = {
  __typename?: 'RuleBuildingBlock';
  /** JSON Schema of the args, for a console to build a form. */
  argsSchema: Scalars['JSON']['output'];
  code: Scalars['String']['output'];
  description: Scalars['String']['output'];
};

export type RuleEffect = {
  __typename?: 'RuleEffect';
  followUpDays: Scalars['Int']['output'];
  heldOut: EffectGroup;
  returnRateDiffBp: Maybe<Scalars['Int']['output']>;
  returnRateDiffHighBp: Maybe<Scalars['Int']['output']>;
  /** 95% interval of the difference in return rate. */
  returnRateDiffLowBp: Maybe<Scalars['Int']['output']>;
  spendDiffHighMinor: Maybe<Scalars['Int']['output']>;
  spendDiffLowMinor: Maybe<Scalars['Int']['output']>;
  spendDiffMinor: Maybe<Scalars['Int']['output']>;
  /** The verdict in one plain sentence. */
  summary: Scalars['String']['output'];
  treated: EffectGroup;
  verdict: EffectVerdict;
};

export type RuleReportRow = {
  __typename?: 'RuleReportRow';
  budgetAmount: Maybe<Scalars['Int']['output']>;
  budgetKind: Maybe<Scalars['String']['output']>;
  budgetUsed: Scalars['Int']['output'];
  cancelledMatches: Scalars['Int']['output'];
  /** (points given + rewards' point cost) at the point value. */
  costMinor: Maybe<Scalars['Int']['output']>;
  customers: Scalars['Int']['output'];
  /** Treated vs held out; null for a rule without a holdout. */
  effect: Maybe<RuleEffect>;
  heldOutCustomers: Scalars['Int']['output'];
  holdoutPercent: Scalars['Int']['output'];
  matches: Scalars['Int']['output'];
  name: Scalars['String']['output'];
  pendingMatches: Scalars['Int']['output'];
  pointsGiven: Scalars['Int']['output'];
  rewardsCostPoints: Scalars['Int']['output'];
  rewardsGiven: Scalars['Int']['output'];
  ruleId: Scalars['ID']['output'];
  status: Scalars['String']['output'];
};

export type RulesReport = {
  __typename?: 'RulesReport';
  currency: Scalars['String']['output'];
  from: Scalars['Date']['output'];
  pointValueMinorPer100: Maybe<Scalars['Int']['output']>;
  rules: Array<RuleReportRow>;
  timeZone: Scalars['String']['output'];
  to: Scalars['Date']['output'];
};

export type ScorePeriod = {
  __typename?: 'ScorePeriod';
  responses: Scalars['Int']['output'];
  scale: SurveyScale;
  start: Scalars['Date']['output'];
  /** CSAT: mean score ×100; NPS: −100…100. */
  value: Scalars['Int']['output'];
};

export type SendFeedbackInput = {
  message: Scalars['String']['input'];
  /** One of the customer's own purchases. */
  purchaseId?: InputMaybe<Scalars['ID']['input']>;
  topic: Scalars['String']['input'];
};

export type SendNewsletterInput = {
  newsletterId: Scalars['ID']['input'];
  /** Admins only: send although the content check blocks it. Recorded in the audit log. */
  overrideReason?: InputMaybe<Scalars['String']['input']>;
  /** Send later (status SCHEDULED until then); checks run now. */
  scheduledAt?: InputMaybe<Scalars['DateTime']['input']>;
};

export type SignInInput = {
  email: Scalars['String']['input'];
  password: Scalars['String']['input'];
  /** The program's slug: needed only when this email has accounts in several programs. */
  program?: InputMaybe<Scalars['String']['input']>;
};

export type SignInPayload = {
  __typename?: 'SignInPayload';
  /** When the session ends at the latest (absolute expiry); idle expiry may end it sooner. */
  expiresAt: Scalars['DateTime']['output'];
  staff: StaffUser;
};

export type SignOutPayload = {
  __typename?: 'SignOutPayload';
  /** False when the request carried no live staff session (nothing to end). */
  signedOut: Scalars['Boolean']['output'];
};

export type SimulateRewardRuleInput = {
  definition: Scalars['JSON']['input'];
  from: Scalars['DateTime']['input'];
  label?: InputMaybe<Scalars['String']['input']>;
  /** What 100 points are worth to the program, in minor units: turns the cost into money. */
  pointValueMinorPer100?: InputMaybe<Scalars['Int']['input']>;
  to: Scalars['DateTime']['input'];
};

export type SkuMultiplier = {
  __typename?: 'SkuMultiplier';
  percent: Scalars['Int']['output'];
  sku: Scalars['String']['output'];
};

export type SkuMultiplierInput = {
  percent: Scalars['Int']['input'];
  sku: Scalars['String']['input'];
};

/** An invitation to join the program; its link is emailed and works once. */
export type StaffInvitation = {
  __typename?: 'StaffInvitation';
  acceptedAt: Maybe<Scalars['DateTime']['output']>;
  createdAt: Scalars['DateTime']['output'];
  email: Scalars['String']['output'];
  expiresAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  /** Who invited: a staff member's name, or the key or CLI user. */
  invitedBy: Scalars['String']['output'];
  name: Maybe<Scalars['String']['output']>;
  role: StaffRole;
};

/** What a staff member may do: the same matrix as an API key of that role. */
export type StaffRole =
  | 'ADMIN'
  | 'MARKETING'
  | 'STAFF';

/** A signed-in browser. Sessions end after STAFF_SESSION_IDLE_SECONDS without use, and always after STAFF_SESSION_MAX_SECONDS. */
export type StaffSession = {
  __typename?: 'StaffSession';
  createdAt: Scalars['DateTime']['output'];
  /** True for the session this request came with. */
  current: Scalars['Boolean']['output'];
  /** The earlier of the idle expiry (from lastSeenAt) and the absolute one. */
  expiresAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  lastSeenAt: Scalars['DateTime']['output'];
  userAgent: Maybe<Scalars['String']['output']>;
};

/** A person who works in the console. Machines use API keys. */
export type StaffUser = {
  __typename?: 'StaffUser';
  createdAt: Scalars['DateTime']['output'];
  /** Set once an admin disabled the account; a disabled account cannot sign in and has no sessions. */
  disabledAt: Maybe<Scalars['DateTime']['output']>;
  /** Stored lower-case; unique within the program. */
  email: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  lastSignedInAt: Maybe<Scalars['DateTime']['output']>;
  name: Scalars['String']['output'];
  role: StaffRole;
};

export type SubmitSurveyResponseInput = {
  /** At most 2000 characters. */
  comment?: InputMaybe<Scalars['String']['input']>;
  score: Scalars['Int']['input'];
  surveyId: Scalars['ID']['input'];
};

/**
 * Live updates over Server-Sent Events (docs/api.md): `POST /graphql` with
 * `Accept: text/event-stream`. Delivered after the change commits, from any API process.
 */
export type Subscription = {
  __typename?: 'Subscription';
  /** customer session. The current balance first, then the balance after each change. */
  balanceChanged: Balance;
  /** admin, staff. Feedback sent by customers of the program. */
  feedbackReceived: FeedbackReceived;
  /** customer session. Each reward issued to the customer. */
  rewardIssued: IssuedReward;
  /** customer session. The customer's tier after each change (null: no tier). */
  tierChanged: Maybe<Tier>;
};

export type Survey = {
  __typename?: 'Survey';
  answeredAt: Maybe<Scalars['DateTime']['output']>;
  askComment: Scalars['Boolean']['output'];
  /** Plain text as typed; show it escaped. */
  comment: Maybe<Scalars['String']['output']>;
  customer: Customer;
  customerId: Scalars['ID']['output'];
  id: Scalars['ID']['output'];
  purchaseId: Maybe<Scalars['ID']['output']>;
  scale: SurveyScale;
  score: Maybe<Scalars['Int']['output']>;
  sentAt: Scalars['DateTime']['output'];
};

export type SurveyConnection = {
  __typename?: 'SurveyConnection';
  edges: Array<SurveyEdge>;
  pageInfo: PageInfo;
};

export type SurveyEdge = {
  __typename?: 'SurveyEdge';
  cursor: Scalars['String']['output'];
  node: Survey;
};

export type SurveyFilter = {
  /** Answered ones only (true), unanswered ones only (false), or both (null). */
  answered?: InputMaybe<Scalars['Boolean']['input']>;
  /** One customer's surveys. */
  customerId?: InputMaybe<Scalars['ID']['input']>;
};

export type SurveyScale =
  /** Customer satisfaction, 1–5. */
  | 'CSAT'
  /** Net Promoter Score, 0–10. */
  | 'NPS';

export type SurveyScoreDay = {
  __typename?: 'SurveyScoreDay';
  day: Scalars['Date']['output'];
  responses: Scalars['Int']['output'];
  scale: SurveyScale;
  /** CSAT: mean score ×100. NPS: % promoters − % detractors. */
  value: Scalars['Int']['output'];
};

export type SurveySettings = {
  __typename?: 'SurveySettings';
  askComment: Scalars['Boolean']['output'];
  /** An unanswered survey becomes a 'call the customer' task after this many days. */
  callAfterDays: Scalars['Int']['output'];
  /** Force a channel; null = the customer's preferred allowed one. */
  channel: Maybe<Channel>;
  delayMinutes: Scalars['Int']['output'];
  enabled: Scalars['Boolean']['output'];
  /** At most one survey per customer in this many days. */
  minDaysBetween: Scalars['Int']['output'];
  /** Share of purchases that get a survey, 0–100. */
  samplePercent: Scalars['Int']['output'];
  scale: SurveyScale;
  /** Follow-up tasks are due this many hours after they are created. */
  taskSlaHours: Scalars['Int']['output'];
  updatedAt: Scalars['DateTime']['output'];
};

/** A colleague a follow-up task can be given to: an active console account whose role works on tasks. */
export type TaskAssignee = {
  __typename?: 'TaskAssignee';
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  role: StaffRole;
};

export type Tier = {
  __typename?: 'Tier';
  archivedAt: Maybe<Scalars['DateTime']['output']>;
  benefits: Maybe<Scalars['String']['output']>;
  /** Integer percentage applied to purchase points: 150 earns 1.5x (the extra shows as bonusPoints). */
  earnMultiplierPercent: Scalars['Int']['output'];
  id: Scalars['ID']['output'];
  metric: TierMetric;
  name: Scalars['String']['output'];
  /** Higher is better; ranks of active tiers are distinct. */
  rank: Scalars['Int']['output'];
  /** Minor units for SPEND, points for POINTS, days for VISITS. */
  threshold: Scalars['Int']['output'];
  /** Each change saves a new version; it applies to evaluations from then on. */
  version: Scalars['Int']['output'];
  /** Issued free when a customer reaches this tier. */
  welcomeReward: Maybe<CatalogItem>;
  window: TierWindow;
};

export type TierChange = {
  __typename?: 'TierChange';
  createdAt: Scalars['DateTime']['output'];
  /** The local date of the evaluation run that made the change. */
  evaluationDate: Maybe<Scalars['Date']['output']>;
  from: Maybe<Tier>;
  fromVersion: Maybe<Scalars['Int']['output']>;
  id: Scalars['ID']['output'];
  purchase: Maybe<Purchase>;
  reason: TierChangeReason;
  to: Maybe<Tier>;
  toVersion: Maybe<Scalars['Int']['output']>;
};

export type TierChangeReason =
  | 'ADJUSTMENT'
  | 'ARCHIVE'
  | 'EVALUATION'
  /** Placed directly by a customer import (the tier held in the system the program came from). */
  | 'IMPORT'
  | 'PURCHASE'
  | 'REFUND';

export type TierCount = {
  __typename?: 'TierCount';
  customers: Scalars['Int']['output'];
  name: Maybe<Scalars['String']['output']>;
  /** null = no tier. */
  tierId: Maybe<Scalars['ID']['output']>;
};

/** What a tier's threshold counts over its window. */
export type TierMetric =
  /** Points earned (tier bonuses and adjustments included), less reversals. */
  | 'POINTS'
  /** Money spent, in minor units, less refunds. */
  | 'SPEND'
  /** Distinct local days with a purchase that was not wholly refunded. */
  | 'VISITS';

export type TierProgress = {
  __typename?: 'TierProgress';
  current: Scalars['Int']['output'];
  metric: TierMetric;
  next: Tier;
  remaining: Scalars['Int']['output'];
  required: Scalars['Int']['output'];
};

/** What keeps the current tier: reach `required` on `metric`. */
export type TierRenewal = {
  __typename?: 'TierRenewal';
  current: Scalars['Int']['output'];
  /** Set once an evaluation found the customer below the tier: the first evaluation after it moves them down unless they qualify again. */
  graceUntil: Maybe<Scalars['DateTime']['output']>;
  metric: TierMetric;
  /** The next scheduled evaluation (daily, 03:00 in the program's time zone). */
  nextEvaluationAt: Scalars['DateTime']['output'];
  remaining: Scalars['Int']['output'];
  required: Scalars['Int']['output'];
  tier: Tier;
  /** When a calendar-year window ends and its count starts again; null for rolling windows. */
  windowEndsAt: Maybe<Scalars['DateTime']['output']>;
};

export type TierSettings = {
  __typename?: 'TierSettings';
  /** Days a customer keeps a tier after an evaluation first finds them below it. */
  graceDays: Scalars['Int']['output'];
  /** How many tiers an evaluation may move a customer down at once. */
  maxDowngradeRanks: Scalars['Int']['output'];
};

export type TierWindow = {
  __typename?: 'TierWindow';
  days: Maybe<Scalars['Int']['output']>;
  kind: TierWindowKind;
};

export type TierWindowInput = {
  /** Required for ROLLING_DAYS, at least 1. */
  days?: InputMaybe<Scalars['Int']['input']>;
  kind: TierWindowKind;
};

export type TierWindowKind =
  /** From 1 January, in the program's time zone. */
  | 'CALENDAR_YEAR'
  /** Today and the days-1 days before it, in the program's time zone. */
  | 'ROLLING_DAYS';

export type UpdateContactPreferencesInput = {
  consents?: InputMaybe<Array<ConsentInput>>;
  /** Required for API keys; a customer session always acts on its own customer. */
  customerId?: InputMaybe<Scalars['ID']['input']>;
  newsletterTopics?: InputMaybe<Array<Scalars['String']['input']>>;
  preferredChannel?: InputMaybe<Channel>;
  quietHoursEnd?: InputMaybe<Scalars['Int']['input']>;
  quietHoursStart?: InputMaybe<Scalars['Int']['input']>;
  smsOnlyAfterInbound?: InputMaybe<Scalars['Boolean']['input']>;
  /** Where the consent was given: defaults to 'app' for a session, 'staff' or 'pos' for a key. */
  source?: InputMaybe<Scalars['String']['input']>;
};

export type UpdateCustomerInput = {
  birthday?: InputMaybe<Scalars['Date']['input']>;
  customerId: Scalars['ID']['input'];
  email?: InputMaybe<Scalars['String']['input']>;
  firstName?: InputMaybe<Scalars['String']['input']>;
  lastName?: InputMaybe<Scalars['String']['input']>;
  locale?: InputMaybe<Scalars['String']['input']>;
  phone?: InputMaybe<Scalars['String']['input']>;
  timeZone?: InputMaybe<Scalars['String']['input']>;
};

export type UpdateCustomerNoteInput = {
  body?: InputMaybe<Scalars['String']['input']>;
  noteId: Scalars['ID']['input'];
  pinned?: InputMaybe<Scalars['Boolean']['input']>;
};

/** Fields left out keep their current value; lists replace the current list. */
export type UpdateEarningConfigInput = {
  autoEnroll?: InputMaybe<Scalars['Boolean']['input']>;
  backdatingDays?: InputMaybe<Scalars['Int']['input']>;
  categoryMultipliers?: InputMaybe<Array<CategoryMultiplierInput>>;
  excludedCategories?: InputMaybe<Array<Scalars['String']['input']>>;
  expiryDays?: InputMaybe<Scalars['Int']['input']>;
  expiryPolicy?: InputMaybe<ExpiryPolicy>;
  pendingDays?: InputMaybe<Scalars['Int']['input']>;
  pointsPerUnit?: InputMaybe<Scalars['Int']['input']>;
  rounding?: InputMaybe<Rounding>;
  skuMultipliers?: InputMaybe<Array<SkuMultiplierInput>>;
};

export type UpdateNewsletterInput = {
  audience?: InputMaybe<NewsletterAudienceInput>;
  body?: InputMaybe<Scalars['String']['input']>;
  newsletterId: Scalars['ID']['input'];
  subject?: InputMaybe<Scalars['String']['input']>;
  title?: InputMaybe<Scalars['String']['input']>;
  topic?: InputMaybe<Scalars['String']['input']>;
};

export type UpdateReportSettingsInput = {
  pointValueMinorPer100?: InputMaybe<Scalars['Int']['input']>;
};

export type UpdateRewardRuleInput = {
  definition?: InputMaybe<Scalars['JSON']['input']>;
  id: Scalars['ID']['input'];
  label?: InputMaybe<Scalars['String']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
};

export type UpdateSurveySettingsInput = {
  askComment?: InputMaybe<Scalars['Boolean']['input']>;
  callAfterDays?: InputMaybe<Scalars['Int']['input']>;
  channel?: InputMaybe<Channel>;
  delayMinutes?: InputMaybe<Scalars['Int']['input']>;
  enabled: Scalars['Boolean']['input'];
  minDaysBetween?: InputMaybe<Scalars['Int']['input']>;
  samplePercent?: InputMaybe<Scalars['Int']['input']>;
  scale: SurveyScale;
  taskSlaHours?: InputMaybe<Scalars['Int']['input']>;
};

/** Fields left out keep their value. */
export type UpdateTierInput = {
  benefits?: InputMaybe<Scalars['String']['input']>;
  earnMultiplierPercent?: InputMaybe<Scalars['Int']['input']>;
  id: Scalars['ID']['input'];
  metric?: InputMaybe<TierMetric>;
  name?: InputMaybe<Scalars['String']['input']>;
  rank?: InputMaybe<Scalars['Int']['input']>;
  threshold?: InputMaybe<Scalars['Int']['input']>;
  welcomeCatalogItemId?: InputMaybe<Scalars['ID']['input']>;
  window?: InputMaybe<TierWindowInput>;
};

export type UpdateTierSettingsInput = {
  graceDays?: InputMaybe<Scalars['Int']['input']>;
  maxDowngradeRanks?: InputMaybe<Scalars['Int']['input']>;
};

export type UpdateWebhookEndpointInput = {
  description?: InputMaybe<Scalars['String']['input']>;
  /** Enabling again (after an automatic disable) starts a new run of failures. */
  enabled?: InputMaybe<Scalars['Boolean']['input']>;
  events?: InputMaybe<Array<Scalars['String']['input']>>;
  id: Scalars['ID']['input'];
  url?: InputMaybe<Scalars['String']['input']>;
};

export type UpsertCatalogItemInput = {
  active?: InputMaybe<Scalars['Boolean']['input']>;
  activeFrom?: InputMaybe<Scalars['DateTime']['input']>;
  activeUntil?: InputMaybe<Scalars['DateTime']['input']>;
  costPoints: Scalars['Int']['input'];
  description?: InputMaybe<Scalars['String']['input']>;
  /** Absent: a new item. */
  id?: InputMaybe<Scalars['ID']['input']>;
  name: Scalars['String']['input'];
  stock?: InputMaybe<Scalars['Int']['input']>;
  validDays?: InputMaybe<Scalars['Int']['input']>;
};

export type UpsertMessageTemplateInput = {
  channel: Channel;
  /** Email only. */
  html?: InputMaybe<Scalars['String']['input']>;
  key: Scalars['String']['input'];
  /** BCP 47; default en. */
  locale?: InputMaybe<Scalars['String']['input']>;
  /** Required for email. */
  subject?: InputMaybe<Scalars['String']['input']>;
  text: Scalars['String']['input'];
};

export type UseRewardInput = {
  code: Scalars['String']['input'];
  idempotencyKey: Scalars['String']['input'];
  /** The purchase the reward was used on: the same customer's, recorded already. */
  purchaseId?: InputMaybe<Scalars['ID']['input']>;
};

export type UseRewardPayload = {
  __typename?: 'UseRewardPayload';
  replayed: Scalars['Boolean']['output'];
  reward: IssuedReward;
};

export type ValidateRewardRuleInput = {
  definition: Scalars['JSON']['input'];
};

export type ValidateRewardRulePayload = {
  __typename?: 'ValidateRewardRulePayload';
  conditions: Scalars['String']['output'];
  valid: Scalars['Boolean']['output'];
};

export type VoidRewardInput = {
  idempotencyKey: Scalars['String']['input'];
  reason?: InputMaybe<Scalars['String']['input']>;
  rewardId: Scalars['ID']['input'];
};

export type VoidRewardPayload = {
  __typename?: 'VoidRewardPayload';
  customer: Customer;
  pointsReturned: Scalars['Int']['output'];
  replayed: Scalars['Boolean']['output'];
  reward: IssuedReward;
};

/** One event sent to one endpoint (a manual replay is a delivery of its own). */
export type WebhookDelivery = {
  __typename?: 'WebhookDelivery';
  attempts: Scalars['Int']['output'];
  completedAt: Maybe<Scalars['DateTime']['output']>;
  createdAt: Scalars['DateTime']['output'];
  /** The event's id: the same on every attempt and replay; receivers deduplicate on it. */
  eventId: Scalars['ID']['output'];
  eventType: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  lastAttemptAt: Maybe<Scalars['DateTime']['output']>;
  /** Why the last attempt failed (timeout, HTTP 500, connection closed, redirect not followed, …). */
  lastError: Maybe<Scalars['String']['output']>;
  /** How long the last attempt took, in milliseconds. */
  latencyMs: Maybe<Scalars['Int']['output']>;
  nextAttemptAt: Maybe<Scalars['DateTime']['output']>;
  replay: Scalars['Boolean']['output'];
  /** The receiver's HTTP status at the last attempt (null: no answer). */
  responseCode: Maybe<Scalars['Int']['output']>;
  status: WebhookDeliveryStatus;
};

export type WebhookDeliveryConnection = {
  __typename?: 'WebhookDeliveryConnection';
  edges: Array<WebhookDeliveryEdge>;
  pageInfo: PageInfo;
};

export type WebhookDeliveryEdge = {
  __typename?: 'WebhookDeliveryEdge';
  cursor: Scalars['String']['output'];
  node: WebhookDelivery;
};

export type WebhookDeliveryStatus =
  /** Gave up: still failing a day after the event. */
  | 'FAILED'
  /** Waiting for its first attempt. */
  | 'PENDING'
  /** Failed; tried again at nextAttemptAt. */
  | 'RETRYING'
  /** An attempt is under way. */
  | 'SENDING'
  /** Not sent: the endpoint was disabled. */
  | 'SKIPPED'
  | 'SUCCEEDED';

/**
 * Where the program's events are sent (docs/webhooks.md): an HTTPS (or HTTP) URL that receives a
 * signed POST for each event it subscribes to.
 */
export type WebhookEndpoint = {
  __typename?: 'WebhookEndpoint';
  /** Failed delivery attempts in a row; a success resets it. */
  consecutiveFailures: Scalars['Int']['output'];
  createdAt: Scalars['DateTime']['output'];
  /** The delivery log, newest first. */
  deliveries: WebhookDeliveryConnection;
  description: Maybe<Scalars['String']['output']>;
  disabledAt: Maybe<Scalars['DateTime']['output']>;
  disabledReason: Maybe<Scalars['String']['output']>;
  /** False when turned off by an admin, or disabled after a run of failed deliveries (see disabledReason). */
  enabled: Scalars['Boolean']['output'];
  /** The event types sent here (`purchase.recorded`, …); empty: every event. */
  events: Array<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  /** During a secret rotation: until when the previous secret signs too (a second `v1=`). */
  previousSecretExpiresAt: Maybe<Scalars['DateTime']['output']>;
  updatedAt: Scalars['DateTime']['output'];
  url: Scalars['String']['output'];
};


/**
 * Where the program's events are sent (docs/webhooks.md): an HTTPS (or HTTP) URL that receives a
 * signed POST for each event it subscribes to.
 */
export type WebhookEndpointDeliveriesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};



export type ResolverTypeWrapper<T> = Promise<T> | T;


export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;





/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  AcceptStaffInvitationInput: AcceptStaffInvitationInput;
  AddCustomerNoteInput: AddCustomerNoteInput;
  AdjustPointsInput: AdjustPointsInput;
  AdjustPointsPayload: ResolverTypeWrapper<AdjustResult>;
  ArchiveTierInput: ArchiveTierInput;
  ArchiveTierPayload: ResolverTypeWrapper<ArchiveTierResult>;
  AssignFollowUpTaskInput: AssignFollowUpTaskInput;
  AuditLogEntry: ResolverTypeWrapper<AuditRow>;
  Balance: ResolverTypeWrapper<BalanceModel>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  CatalogItem: ResolverTypeWrapper<CatalogItemRow>;
  CategoryMultiplier: ResolverTypeWrapper<CategoryMultiplier>;
  CategoryMultiplierInput: CategoryMultiplierInput;
  Channel: Channel;
  ChannelConsent: ResolverTypeWrapper<ChannelConsent>;
  CheckNewsletterContentInput: CheckNewsletterContentInput;
  CommentOnFollowUpTaskInput: CommentOnFollowUpTaskInput;
  ConsentInput: ConsentInput;
  ConsentState: ConsentState;
  ContactPreferences: ResolverTypeWrapper<PreferencesParent>;
  ContentCheck: ResolverTypeWrapper<ContentCheck>;
  ContentFinding: ResolverTypeWrapper<ContentFinding>;
  CreateCustomerSessionInput: CreateCustomerSessionInput;
  CreateNewsletterInput: CreateNewsletterInput;
  CreateRewardRuleInput: CreateRewardRuleInput;
  CreateTierInput: CreateTierInput;
  CreateWebhookEndpointInput: CreateWebhookEndpointInput;
  CreateWebhookEndpointPayload: ResolverTypeWrapper<Omit<CreateWebhookEndpointPayload, 'endpoint'> & { endpoint: ResolversTypes['WebhookEndpoint'] }>;
  Customer: ResolverTypeWrapper<CustomerRow>;
  CustomerConnection: ResolverTypeWrapper<Omit<CustomerConnection, 'edges'> & { edges: Array<ResolversTypes['CustomerEdge']> }>;
  CustomerDataExport: ResolverTypeWrapper<CustomerDataExport>;
  CustomerEdge: ResolverTypeWrapper<Omit<CustomerEdge, 'node'> & { node: ResolversTypes['Customer'] }>;
  CustomerNote: ResolverTypeWrapper<NoteRow>;
  CustomerSession: ResolverTypeWrapper<CustomerSession>;
  Date: ResolverTypeWrapper<Scalars['Date']['output']>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  DeleteCustomerNoteInput: DeleteCustomerNoteInput;
  DeleteCustomerNotePayload: ResolverTypeWrapper<DeleteCustomerNotePayload>;
  DeleteTierInput: DeleteTierInput;
  DeleteTierPayload: ResolverTypeWrapper<DeleteTierPayload>;
  DeleteWebhookEndpointInput: DeleteWebhookEndpointInput;
  DeleteWebhookEndpointPayload: ResolverTypeWrapper<DeleteWebhookEndpointPayload>;
  DisableStaffUserPayload: ResolverTypeWrapper<DisableResult>;
  EarningConfig: ResolverTypeWrapper<EarningConfigModel>;
  EffectGroup: ResolverTypeWrapper<EffectGroup>;
  EffectVerdict: EffectVerdict;
  EnrollCustomerInput: EnrollCustomerInput;
  EnrollCustomerPayload: ResolverTypeWrapper<Omit<EnrollCustomerPayload, 'customer'> & { customer: ResolversTypes['Customer'] }>;
  EraseCustomerInput: EraseCustomerInput;
  EraseCustomerPayload: ResolverTypeWrapper<EraseCustomerPayload>;
  ExpiringPoints: ResolverTypeWrapper<ExpiringPoints>;
  ExpiryMonth: ResolverTypeWrapper<ExpiryMonth>;
  ExpiryPolicy: ExpiryPolicy;
  ExportCustomerDataInput: ExportCustomerDataInput;
  FeedbackFilter: FeedbackFilter;
  FeedbackItem: ResolverTypeWrapper<FeedbackRow>;
  FeedbackItemConnection: ResolverTypeWrapper<Omit<FeedbackItemConnection, 'edges'> & { edges: Array<ResolversTypes['FeedbackItemEdge']> }>;
  FeedbackItemEdge: ResolverTypeWrapper<Omit<FeedbackItemEdge, 'node'> & { node: ResolversTypes['FeedbackItem'] }>;
  FeedbackReceived: ResolverTypeWrapper<FeedbackReceivedModel>;
  FeedbackReply: ResolverTypeWrapper<ReplyRow>;
  FeedbackReport: ResolverTypeWrapper<FeedbackReportModel>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  FollowUpComment: ResolverTypeWrapper<TaskCommentRow>;
  FollowUpStatus: FollowUpStatus;
  FollowUpTask: ResolverTypeWrapper<TaskRow>;
  FollowUpTaskConnection: ResolverTypeWrapper<Omit<FollowUpTaskConnection, 'edges'> & { edges: Array<ResolversTypes['FollowUpTaskEdge']> }>;
  FollowUpTaskCounts: ResolverTypeWrapper<FollowUpTaskCounts>;
  FollowUpTaskEdge: ResolverTypeWrapper<Omit<FollowUpTaskEdge, 'node'> & { node: ResolversTypes['FollowUpTask'] }>;
  FollowUpTaskFilter: FollowUpTaskFilter;
  FollowUpTaskKind: FollowUpTaskKind;
  FollowUpTimes: ResolverTypeWrapper<FollowUpTimes>;
  HealthPeriod: ResolverTypeWrapper<HealthPeriod>;
  HealthReport: ResolverTypeWrapper<HealthModel>;
  HealthTotals: ResolverTypeWrapper<HealthTotals>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  InputIssue: ResolverTypeWrapper<InputIssue>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  InviteStaffInput: InviteStaffInput;
  InviteStaffPayload: ResolverTypeWrapper<InviteResult>;
  IssuedReward: ResolverTypeWrapper<IssuedRewardRow>;
  ItemError: ResolverTypeWrapper<ItemErrorModel>;
  JSON: ResolverTypeWrapper<Scalars['JSON']['output']>;
  LedgerConnection: ResolverTypeWrapper<Omit<LedgerConnection, 'edges'> & { edges: Array<ResolversTypes['LedgerEdge']> }>;
  LedgerEdge: ResolverTypeWrapper<Omit<LedgerEdge, 'node'> & { node: ResolversTypes['LedgerEntry'] }>;
  LedgerEntry: ResolverTypeWrapper<LedgerEntryRow>;
  LedgerKind: LedgerKind;
  LiabilityReport: ResolverTypeWrapper<LiabilityModel>;
  Message: ResolverTypeWrapper<MessageRow>;
  MessageConnection: ResolverTypeWrapper<Omit<MessageConnection, 'edges'> & { edges: Array<ResolversTypes['MessageEdge']> }>;
  MessageEdge: ResolverTypeWrapper<Omit<MessageEdge, 'node'> & { node: ResolversTypes['Message'] }>;
  MessageKind: MessageKind;
  MessagePreview: ResolverTypeWrapper<MessagePreview>;
  MessageStatus: MessageStatus;
  MessageTemplate: ResolverTypeWrapper<TemplateRow>;
  MessagingReport: ResolverTypeWrapper<MessagingReportModel>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Newsletter: ResolverTypeWrapper<NewsletterRow>;
  NewsletterAudience: ResolverTypeWrapper<NewsletterAudience>;
  NewsletterAudienceCountInput: NewsletterAudienceCountInput;
  NewsletterAudienceInput: NewsletterAudienceInput;
  NewsletterPreviewInput: NewsletterPreviewInput;
  NewsletterProgress: ResolverTypeWrapper<NewsletterProgress>;
  NewsletterReport: ResolverTypeWrapper<NewsletterReport>;
  NewsletterStats: ResolverTypeWrapper<NewsletterStats>;
  NewsletterStatus: NewsletterStatus;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  PointsBalance: ResolverTypeWrapper<BalanceParent>;
  PreviewMessageTemplateInput: PreviewMessageTemplateInput;
  PreviewPurchaseInput: PreviewPurchaseInput;
  PreviewReward: ResolverTypeWrapper<PreviewRewardModel>;
  Program: ResolverTypeWrapper<ProgramRow>;
  Purchase: ResolverTypeWrapper<PurchaseRow>;
  PurchaseConnection: ResolverTypeWrapper<Omit<PurchaseConnection, 'edges'> & { edges: Array<ResolversTypes['PurchaseEdge']> }>;
  PurchaseEdge: ResolverTypeWrapper<Omit<PurchaseEdge, 'node'> & { node: ResolversTypes['Purchase'] }>;
  PurchaseLine: ResolverTypeWrapper<PurchaseLineRow>;
  PurchaseLineInput: PurchaseLineInput;
  PurchasePreview: ResolverTypeWrapper<PurchasePreviewModel>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  ReasonCount: ResolverTypeWrapper<ReasonCount>;
  RecordInboundMessageInput: RecordInboundMessageInput;
  RecordPurchaseInput: RecordPurchaseInput;
  RecordPurchasePayload: ResolverTypeWrapper<RecordPurchaseResult>;
  RecordPurchasesInput: RecordPurchasesInput;
  RecordPurchasesItemResult: ResolverTypeWrapper<BatchItemResult>;
  RecordPurchasesItemStatus: RecordPurchasesItemStatus;
  RecordPurchasesPayload: ResolverTypeWrapper<RecordPurchasesResult>;
  RedeemRewardInput: RedeemRewardInput;
  RedeemRewardPayload: ResolverTypeWrapper<RedeemResult>;
  RefundLineInput: RefundLineInput;
  RefundPurchaseInput: RefundPurchaseInput;
  RefundPurchasePayload: ResolverTypeWrapper<RefundPurchaseResult>;
  ReplayWebhookEventInput: ReplayWebhookEventInput;
  ReplyToFeedbackInput: ReplyToFeedbackInput;
  ReportPeriod: ReportPeriod;
  ReportSettings: ResolverTypeWrapper<ReportSettings>;
  ResolveFeedbackInput: ResolveFeedbackInput;
  ResolveFollowUpTaskInput: ResolveFollowUpTaskInput;
  RetentionCohort: ResolverTypeWrapper<RetentionCohort>;
  RevokeStaffSessionPayload: ResolverTypeWrapper<Omit<RevokeStaffSessionPayload, 'session'> & { session: ResolversTypes['StaffSession'] }>;
  RewardRule: ResolverTypeWrapper<RuleRow>;
  RewardRuleCatalogue: ResolverTypeWrapper<RewardRuleCatalogue>;
  RewardRuleHealth: ResolverTypeWrapper<RewardRuleHealth>;
  RewardRuleIdInput: RewardRuleIdInput;
  RewardRuleSimulation: ResolverTypeWrapper<RewardRuleSimulation>;
  RewardRuleSimulationDay: ResolverTypeWrapper<RewardRuleSimulationDay>;
  RewardRuleSimulationMatch: ResolverTypeWrapper<RewardRuleSimulationMatch>;
  RewardRuleStatus: RewardRuleStatus;
  RewardRuleVersion: ResolverTypeWrapper<RuleVersionRow>;
  RewardStatus: RewardStatus;
  RotateWebhookSecretInput: RotateWebhookSecretInput;
  RotateWebhookSecretPayload: ResolverTypeWrapper<Omit<RotateWebhookSecretPayload, 'endpoint'> & { endpoint: ResolversTypes['WebhookEndpoint'] }>;
  Rounding: Rounding;
  RuleBuildingBlock: ResolverTypeWrapper<RuleBuildingBlock>;
  RuleEffect: ResolverTypeWrapper<RuleEffect>;
  RuleReportRow: ResolverTypeWrapper<RuleReportRow>;
  RulesReport: ResolverTypeWrapper<RulesReportModel>;
  ScorePeriod: ResolverTypeWrapper<ScorePeriod>;
  SendFeedbackInput: SendFeedbackInput;
  SendNewsletterInput: SendNewsletterInput;
  SignInInput: SignInInput;
  SignInPayload: ResolverTypeWrapper<SignInResult>;
  SignOutPayload: ResolverTypeWrapper<SignOutPayload>;
  SimulateRewardRuleInput: SimulateRewardRuleInput;
  SkuMultiplier: ResolverTypeWrapper<SkuMultiplier>;
  SkuMultiplierInput: SkuMultiplierInput;
  StaffInvitation: ResolverTypeWrapper<StaffInvitationRow>;
  StaffRole: StaffRole;
  StaffSession: ResolverTypeWrapper<StaffSessionRow>;
  StaffUser: ResolverTypeWrapper<StaffUserRow>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  SubmitSurveyResponseInput: SubmitSurveyResponseInput;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Survey: ResolverTypeWrapper<SurveyRow>;
  SurveyConnection: ResolverTypeWrapper<Omit<SurveyConnection, 'edges'> & { edges: Array<ResolversTypes['SurveyEdge']> }>;
  SurveyEdge: ResolverTypeWrapper<Omit<SurveyEdge, 'node'> & { node: ResolversTypes['Survey'] }>;
  SurveyFilter: SurveyFilter;
  SurveyScale: SurveyScale;
  SurveyScoreDay: ResolverTypeWrapper<SurveyScoreDay>;
  SurveySettings: ResolverTypeWrapper<SurveySettingsRow>;
  TaskAssignee: ResolverTypeWrapper<StaffUserRow>;
  Tier: ResolverTypeWrapper<TierRow>;
  TierChange: ResolverTypeWrapper<TierHistoryRow>;
  TierChangeReason: TierChangeReason;
  TierCount: ResolverTypeWrapper<TierCount>;
  TierMetric: TierMetric;
  TierProgress: ResolverTypeWrapper<TierProgressModel>;
  TierRenewal: ResolverTypeWrapper<TierRenewalModel>;
  TierSettings: ResolverTypeWrapper<TierSettingsRow>;
  TierWindow: ResolverTypeWrapper<TierWindow>;
  TierWindowInput: TierWindowInput;
  TierWindowKind: TierWindowKind;
  UpdateContactPreferencesInput: UpdateContactPreferencesInput;
  UpdateCustomerInput: UpdateCustomerInput;
  UpdateCustomerNoteInput: UpdateCustomerNoteInput;
  UpdateEarningConfigInput: UpdateEarningConfigInput;
  UpdateNewsletterInput: UpdateNewsletterInput;
  UpdateReportSettingsInput: UpdateReportSettingsInput;
  UpdateRewardRuleInput: UpdateRewardRuleInput;
  UpdateSurveySettingsInput: UpdateSurveySettingsInput;
  UpdateTierInput: UpdateTierInput;
  UpdateTierSettingsInput: UpdateTierSettingsInput;
  UpdateWebhookEndpointInput: UpdateWebhookEndpointInput;
  UpsertCatalogItemInput: UpsertCatalogItemInput;
  UpsertMessageTemplateInput: UpsertMessageTemplateInput;
  UseRewardInput: UseRewardInput;
  UseRewardPayload: ResolverTypeWrapper<UseRewardResult>;
  ValidateRewardRuleInput: ValidateRewardRuleInput;
  ValidateRewardRulePayload: ResolverTypeWrapper<ValidateRewardRulePayload>;
  VoidRewardInput: VoidRewardInput;
  VoidRewardPayload: ResolverTypeWrapper<VoidRewardResult>;
  WebhookDelivery: ResolverTypeWrapper<DeliveryRow>;
  WebhookDeliveryConnection: ResolverTypeWrapper<Omit<WebhookDeliveryConnection, 'edges'> & { edges: Array<ResolversTypes['WebhookDeliveryEdge']> }>;
  WebhookDeliveryEdge: ResolverTypeWrapper<Omit<WebhookDeliveryEdge, 'node'> & { node: ResolversTypes['WebhookDelivery'] }>;
  WebhookDeliveryStatus: WebhookDeliveryStatus;
  WebhookEndpoint: ResolverTypeWrapper<EndpointRow>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  AcceptStaffInvitationInput: AcceptStaffInvitationInput;
  AddCustomerNoteInput: AddCustomerNoteInput;
  AdjustPointsInput: AdjustPointsInput;
  AdjustPointsPayload: AdjustResult;
  ArchiveTierInput: ArchiveTierInput;
  ArchiveTierPayload: ArchiveTierResult;
  AssignFollowUpTaskInput: AssignFollowUpTaskInput;
  AuditLogEntry: AuditRow;
  Balance: BalanceModel;
  Boolean: Scalars['Boolean']['output'];
  CatalogItem: CatalogItemRow;
  CategoryMultiplier: CategoryMultiplier;
  CategoryMultiplierInput: CategoryMultiplierInput;
  ChannelConsent: ChannelConsent;
  CheckNewsletterContentInput: CheckNewsletterContentInput;
  CommentOnFollowUpTaskInput: CommentOnFollowUpTaskInput;
  ConsentInput: ConsentInput;
  ContactPreferences: PreferencesParent;
  ContentCheck: ContentCheck;
  ContentFinding: ContentFinding;
  CreateCustomerSessionInput: CreateCustomerSessionInput;
  CreateNewsletterInput: CreateNewsletterInput;
  CreateRewardRuleInput: CreateRewardRuleInput;
  CreateTierInput: CreateTierInput;
  CreateWebhookEndpointInput: CreateWebhookEndpointInput;
  CreateWebhookEndpointPayload: Omit<CreateWebhookEndpointPayload, 'endpoint'> & { endpoint: ResolversParentTypes['WebhookEndpoint'] };
  Customer: CustomerRow;
  CustomerConnection: Omit<CustomerConnection, 'edges'> & { edges: Array<ResolversParentTypes['CustomerEdge']> };
  CustomerDataExport: CustomerDataExport;
  CustomerEdge: Omit<CustomerEdge, 'node'> & { node: ResolversParentTypes['Customer'] };
  CustomerNote: NoteRow;
  CustomerSession: CustomerSession;
  Date: Scalars['Date']['output'];
  DateTime: Scalars['DateTime']['output'];
  DeleteCustomerNoteInput: DeleteCustomerNoteInput;
  DeleteCustomerNotePayload: DeleteCustomerNotePayload;
  DeleteTierInput: DeleteTierInput;
  DeleteTierPayload: DeleteTierPayload;
  DeleteWebhookEndpointInput: DeleteWebhookEndpointInput;
  DeleteWebhookEndpointPayload: DeleteWebhookEndpointPayload;
  DisableStaffUserPayload: DisableResult;
  EarningConfig: EarningConfigModel;
  EffectGroup: EffectGroup;
  EnrollCustomerInput: EnrollCustomerInput;
  EnrollCustomerPayload: Omit<EnrollCustomerPayload, 'customer'> & { customer: ResolversParentTypes['Customer'] };
  EraseCustomerInput: EraseCustomerInput;
  EraseCustomerPayload: EraseCustomerPayload;
  ExpiringPoints: ExpiringPoints;
  ExpiryMonth: ExpiryMonth;
  ExportCustomerDataInput: ExportCustomerDataInput;
  FeedbackFilter: FeedbackFilter;
  FeedbackItem: FeedbackRow;
  FeedbackItemConnection: Omit<FeedbackItemConnection, 'edges'> & { edges: Array<ResolversParentTypes['FeedbackItemEdge']> };
  FeedbackItemEdge: Omit<FeedbackItemEdge, 'node'> & { node: ResolversParentTypes['FeedbackItem'] };
  FeedbackReceived: FeedbackReceivedModel;
  FeedbackReply: ReplyRow;
  FeedbackReport: FeedbackReportModel;
  Float: Scalars['Float']['output'];
  FollowUpComment: TaskCommentRow;
  FollowUpTask: TaskRow;
  FollowUpTaskConnection: Omit<FollowUpTaskConnection, 'edges'> & { edges: Array<ResolversParentTypes['FollowUpTaskEdge']> };
  FollowUpTaskCounts: FollowUpTaskCounts;
  FollowUpTaskEdge: Omit<FollowUpTaskEdge, 'node'> & { node: ResolversParentTypes['FollowUpTask'] };
  FollowUpTaskFilter: FollowUpTaskFilter;
  FollowUpTimes: FollowUpTimes;
  HealthPeriod: HealthPeriod;
  HealthReport: HealthModel;
  HealthTotals: HealthTotals;
  ID: Scalars['ID']['output'];
  InputIssue: InputIssue;
  Int: Scalars['Int']['output'];
  InviteStaffInput: InviteStaffInput;
  InviteStaffPayload: InviteResult;
  IssuedReward: IssuedRewardRow;
  ItemError: ItemErrorModel;
  JSON: Scalars['JSON']['output'];
  LedgerConnection: Omit<LedgerConnection, 'edges'> & { edges: Array<ResolversParentTypes['LedgerEdge']> };
  LedgerEdge: Omit<LedgerEdge, 'node'> & { node: ResolversParentTypes['LedgerEntry'] };
  LedgerEntry: LedgerEntryRow;
  LiabilityReport: LiabilityModel;
  Message: MessageRow;
  MessageConnection: Omit<MessageConnection, 'edges'> & { edges: Array<ResolversParentTypes['MessageEdge']> };
  MessageEdge: Omit<MessageEdge, 'node'> & { node: ResolversParentTypes['Message'] };
  MessagePreview: MessagePreview;
  MessageTemplate: TemplateRow;
  MessagingReport: MessagingReportModel;
  Mutation: Record<PropertyKey, never>;
  Newsletter: NewsletterRow;
  NewsletterAudience: NewsletterAudience;
  NewsletterAudienceCountInput: NewsletterAudienceCountInput;
  NewsletterAudienceInput: NewsletterAudienceInput;
  NewsletterPreviewInput: NewsletterPreviewInput;
  NewsletterProgress: NewsletterProgress;
  NewsletterReport: NewsletterReport;
  NewsletterStats: NewsletterStats;
  PageInfo: PageInfo;
  PointsBalance: BalanceParent;
  PreviewMessageTemplateInput: PreviewMessageTemplateInput;
  PreviewPurchaseInput: PreviewPurchaseInput;
  PreviewReward: PreviewRewardModel;
  Program: ProgramRow;
  Purchase: PurchaseRow;
  PurchaseConnection: Omit<PurchaseConnection, 'edges'> & { edges: Array<ResolversParentTypes['PurchaseEdge']> };
  PurchaseEdge: Omit<PurchaseEdge, 'node'> & { node: ResolversParentTypes['Purchase'] };
  PurchaseLine: PurchaseLineRow;
  PurchaseLineInput: PurchaseLineInput;
  PurchasePreview: PurchasePreviewModel;
  Query: Record<PropertyKey, never>;
  ReasonCount: ReasonCount;
  RecordInboundMessageInput: RecordInboundMessageInput;
  RecordPurchaseInput: RecordPurchaseInput;
  RecordPurchasePayload: RecordPurchaseResult;
  RecordPurchasesInput: RecordPurchasesInput;
  RecordPurchasesItemResult: BatchItemResult;
  RecordPurchasesPayload: RecordPurchasesResult;
  RedeemRewardInput: RedeemRewardInput;
  RedeemRewardPayload: RedeemResult;
  RefundLineInput: RefundLineInput;
  RefundPurchaseInput: RefundPurchaseInput;
  RefundPurchasePayload: RefundPurchaseResult;
  ReplayWebhookEventInput: ReplayWebhookEventInput;
  ReplyToFeedbackInput: ReplyToFeedbackInput;
  ReportSettings: ReportSettings;
  ResolveFeedbackInput: ResolveFeedbackInput;
  ResolveFollowUpTaskInput: ResolveFollowUpTaskInput;
  RetentionCohort: RetentionCohort;
  RevokeStaffSessionPayload: Omit<RevokeStaffSessionPayload, 'session'> & { session: ResolversParentTypes['StaffSession'] };
  RewardRule: RuleRow;
  RewardRuleCatalogue: RewardRuleCatalogue;
  RewardRuleHealth: RewardRuleHealth;
  RewardRuleIdInput: RewardRuleIdInput;
  RewardRuleSimulation: RewardRuleSimulation;
  RewardRuleSimulationDay: RewardRuleSimulationDay;
  RewardRuleSimulationMatch: RewardRuleSimulationMatch;
  RewardRuleVersion: RuleVersionRow;
  RotateWebhookSecretInput: RotateWebhookSecretInput;
  RotateWebhookSecretPayload: Omit<RotateWebhookSecretPayload, 'endpoint'> & { endpoint: ResolversParentTypes['WebhookEndpoint'] };
  RuleBuildingBlock: RuleBuildingBlock;
  RuleEffect: RuleEffect;
  RuleReportRow: RuleReportRow;
  RulesReport: RulesReportModel;
  ScorePeriod: ScorePeriod;
  SendFeedbackInput: SendFeedbackInput;
  SendNewsletterInput: SendNewsletterInput;
  SignInInput: SignInInput;
  SignInPayload: SignInResult;
  SignOutPayload: SignOutPayload;
  SimulateRewardRuleInput: SimulateRewardRuleInput;
  SkuMultiplier: SkuMultiplier;
  SkuMultiplierInput: SkuMultiplierInput;
  StaffInvitation: StaffInvitationRow;
  StaffSession: StaffSessionRow;
  StaffUser: StaffUserRow;
  String: Scalars['String']['output'];
  SubmitSurveyResponseInput: SubmitSurveyResponseInput;
  Subscription: Record<PropertyKey, never>;
  Survey: SurveyRow;
  SurveyConnection: Omit<SurveyConnection, 'edges'> & { edges: Array<ResolversParentTypes['SurveyEdge']> };
  SurveyEdge: Omit<SurveyEdge, 'node'> & { node: ResolversParentTypes['Survey'] };
  SurveyFilter: SurveyFilter;
  SurveyScoreDay: SurveyScoreDay;
  SurveySettings: SurveySettingsRow;
  TaskAssignee: StaffUserRow;
  Tier: TierRow;
  TierChange: TierHistoryRow;
  TierCount: TierCount;
  TierProgress: TierProgressModel;
  TierRenewal: TierRenewalModel;
  TierSettings: TierSettingsRow;
  TierWindow: TierWindow;
  TierWindowInput: TierWindowInput;
  UpdateContactPreferencesInput: UpdateContactPreferencesInput;
  UpdateCustomerInput: UpdateCustomerInput;
  UpdateCustomerNoteInput: UpdateCustomerNoteInput;
  UpdateEarningConfigInput: UpdateEarningConfigInput;
  UpdateNewsletterInput: UpdateNewsletterInput;
  UpdateReportSettingsInput: UpdateReportSettingsInput;
  UpdateRewardRuleInput: UpdateRewardRuleInput;
  UpdateSurveySettingsInput: UpdateSurveySettingsInput;
  UpdateTierInput: UpdateTierInput;
  UpdateTierSettingsInput: UpdateTierSettingsInput;
  UpdateWebhookEndpointInput: UpdateWebhookEndpointInput;
  UpsertCatalogItemInput: UpsertCatalogItemInput;
  UpsertMessageTemplateInput: UpsertMessageTemplateInput;
  UseRewardInput: UseRewardInput;
  UseRewardPayload: UseRewardResult;
  ValidateRewardRuleInput: ValidateRewardRuleInput;
  ValidateRewardRulePayload: ValidateRewardRulePayload;
  VoidRewardInput: VoidRewardInput;
  VoidRewardPayload: VoidRewardResult;
  WebhookDelivery: DeliveryRow;
  WebhookDeliveryConnection: Omit<WebhookDeliveryConnection, 'edges'> & { edges: Array<ResolversParentTypes['WebhookDeliveryEdge']> };
  WebhookDeliveryEdge: Omit<WebhookDeliveryEdge, 'node'> & { node: ResolversParentTypes['WebhookDelivery'] };
  WebhookEndpoint: EndpointRow;
};

export type AdjustPointsPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AdjustPointsPayload'] = ResolversParentTypes['AdjustPointsPayload']> = {
  customer?: Resolver<ResolversTypes['Customer'], ParentType, ContextType>;
  entry?: Resolver<ResolversTypes['LedgerEntry'], ParentType, ContextType>;
  replayed?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type ArchiveTierPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ArchiveTierPayload'] = ResolversParentTypes['ArchiveTierPayload']> = {
  customersMoved?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  tier?: Resolver<ResolversTypes['Tier'], ParentType, ContextType>;
};

export type AuditLogEntryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AuditLogEntry'] = ResolversParentTypes['AuditLogEntry']> = {
  action?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  actorId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  actorKind?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  actorName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  actorRole?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  data?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  details?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  targetId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  targetType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type BalanceResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Balance'] = ResolversParentTypes['Balance']> = {
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  available?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  customerId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  expiringSoon?: Resolver<Array<ResolversTypes['ExpiringPoints']>, ParentType, ContextType>;
  lifetimeEarned?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  pending?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type CatalogItemResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CatalogItem'] = ResolversParentTypes['CatalogItem']> = {
  active?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  activeFrom?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  activeUntil?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  costPoints?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  stock?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  validDays?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
};

export type CategoryMultiplierResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CategoryMultiplier'] = ResolversParentTypes['CategoryMultiplier']> = {
  category?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  percent?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ChannelConsentResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ChannelConsent'] = ResolversParentTypes['ChannelConsent']> = {
  changedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  channel?: Resolver<ResolversTypes['Channel'], ParentType, ContextType>;
  source?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  state?: Resolver<ResolversTypes['ConsentState'], ParentType, ContextType>;
};

export type ContactPreferencesResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ContactPreferences'] = ResolversParentTypes['ContactPreferences']> = {
  consents?: Resolver<Array<ResolversTypes['ChannelConsent']>, ParentType, ContextType>;
  newsletterTopics?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  preferredChannel?: Resolver<Maybe<ResolversTypes['Channel']>, ParentType, ContextType>;
  quietHoursEnd?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  quietHoursStart?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  smsOnlyAfterInbound?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type ContentCheckResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ContentCheck'] = ResolversParentTypes['ContentCheck']> = {
  blocked?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  findings?: Resolver<Array<ResolversTypes['ContentFinding']>, ParentType, ContextType>;
  salesScore?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type ContentFindingResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ContentFinding'] = ResolversParentTypes['ContentFinding']> = {
  phrase?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type CreateWebhookEndpointPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CreateWebhookEndpointPayload'] = ResolversParentTypes['CreateWebhookEndpointPayload']> = {
  endpoint?: Resolver<ResolversTypes['WebhookEndpoint'], ParentType, ContextType>;
  secret?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type CustomerResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Customer'] = ResolversParentTypes['Customer']> = {
  balance?: Resolver<ResolversTypes['PointsBalance'], ParentType, ContextType>;
  birthday?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
  email?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  enrolledAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  externalId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  firstName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lastName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  ledger?: Resolver<ResolversTypes['LedgerConnection'], ParentType, ContextType, Partial<CustomerLedgerArgs>>;
  locale?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  messages?: Resolver<ResolversTypes['MessageConnection'], ParentType, ContextType, Partial<CustomerMessagesArgs>>;
  notes?: Resolver<Array<ResolversTypes['CustomerNote']>, ParentType, ContextType>;
  phone?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  preferences?: Resolver<ResolversTypes['ContactPreferences'], ParentType, ContextType>;
  purchases?: Resolver<ResolversTypes['PurchaseConnection'], ParentType, ContextType, Partial<CustomerPurchasesArgs>>;
  rewards?: Resolver<Array<ResolversTypes['IssuedReward']>, ParentType, ContextType, Partial<CustomerRewardsArgs>>;
  tier?: Resolver<Maybe<ResolversTypes['Tier']>, ParentType, ContextType>;
  tierHistory?: Resolver<Array<ResolversTypes['TierChange']>, ParentType, ContextType>;
  tierProgress?: Resolver<Maybe<ResolversTypes['TierProgress']>, ParentType, ContextType>;
  tierRenewal?: Resolver<Maybe<ResolversTypes['TierRenewal']>, ParentType, ContextType>;
  timeZone?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type CustomerConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CustomerConnection'] = ResolversParentTypes['CustomerConnection']> = {
  edges?: Resolver<Array<ResolversTypes['CustomerEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type CustomerDataExportResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CustomerDataExport'] = ResolversParentTypes['CustomerDataExport']> = {
  customerId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  document?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  generatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type CustomerEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CustomerEdge'] = ResolversParentTypes['CustomerEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Customer'], ParentType, ContextType>;
};

export type CustomerNoteResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CustomerNote'] = ResolversParentTypes['CustomerNote']> = {
  author?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  body?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  customerId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  pinned?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type CustomerSessionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CustomerSession'] = ResolversParentTypes['CustomerSession']> = {
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  token?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export interface DateScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['Date'], any> {
  name: 'Date';
}

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type DeleteCustomerNotePayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['DeleteCustomerNotePayload'] = ResolversParentTypes['DeleteCustomerNotePayload']> = {
  noteId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type DeleteTierPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['DeleteTierPayload'] = ResolversParentTypes['DeleteTierPayload']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type DeleteWebhookEndpointPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['DeleteWebhookEndpointPayload'] = ResolversParentTypes['DeleteWebhookEndpointPayload']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type DisableStaffUserPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['DisableStaffUserPayload'] = ResolversParentTypes['DisableStaffUserPayload']> = {
  sessionsRevoked?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  staff?: Resolver<ResolversTypes['StaffUser'], ParentType, ContextType>;
};

export type EarningConfigResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['EarningConfig'] = ResolversParentTypes['EarningConfig']> = {
  autoEnroll?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  backdatingDays?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  categoryMultipliers?: Resolver<Array<ResolversTypes['CategoryMultiplier']>, ParentType, ContextType>;
  excludedCategories?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  expiryDays?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  expiryPolicy?: Resolver<ResolversTypes['ExpiryPolicy'], ParentType, ContextType>;
  pendingDays?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  pointsPerUnit?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  rounding?: Resolver<ResolversTypes['Rounding'], ParentType, ContextType>;
  skuMultipliers?: Resolver<Array<ResolversTypes['SkuMultiplier']>, ParentType, ContextType>;
  updatedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
};

export type EffectGroupResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['EffectGroup'] = ResolversParentTypes['EffectGroup']> = {
  customers?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  meanSpendMinor?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  returnRateBp?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  returned?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type EnrollCustomerPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['EnrollCustomerPayload'] = ResolversParentTypes['EnrollCustomerPayload']> = {
  created?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  customer?: Resolver<ResolversTypes['Customer'], ParentType, ContextType>;
};

export type EraseCustomerPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['EraseCustomerPayload'] = ResolversParentTypes['EraseCustomerPayload']> = {
  customerId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  erasedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type ExpiringPointsResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ExpiringPoints'] = ResolversParentTypes['ExpiringPoints']> = {
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  points?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ExpiryMonthResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ExpiryMonth'] = ResolversParentTypes['ExpiryMonth']> = {
  month?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  points?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  valueMinor?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
};

export type FeedbackItemResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['FeedbackItem'] = ResolversParentTypes['FeedbackItem']> = {
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  customer?: Resolver<ResolversTypes['Customer'], ParentType, ContextType>;
  firstResponseAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  firstResponseSeconds?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  purchaseId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  replies?: Resolver<Array<ResolversTypes['FeedbackReply']>, ParentType, ContextType>;
  resolvedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['FollowUpStatus'], ParentType, ContextType>;
  topic?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type FeedbackItemConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['FeedbackItemConnection'] = ResolversParentTypes['FeedbackItemConnection']> = {
  edges?: Resolver<Array<ResolversTypes['FeedbackItemEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type FeedbackItemEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['FeedbackItemEdge'] = ResolversParentTypes['FeedbackItemEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['FeedbackItem'], ParentType, ContextType>;
};

export type FeedbackReceivedResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['FeedbackReceived'] = ResolversParentTypes['FeedbackReceived']> = {
  customerId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  feedback?: Resolver<Maybe<ResolversTypes['FeedbackItem']>, ParentType, ContextType>;
  feedbackId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type FeedbackReplyResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['FeedbackReply'] = ResolversParentTypes['FeedbackReply']> = {
  author?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  body?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  messageId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
};

export type FeedbackReportResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['FeedbackReport'] = ResolversParentTypes['FeedbackReport']> = {
  medianFirstResponseSeconds?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  medianResolutionSeconds?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  openTasks?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  overdueTasks?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  responseRate?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  scores?: Resolver<Array<ResolversTypes['SurveyScoreDay']>, ParentType, ContextType>;
  surveysAnswered?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  surveysSent?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type FollowUpCommentResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['FollowUpComment'] = ResolversParentTypes['FollowUpComment']> = {
  author?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  body?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type FollowUpTaskResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['FollowUpTask'] = ResolversParentTypes['FollowUpTask']> = {
  assignee?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  assigneeId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  comment?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  comments?: Resolver<Array<ResolversTypes['FollowUpComment']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  customer?: Resolver<ResolversTypes['Customer'], ParentType, ContextType>;
  dueAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['FollowUpTaskKind'], ParentType, ContextType>;
  outcome?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  overdue?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  purchaseId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  resolvedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  score?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['FollowUpStatus'], ParentType, ContextType>;
  surveyId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  title?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type FollowUpTaskConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['FollowUpTaskConnection'] = ResolversParentTypes['FollowUpTaskConnection']> = {
  edges?: Resolver<Array<ResolversTypes['FollowUpTaskEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type FollowUpTaskCountsResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['FollowUpTaskCounts'] = ResolversParentTypes['FollowUpTaskCounts']> = {
  open?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  overdue?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type FollowUpTaskEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['FollowUpTaskEdge'] = ResolversParentTypes['FollowUpTaskEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['FollowUpTask'], ParentType, ContextType>;
};

export type FollowUpTimesResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['FollowUpTimes'] = ResolversParentTypes['FollowUpTimes']> = {
  feedbackItems?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  medianFeedbackFirstResponseMinutes?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  medianFeedbackResolutionMinutes?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  medianTaskFirstResponseMinutes?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  medianTaskResolutionMinutes?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  tasksCreated?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  tasksResolved?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type HealthPeriodResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['HealthPeriod'] = ResolversParentTypes['HealthPeriod']> = {
  activeCustomers?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  enrolled?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  medianHoursBetweenVisits?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  pointsAdjusted?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  pointsExpired?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  pointsIssued?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  pointsRedeemed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  pointsReturned?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  pointsReversed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  purchases?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  repeatRateBp?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  returningCustomers?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  rewardsIssued?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  rewardsUsed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  salesMinor?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  start?: Resolver<ResolversTypes['Date'], ParentType, ContextType>;
  tierDowngrades?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  tierUpgrades?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type HealthReportResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['HealthReport'] = ResolversParentTypes['HealthReport']> = {
  cohorts?: Resolver<Array<ResolversTypes['RetentionCohort']>, ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  from?: Resolver<ResolversTypes['Date'], ParentType, ContextType>;
  period?: Resolver<ResolversTypes['ReportPeriod'], ParentType, ContextType>;
  periods?: Resolver<Array<ResolversTypes['HealthPeriod']>, ParentType, ContextType>;
  tierMix?: Resolver<Array<ResolversTypes['TierCount']>, ParentType, ContextType>;
  timeZone?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  to?: Resolver<ResolversTypes['Date'], ParentType, ContextType>;
  totals?: Resolver<ResolversTypes['HealthTotals'], ParentType, ContextType>;
};

export type HealthTotalsResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['HealthTotals'] = ResolversParentTypes['HealthTotals']> = {
  activeCustomers?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  enrolled?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  purchases?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  salesMinor?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type InputIssueResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['InputIssue'] = ResolversParentTypes['InputIssue']> = {
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  path?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type InviteStaffPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['InviteStaffPayload'] = ResolversParentTypes['InviteStaffPayload']> = {
  invitation?: Resolver<ResolversTypes['StaffInvitation'], ParentType, ContextType>;
  link?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type IssuedRewardResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['IssuedReward'] = ResolversParentTypes['IssuedReward']> = {
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  costPoints?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  customer?: Resolver<ResolversTypes['Customer'], ParentType, ContextType>;
  expiresAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  issuedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  label?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['RewardStatus'], ParentType, ContextType>;
  usedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  usedOnPurchase?: Resolver<Maybe<ResolversTypes['Purchase']>, ParentType, ContextType>;
};

export type ItemErrorResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ItemError'] = ResolversParentTypes['ItemError']> = {
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  fields?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  issues?: Resolver<Array<ResolversTypes['InputIssue']>, ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export interface JsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSON'], any> {
  name: 'JSON';
}

export type LedgerConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['LedgerConnection'] = ResolversParentTypes['LedgerConnection']> = {
  edges?: Resolver<Array<ResolversTypes['LedgerEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type LedgerEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['LedgerEdge'] = ResolversParentTypes['LedgerEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['LedgerEntry'], ParentType, ContextType>;
};

export type LedgerEntryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['LedgerEntry'] = ResolversParentTypes['LedgerEntry']> = {
  availableAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  basePoints?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  bonusPoints?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  expiresAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['LedgerKind'], ParentType, ContextType>;
  points?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  purchase?: Resolver<Maybe<ResolversTypes['Purchase']>, ParentType, ContextType>;
  reason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  reward?: Resolver<Maybe<ResolversTypes['IssuedReward']>, ParentType, ContextType>;
};

export type LiabilityReportResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['LiabilityReport'] = ResolversParentTypes['LiabilityReport']> = {
  asOf?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  availableMinor?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  availablePoints?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  breakageMinor?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  breakagePoints?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  breakageRateBp?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  debtPoints?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  estimatedFutureBreakageMinor?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  estimatedFutureBreakagePoints?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  expirySchedule?: Resolver<Array<ResolversTypes['ExpiryMonth']>, ParentType, ContextType>;
  lapsedNotWrittenOff?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  liabilityMinor?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  liabilityPoints?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  pendingMinor?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  pendingPoints?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  pointValueMinorPer100?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  redeemedPoints?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  timeZone?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type MessageResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Message'] = ResolversParentTypes['Message']> = {
  attempts?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  channel?: Resolver<ResolversTypes['Channel'], ParentType, ContextType>;
  dedupeKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  html?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['MessageKind'], ParentType, ContextType>;
  providerId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  queuedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  recipient?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  sendAfter?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  sentAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['MessageStatus'], ParentType, ContextType>;
  subject?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  templateKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  templateVersion?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  text?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  transport?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type MessageConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['MessageConnection'] = ResolversParentTypes['MessageConnection']> = {
  edges?: Resolver<Array<ResolversTypes['MessageEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type MessageEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['MessageEdge'] = ResolversParentTypes['MessageEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Message'], ParentType, ContextType>;
};

export type MessagePreviewResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['MessagePreview'] = ResolversParentTypes['MessagePreview']> = {
  html?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  subject?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  text?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type MessageTemplateResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['MessageTemplate'] = ResolversParentTypes['MessageTemplate']> = {
  channel?: Resolver<ResolversTypes['Channel'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  html?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  locale?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  subject?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  text?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type MessagingReportResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['MessagingReport'] = ResolversParentTypes['MessagingReport']> = {
  followUps?: Resolver<ResolversTypes['FollowUpTimes'], ParentType, ContextType>;
  from?: Resolver<ResolversTypes['Date'], ParentType, ContextType>;
  newsletters?: Resolver<Array<ResolversTypes['NewsletterStats']>, ParentType, ContextType>;
  period?: Resolver<ResolversTypes['ReportPeriod'], ParentType, ContextType>;
  scores?: Resolver<Array<ResolversTypes['ScorePeriod']>, ParentType, ContextType>;
  surveysAnswered?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  surveysSent?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  timeZone?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  to?: Resolver<ResolversTypes['Date'], ParentType, ContextType>;
};

export type MutationResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  acceptStaffInvitation?: Resolver<ResolversTypes['SignInPayload'], ParentType, ContextType, RequireFields<MutationAcceptStaffInvitationArgs, 'input'>>;
  activateRewardRule?: Resolver<ResolversTypes['RewardRule'], ParentType, ContextType, RequireFields<MutationActivateRewardRuleArgs, 'input'>>;
  addCustomerNote?: Resolver<ResolversTypes['CustomerNote'], ParentType, ContextType, RequireFields<MutationAddCustomerNoteArgs, 'input'>>;
  adjustPoints?: Resolver<ResolversTypes['AdjustPointsPayload'], ParentType, ContextType, RequireFields<MutationAdjustPointsArgs, 'input'>>;
  archiveRewardRule?: Resolver<ResolversTypes['RewardRule'], ParentType, ContextType, RequireFields<MutationArchiveRewardRuleArgs, 'input'>>;
  archiveTier?: Resolver<ResolversTypes['ArchiveTierPayload'], ParentType, ContextType, RequireFields<MutationArchiveTierArgs, 'input'>>;
  assignFollowUpTask?: Resolver<ResolversTypes['FollowUpTask'], ParentType, ContextType, RequireFields<MutationAssignFollowUpTaskArgs, 'input'>>;
  checkNewsletterContent?: Resolver<ResolversTypes['ContentCheck'], ParentType, ContextType, RequireFields<MutationCheckNewsletterContentArgs, 'input'>>;
  commentOnFollowUpTask?: Resolver<ResolversTypes['FollowUpComment'], ParentType, ContextType, RequireFields<MutationCommentOnFollowUpTaskArgs, 'input'>>;
  createCustomerSession?: Resolver<ResolversTypes['CustomerSession'], ParentType, ContextType, RequireFields<MutationCreateCustomerSessionArgs, 'input'>>;
  createNewsletter?: Resolver<ResolversTypes['Newsletter'], ParentType, ContextType, RequireFields<MutationCreateNewsletterArgs, 'input'>>;
  createRewardRule?: Resolver<ResolversTypes['RewardRule'], ParentType, ContextType, RequireFields<MutationCreateRewardRuleArgs, 'input'>>;
  createTier?: Resolver<ResolversTypes['Tier'], ParentType, ContextType, RequireFields<MutationCreateTierArgs, 'input'>>;
  createWebhookEndpoint?: Resolver<ResolversTypes['CreateWebhookEndpointPayload'], ParentType, ContextType, RequireFields<MutationCreateWebhookEndpointArgs, 'input'>>;
  deleteCustomerNote?: Resolver<ResolversTypes['DeleteCustomerNotePayload'], ParentType, ContextType, RequireFields<MutationDeleteCustomerNoteArgs, 'input'>>;
  deleteTier?: Resolver<ResolversTypes['DeleteTierPayload'], ParentType, ContextType, RequireFields<MutationDeleteTierArgs, 'input'>>;
  deleteWebhookEndpoint?: Resolver<ResolversTypes['DeleteWebhookEndpointPayload'], ParentType, ContextType, RequireFields<MutationDeleteWebhookEndpointArgs, 'input'>>;
  disableStaffUser?: Resolver<ResolversTypes['DisableStaffUserPayload'], ParentType, ContextType, RequireFields<MutationDisableStaffUserArgs, 'id'>>;
  enrollCustomer?: Resolver<ResolversTypes['EnrollCustomerPayload'], ParentType, ContextType, RequireFields<MutationEnrollCustomerArgs, 'input'>>;
  eraseCustomer?: Resolver<ResolversTypes['EraseCustomerPayload'], ParentType, ContextType, RequireFields<MutationEraseCustomerArgs, 'input'>>;
  exportCustomerData?: Resolver<ResolversTypes['CustomerDataExport'], ParentType, ContextType, RequireFields<MutationExportCustomerDataArgs, 'input'>>;
  inviteStaff?: Resolver<ResolversTypes['InviteStaffPayload'], ParentType, ContextType, RequireFields<MutationInviteStaffArgs, 'input'>>;
  pauseRewardRule?: Resolver<ResolversTypes['RewardRule'], ParentType, ContextType, RequireFields<MutationPauseRewardRuleArgs, 'input'>>;
  previewMessageTemplate?: Resolver<ResolversTypes['MessagePreview'], ParentType, ContextType, RequireFields<MutationPreviewMessageTemplateArgs, 'input'>>;
  recordInboundMessage?: Resolver<ResolversTypes['Customer'], ParentType, ContextType, RequireFields<MutationRecordInboundMessageArgs, 'input'>>;
  recordPurchase?: Resolver<ResolversTypes['RecordPurchasePayload'], ParentType, ContextType, RequireFields<MutationRecordPurchaseArgs, 'input'>>;
  recordPurchases?: Resolver<ResolversTypes['RecordPurchasesPayload'], ParentType, ContextType, RequireFields<MutationRecordPurchasesArgs, 'input'>>;
  redeemReward?: Resolver<ResolversTypes['RedeemRewardPayload'], ParentType, ContextType, RequireFields<MutationRedeemRewardArgs, 'input'>>;
  refundPurchase?: Resolver<ResolversTypes['RefundPurchasePayload'], ParentType, ContextType, RequireFields<MutationRefundPurchaseArgs, 'input'>>;
  replayWebhookEvent?: Resolver<ResolversTypes['WebhookDelivery'], ParentType, ContextType, RequireFields<MutationReplayWebhookEventArgs, 'input'>>;
  replyToFeedback?: Resolver<ResolversTypes['FeedbackReply'], ParentType, ContextType, RequireFields<MutationReplyToFeedbackArgs, 'input'>>;
  resolveFeedback?: Resolver<ResolversTypes['FeedbackItem'], ParentType, ContextType, RequireFields<MutationResolveFeedbackArgs, 'input'>>;
  resolveFollowUpTask?: Resolver<ResolversTypes['FollowUpTask'], ParentType, ContextType, RequireFields<MutationResolveFollowUpTaskArgs, 'input'>>;
  revokeStaffSession?: Resolver<ResolversTypes['RevokeStaffSessionPayload'], ParentType, ContextType, RequireFields<MutationRevokeStaffSessionArgs, 'id'>>;
  rotateWebhookSecret?: Resolver<ResolversTypes['RotateWebhookSecretPayload'], ParentType, ContextType, RequireFields<MutationRotateWebhookSecretArgs, 'input'>>;
  sendFeedback?: Resolver<ResolversTypes['FeedbackItem'], ParentType, ContextType, RequireFields<MutationSendFeedbackArgs, 'input'>>;
  sendNewsletter?: Resolver<ResolversTypes['Newsletter'], ParentType, ContextType, RequireFields<MutationSendNewsletterArgs, 'input'>>;
  signIn?: Resolver<ResolversTypes['SignInPayload'], ParentType, ContextType, RequireFields<MutationSignInArgs, 'input'>>;
  signOut?: Resolver<ResolversTypes['SignOutPayload'], ParentType, ContextType>;
  submitSurveyResponse?: Resolver<ResolversTypes['Survey'], ParentType, ContextType, RequireFields<MutationSubmitSurveyResponseArgs, 'input'>>;
  updateContactPreferences?: Resolver<ResolversTypes['ContactPreferences'], ParentType, ContextType, RequireFields<MutationUpdateContactPreferencesArgs, 'input'>>;
  updateCustomer?: Resolver<ResolversTypes['Customer'], ParentType, ContextType, RequireFields<MutationUpdateCustomerArgs, 'input'>>;
  updateCustomerNote?: Resolver<ResolversTypes['CustomerNote'], ParentType, ContextType, RequireFields<MutationUpdateCustomerNoteArgs, 'input'>>;
  updateEarningConfig?: Resolver<ResolversTypes['EarningConfig'], ParentType, ContextType, RequireFields<MutationUpdateEarningConfigArgs, 'input'>>;
  updateNewsletter?: Resolver<ResolversTypes['Newsletter'], ParentType, ContextType, RequireFields<MutationUpdateNewsletterArgs, 'input'>>;
  updateReportSettings?: Resolver<ResolversTypes['ReportSettings'], ParentType, ContextType, RequireFields<MutationUpdateReportSettingsArgs, 'input'>>;
  updateRewardRule?: Resolver<ResolversTypes['RewardRule'], ParentType, ContextType, RequireFields<MutationUpdateRewardRuleArgs, 'input'>>;
  updateSurveySettings?: Resolver<ResolversTypes['SurveySettings'], ParentType, ContextType, RequireFields<MutationUpdateSurveySettingsArgs, 'input'>>;
  updateTier?: Resolver<ResolversTypes['Tier'], ParentType, ContextType, RequireFields<MutationUpdateTierArgs, 'input'>>;
  updateTierSettings?: Resolver<ResolversTypes['TierSettings'], ParentType, ContextType, RequireFields<MutationUpdateTierSettingsArgs, 'input'>>;
  updateWebhookEndpoint?: Resolver<ResolversTypes['WebhookEndpoint'], ParentType, ContextType, RequireFields<MutationUpdateWebhookEndpointArgs, 'input'>>;
  upsertCatalogItem?: Resolver<ResolversTypes['CatalogItem'], ParentType, ContextType, RequireFields<MutationUpsertCatalogItemArgs, 'input'>>;
  upsertMessageTemplate?: Resolver<ResolversTypes['MessageTemplate'], ParentType, ContextType, RequireFields<MutationUpsertMessageTemplateArgs, 'input'>>;
  useReward?: Resolver<ResolversTypes['UseRewardPayload'], ParentType, ContextType, RequireFields<MutationUseRewardArgs, 'input'>>;
  validateRewardRule?: Resolver<ResolversTypes['ValidateRewardRulePayload'], ParentType, ContextType, RequireFields<MutationValidateRewardRuleArgs, 'input'>>;
  voidReward?: Resolver<ResolversTypes['VoidRewardPayload'], ParentType, ContextType, RequireFields<MutationVoidRewardArgs, 'input'>>;
};

export type NewsletterResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Newsletter'] = ResolversParentTypes['Newsletter']> = {
  audience?: Resolver<ResolversTypes['NewsletterAudience'], ParentType, ContextType>;
  audienceCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  body?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  contentCheck?: Resolver<ResolversTypes['ContentCheck'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  overrideReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  progress?: Resolver<ResolversTypes['NewsletterProgress'], ParentType, ContextType>;
  report?: Resolver<ResolversTypes['NewsletterReport'], ParentType, ContextType>;
  scheduledAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['NewsletterStatus'], ParentType, ContextType>;
  subject?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  topic?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type NewsletterAudienceResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['NewsletterAudience'] = ResolversParentTypes['NewsletterAudience']> = {
  minPurchases?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  purchasedWithinDays?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  topicSubscribersOnly?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type NewsletterProgressResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['NewsletterProgress'] = ResolversParentTypes['NewsletterProgress']> = {
  audience?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  deferred?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  delivered?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  failed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  fannedOut?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  messages?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  queued?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  suppressed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  unknown?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type NewsletterReportResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['NewsletterReport'] = ResolversParentTypes['NewsletterReport']> = {
  deferred?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  failed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  feedbackNo?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  feedbackYes?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  recipients?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sent?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  suppressed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  suppressedByReason?: Resolver<Array<ResolversTypes['ReasonCount']>, ParentType, ContextType>;
  unsubscribes?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  usefulRate?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
};

export type NewsletterStatsResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['NewsletterStats'] = ResolversParentTypes['NewsletterStats']> = {
  delivered?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  failed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  newsletterId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  recipients?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  suppressed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  suppressedByReason?: Resolver<Array<ResolversTypes['ReasonCount']>, ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  unsubscribes?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  usefulNo?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  usefulRateBp?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  usefulYes?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  waiting?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type PageInfoResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type PointsBalanceResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PointsBalance'] = ResolversParentTypes['PointsBalance']> = {
  available?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  expiringSoon?: Resolver<Array<ResolversTypes['ExpiringPoints']>, ParentType, ContextType>;
  lifetimeEarned?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  pending?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type PreviewRewardResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PreviewReward'] = ResolversParentTypes['PreviewReward']> = {
  catalogItem?: Resolver<ResolversTypes['CatalogItem'], ParentType, ContextType>;
  label?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type ProgramResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Program'] = ResolversParentTypes['Program']> = {
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  slug?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  timeZone?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type PurchaseResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Purchase'] = ResolversParentTypes['Purchase']> = {
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  customer?: Resolver<ResolversTypes['Customer'], ParentType, ContextType>;
  externalId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lines?: Resolver<Array<ResolversTypes['PurchaseLine']>, ParentType, ContextType>;
  occurredAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  pointsEarned?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  pointsReversed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  recordedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  refundedMinor?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  storeCode?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  totalMinor?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type PurchaseConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PurchaseConnection'] = ResolversParentTypes['PurchaseConnection']> = {
  edges?: Resolver<Array<ResolversTypes['PurchaseEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type PurchaseEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PurchaseEdge'] = ResolversParentTypes['PurchaseEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Purchase'], ParentType, ContextType>;
};

export type PurchaseLineResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PurchaseLine'] = ResolversParentTypes['PurchaseLine']> = {
  category?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  quantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  refundedQuantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sku?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  unitPriceMinor?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type PurchasePreviewResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PurchasePreview'] = ResolversParentTypes['PurchasePreview']> = {
  availableAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  basePoints?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  customer?: Resolver<Maybe<ResolversTypes['Customer']>, ParentType, ContextType>;
  expiresAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  laterRuleBonusPoints?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  pointsEarned?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  rewardsIssued?: Resolver<Array<ResolversTypes['PreviewReward']>, ParentType, ContextType>;
  ruleBonusPoints?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  tierAfter?: Resolver<Maybe<ResolversTypes['Tier']>, ParentType, ContextType>;
  tierBonusPoints?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  totalMinor?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  auditLog?: Resolver<Array<ResolversTypes['AuditLogEntry']>, ParentType, ContextType, RequireFields<QueryAuditLogArgs, 'first'>>;
  catalogItems?: Resolver<Array<ResolversTypes['CatalogItem']>, ParentType, ContextType, RequireFields<QueryCatalogItemsArgs, 'activeOnly'>>;
  currentStaff?: Resolver<Maybe<ResolversTypes['StaffUser']>, ParentType, ContextType>;
  customer?: Resolver<Maybe<ResolversTypes['Customer']>, ParentType, ContextType, Partial<QueryCustomerArgs>>;
  customers?: Resolver<ResolversTypes['CustomerConnection'], ParentType, ContextType, Partial<QueryCustomersArgs>>;
  earningConfig?: Resolver<ResolversTypes['EarningConfig'], ParentType, ContextType>;
  feedbackItems?: Resolver<ResolversTypes['FeedbackItemConnection'], ParentType, ContextType, Partial<QueryFeedbackItemsArgs>>;
  feedbackReport?: Resolver<ResolversTypes['FeedbackReport'], ParentType, ContextType, RequireFields<QueryFeedbackReportArgs, 'from' | 'to'>>;
  followUpAssignees?: Resolver<Array<ResolversTypes['TaskAssignee']>, ParentType, ContextType>;
  followUpTaskCounts?: Resolver<ResolversTypes['FollowUpTaskCounts'], ParentType, ContextType>;
  followUpTasks?: Resolver<ResolversTypes['FollowUpTaskConnection'], ParentType, ContextType, Partial<QueryFollowUpTasksArgs>>;
  healthReport?: Resolver<ResolversTypes['HealthReport'], ParentType, ContextType, RequireFields<QueryHealthReportArgs, 'from' | 'period' | 'to'>>;
  liabilityReport?: Resolver<ResolversTypes['LiabilityReport'], ParentType, ContextType, Partial<QueryLiabilityReportArgs>>;
  localOutbox?: Resolver<ResolversTypes['MessageConnection'], ParentType, ContextType, Partial<QueryLocalOutboxArgs>>;
  me?: Resolver<Maybe<ResolversTypes['Customer']>, ParentType, ContextType>;
  message?: Resolver<Maybe<ResolversTypes['Message']>, ParentType, ContextType, RequireFields<QueryMessageArgs, 'id'>>;
  messageTemplates?: Resolver<Array<ResolversTypes['MessageTemplate']>, ParentType, ContextType, Partial<QueryMessageTemplatesArgs>>;
  messagingReport?: Resolver<ResolversTypes['MessagingReport'], ParentType, ContextType, RequireFields<QueryMessagingReportArgs, 'from' | 'period' | 'to'>>;
  newsletter?: Resolver<Maybe<ResolversTypes['Newsletter']>, ParentType, ContextType, RequireFields<QueryNewsletterArgs, 'id'>>;
  newsletterAudienceCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType, RequireFields<QueryNewsletterAudienceCountArgs, 'input'>>;
  newsletterPreview?: Resolver<ResolversTypes['MessagePreview'], ParentType, ContextType, RequireFields<QueryNewsletterPreviewArgs, 'input'>>;
  newsletters?: Resolver<Array<ResolversTypes['Newsletter']>, ParentType, ContextType>;
  pendingSurveys?: Resolver<Array<ResolversTypes['Survey']>, ParentType, ContextType>;
  previewPurchase?: Resolver<ResolversTypes['PurchasePreview'], ParentType, ContextType, RequireFields<QueryPreviewPurchaseArgs, 'input'>>;
  program?: Resolver<ResolversTypes['Program'], ParentType, ContextType>;
  reportSettings?: Resolver<ResolversTypes['ReportSettings'], ParentType, ContextType>;
  rewardByCode?: Resolver<Maybe<ResolversTypes['IssuedReward']>, ParentType, ContextType, RequireFields<QueryRewardByCodeArgs, 'code'>>;
  rewardRule?: Resolver<Maybe<ResolversTypes['RewardRule']>, ParentType, ContextType, RequireFields<QueryRewardRuleArgs, 'id'>>;
  rewardRuleCatalogue?: Resolver<ResolversTypes['RewardRuleCatalogue'], ParentType, ContextType>;
  rewardRules?: Resolver<Array<ResolversTypes['RewardRule']>, ParentType, ContextType>;
  rulesReport?: Resolver<ResolversTypes['RulesReport'], ParentType, ContextType, RequireFields<QueryRulesReportArgs, 'followUpDays' | 'from' | 'to'>>;
  simulateRewardRule?: Resolver<ResolversTypes['RewardRuleSimulation'], ParentType, ContextType, RequireFields<QuerySimulateRewardRuleArgs, 'input'>>;
  staffInvitations?: Resolver<Array<ResolversTypes['StaffInvitation']>, ParentType, ContextType>;
  staffSessions?: Resolver<Array<ResolversTypes['StaffSession']>, ParentType, ContextType>;
  staffUsers?: Resolver<Array<ResolversTypes['StaffUser']>, ParentType, ContextType>;
  surveyResponses?: Resolver<ResolversTypes['SurveyConnection'], ParentType, ContextType, Partial<QuerySurveyResponsesArgs>>;
  surveySettings?: Resolver<Maybe<ResolversTypes['SurveySettings']>, ParentType, ContextType>;
  tierSettings?: Resolver<ResolversTypes['TierSettings'], ParentType, ContextType>;
  tiers?: Resolver<Array<ResolversTypes['Tier']>, ParentType, ContextType, Partial<QueryTiersArgs>>;
  webhookEndpoint?: Resolver<Maybe<ResolversTypes['WebhookEndpoint']>, ParentType, ContextType, RequireFields<QueryWebhookEndpointArgs, 'id'>>;
  webhookEndpoints?: Resolver<Array<ResolversTypes['WebhookEndpoint']>, ParentType, ContextType>;
  webhookEventTypes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
};

export type ReasonCountResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ReasonCount'] = ResolversParentTypes['ReasonCount']> = {
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type RecordPurchasePayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RecordPurchasePayload'] = ResolversParentTypes['RecordPurchasePayload']> = {
  customer?: Resolver<ResolversTypes['Customer'], ParentType, ContextType>;
  pointsEarned?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  purchase?: Resolver<ResolversTypes['Purchase'], ParentType, ContextType>;
  replayed?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  rewardsIssued?: Resolver<Array<ResolversTypes['IssuedReward']>, ParentType, ContextType>;
};

export type RecordPurchasesItemResultResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RecordPurchasesItemResult'] = ResolversParentTypes['RecordPurchasesItemResult']> = {
  error?: Resolver<Maybe<ResolversTypes['ItemError']>, ParentType, ContextType>;
  idempotencyKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  index?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  result?: Resolver<Maybe<ResolversTypes['RecordPurchasePayload']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['RecordPurchasesItemStatus'], ParentType, ContextType>;
};

export type RecordPurchasesPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RecordPurchasesPayload'] = ResolversParentTypes['RecordPurchasesPayload']> = {
  failed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  recorded?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  replayed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  results?: Resolver<Array<ResolversTypes['RecordPurchasesItemResult']>, ParentType, ContextType>;
};

export type RedeemRewardPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RedeemRewardPayload'] = ResolversParentTypes['RedeemRewardPayload']> = {
  customer?: Resolver<ResolversTypes['Customer'], ParentType, ContextType>;
  replayed?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  reward?: Resolver<ResolversTypes['IssuedReward'], ParentType, ContextType>;
};

export type RefundPurchasePayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RefundPurchasePayload'] = ResolversParentTypes['RefundPurchasePayload']> = {
  customer?: Resolver<ResolversTypes['Customer'], ParentType, ContextType>;
  pointsReversed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  purchase?: Resolver<ResolversTypes['Purchase'], ParentType, ContextType>;
  replayed?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type ReportSettingsResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ReportSettings'] = ResolversParentTypes['ReportSettings']> = {
  pointValueMinorPer100?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
};

export type RetentionCohortResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RetentionCohort'] = ResolversParentTypes['RetentionCohort']> = {
  activeByMonth?: Resolver<Array<ResolversTypes['Int']>, ParentType, ContextType>;
  cohort?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  size?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type RevokeStaffSessionPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RevokeStaffSessionPayload'] = ResolversParentTypes['RevokeStaffSessionPayload']> = {
  session?: Resolver<ResolversTypes['StaffSession'], ParentType, ContextType>;
};

export type RewardRuleResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RewardRule'] = ResolversParentTypes['RewardRule']> = {
  budgetUsed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  conditions?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  definition?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  health?: Resolver<ResolversTypes['RewardRuleHealth'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  label?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  priority?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['RewardRuleStatus'], ParentType, ContextType>;
  trigger?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  versions?: Resolver<Array<ResolversTypes['RewardRuleVersion']>, ParentType, ContextType>;
};

export type RewardRuleCatalogueResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RewardRuleCatalogue'] = ResolversParentTypes['RewardRuleCatalogue']> = {
  actions?: Resolver<Array<ResolversTypes['RuleBuildingBlock']>, ParentType, ContextType>;
  conditions?: Resolver<Array<ResolversTypes['RuleBuildingBlock']>, ParentType, ContextType>;
  triggers?: Resolver<Array<ResolversTypes['RuleBuildingBlock']>, ParentType, ContextType>;
};

export type RewardRuleHealthResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RewardRuleHealth'] = ResolversParentTypes['RewardRuleHealth']> = {
  errorCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  lastError?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  lastErrorAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
};

export type RewardRuleSimulationResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RewardRuleSimulation'] = ResolversParentTypes['RewardRuleSimulation']> = {
  budgetHits?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  byDay?: Resolver<Array<ResolversTypes['RewardRuleSimulationDay']>, ParentType, ContextType>;
  costMinor?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  costPoints?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  customersAffected?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  elapsedMs?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  limitHits?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  matches?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  points?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  purchasesReplayed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  refundCancels?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  rewards?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sample?: Resolver<Array<ResolversTypes['RewardRuleSimulationMatch']>, ParentType, ContextType>;
};

export type RewardRuleSimulationDayResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RewardRuleSimulationDay'] = ResolversParentTypes['RewardRuleSimulationDay']> = {
  budgetHits?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  costPoints?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  day?: Resolver<ResolversTypes['Date'], ParentType, ContextType>;
  limitHits?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  matches?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  points?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  purchases?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  rewards?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type RewardRuleSimulationMatchResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RewardRuleSimulationMatch'] = ResolversParentTypes['RewardRuleSimulationMatch']> = {
  customerId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  explanation?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  occurredAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  points?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  purchaseId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  rewards?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type RewardRuleVersionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RewardRuleVersion'] = ResolversParentTypes['RewardRuleVersion']> = {
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  definition?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  label?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type RotateWebhookSecretPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RotateWebhookSecretPayload'] = ResolversParentTypes['RotateWebhookSecretPayload']> = {
  endpoint?: Resolver<ResolversTypes['WebhookEndpoint'], ParentType, ContextType>;
  secret?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type RuleBuildingBlockResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RuleBuildingBlock'] = ResolversParentTypes['RuleBuildingBlock']> = {
  argsSchema?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  description?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type RuleEffectResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RuleEffect'] = ResolversParentTypes['RuleEffect']> = {
  followUpDays?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  heldOut?: Resolver<ResolversTypes['EffectGroup'], ParentType, ContextType>;
  returnRateDiffBp?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  returnRateDiffHighBp?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  returnRateDiffLowBp?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  spendDiffHighMinor?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  spendDiffLowMinor?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  spendDiffMinor?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  summary?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  treated?: Resolver<ResolversTypes['EffectGroup'], ParentType, ContextType>;
  verdict?: Resolver<ResolversTypes['EffectVerdict'], ParentType, ContextType>;
};

export type RuleReportRowResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RuleReportRow'] = ResolversParentTypes['RuleReportRow']> = {
  budgetAmount?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  budgetKind?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  budgetUsed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  cancelledMatches?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  costMinor?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  customers?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  effect?: Resolver<Maybe<ResolversTypes['RuleEffect']>, ParentType, ContextType>;
  heldOutCustomers?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  holdoutPercent?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  matches?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  pendingMatches?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  pointsGiven?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  rewardsCostPoints?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  rewardsGiven?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  ruleId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type RulesReportResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RulesReport'] = ResolversParentTypes['RulesReport']> = {
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  from?: Resolver<ResolversTypes['Date'], ParentType, ContextType>;
  pointValueMinorPer100?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  rules?: Resolver<Array<ResolversTypes['RuleReportRow']>, ParentType, ContextType>;
  timeZone?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  to?: Resolver<ResolversTypes['Date'], ParentType, ContextType>;
};

export type ScorePeriodResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ScorePeriod'] = ResolversParentTypes['ScorePeriod']> = {
  responses?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  scale?: Resolver<ResolversTypes['SurveyScale'], ParentType, ContextType>;
  start?: Resolver<ResolversTypes['Date'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type SignInPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['SignInPayload'] = ResolversParentTypes['SignInPayload']> = {
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  staff?: Resolver<ResolversTypes['StaffUser'], ParentType, ContextType>;
};

export type SignOutPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['SignOutPayload'] = ResolversParentTypes['SignOutPayload']> = {
  signedOut?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type SkuMultiplierResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['SkuMultiplier'] = ResolversParentTypes['SkuMultiplier']> = {
  percent?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sku?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type StaffInvitationResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['StaffInvitation'] = ResolversParentTypes['StaffInvitation']> = {
  acceptedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  email?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  invitedBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  role?: Resolver<ResolversTypes['StaffRole'], ParentType, ContextType>;
};

export type StaffSessionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['StaffSession'] = ResolversParentTypes['StaffSession']> = {
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  current?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lastSeenAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  userAgent?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type StaffUserResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['StaffUser'] = ResolversParentTypes['StaffUser']> = {
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  disabledAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  email?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lastSignedInAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  role?: Resolver<ResolversTypes['StaffRole'], ParentType, ContextType>;
};

export type SubscriptionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = {
  balanceChanged?: SubscriptionResolver<ResolversTypes['Balance'], "balanceChanged", ParentType, ContextType>;
  feedbackReceived?: SubscriptionResolver<ResolversTypes['FeedbackReceived'], "feedbackReceived", ParentType, ContextType>;
  rewardIssued?: SubscriptionResolver<ResolversTypes['IssuedReward'], "rewardIssued", ParentType, ContextType>;
  tierChanged?: SubscriptionResolver<Maybe<ResolversTypes['Tier']>, "tierChanged", ParentType, ContextType>;
};

export type SurveyResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Survey'] = ResolversParentTypes['Survey']> = {
  answeredAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  askComment?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  comment?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  customer?: Resolver<ResolversTypes['Customer'], ParentType, ContextType>;
  customerId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  purchaseId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  scale?: Resolver<ResolversTypes['SurveyScale'], ParentType, ContextType>;
  score?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  sentAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type SurveyConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['SurveyConnection'] = ResolversParentTypes['SurveyConnection']> = {
  edges?: Resolver<Array<ResolversTypes['SurveyEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type SurveyEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['SurveyEdge'] = ResolversParentTypes['SurveyEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Survey'], ParentType, ContextType>;
};

export type SurveyScoreDayResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['SurveyScoreDay'] = ResolversParentTypes['SurveyScoreDay']> = {
  day?: Resolver<ResolversTypes['Date'], ParentType, ContextType>;
  responses?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  scale?: Resolver<ResolversTypes['SurveyScale'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type SurveySettingsResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['SurveySettings'] = ResolversParentTypes['SurveySettings']> = {
  askComment?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  callAfterDays?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  channel?: Resolver<Maybe<ResolversTypes['Channel']>, ParentType, ContextType>;
  delayMinutes?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  enabled?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  minDaysBetween?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  samplePercent?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  scale?: Resolver<ResolversTypes['SurveyScale'], ParentType, ContextType>;
  taskSlaHours?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type TaskAssigneeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TaskAssignee'] = ResolversParentTypes['TaskAssignee']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  role?: Resolver<ResolversTypes['StaffRole'], ParentType, ContextType>;
};

export type TierResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Tier'] = ResolversParentTypes['Tier']> = {
  archivedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  benefits?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  earnMultiplierPercent?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  metric?: Resolver<ResolversTypes['TierMetric'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  rank?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  threshold?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  welcomeReward?: Resolver<Maybe<ResolversTypes['CatalogItem']>, ParentType, ContextType>;
  window?: Resolver<ResolversTypes['TierWindow'], ParentType, ContextType>;
};

export type TierChangeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TierChange'] = ResolversParentTypes['TierChange']> = {
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  evaluationDate?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
  from?: Resolver<Maybe<ResolversTypes['Tier']>, ParentType, ContextType>;
  fromVersion?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  purchase?: Resolver<Maybe<ResolversTypes['Purchase']>, ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['TierChangeReason'], ParentType, ContextType>;
  to?: Resolver<Maybe<ResolversTypes['Tier']>, ParentType, ContextType>;
  toVersion?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
};

export type TierCountResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TierCount'] = ResolversParentTypes['TierCount']> = {
  customers?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  tierId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
};

export type TierProgressResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TierProgress'] = ResolversParentTypes['TierProgress']> = {
  current?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  metric?: Resolver<ResolversTypes['TierMetric'], ParentType, ContextType>;
  next?: Resolver<ResolversTypes['Tier'], ParentType, ContextType>;
  remaining?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  required?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type TierRenewalResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TierRenewal'] = ResolversParentTypes['TierRenewal']> = {
  current?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  graceUntil?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  metric?: Resolver<ResolversTypes['TierMetric'], ParentType, ContextType>;
  nextEvaluationAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  remaining?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  required?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  tier?: Resolver<ResolversTypes['Tier'], ParentType, ContextType>;
  windowEndsAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
};

export type TierSettingsResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TierSettings'] = ResolversParentTypes['TierSettings']> = {
  graceDays?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  maxDowngradeRanks?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type TierWindowResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TierWindow'] = ResolversParentTypes['TierWindow']> = {
  days?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['TierWindowKind'], ParentType, ContextType>;
};

export type UseRewardPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['UseRewardPayload'] = ResolversParentTypes['UseRewardPayload']> = {
  replayed?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  reward?: Resolver<ResolversTypes['IssuedReward'], ParentType, ContextType>;
};

export type ValidateRewardRulePayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ValidateRewardRulePayload'] = ResolversParentTypes['ValidateRewardRulePayload']> = {
  conditions?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  valid?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type VoidRewardPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['VoidRewardPayload'] = ResolversParentTypes['VoidRewardPayload']> = {
  customer?: Resolver<ResolversTypes['Customer'], ParentType, ContextType>;
  pointsReturned?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  replayed?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  reward?: Resolver<ResolversTypes['IssuedReward'], ParentType, ContextType>;
};

export type WebhookDeliveryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['WebhookDelivery'] = ResolversParentTypes['WebhookDelivery']> = {
  attempts?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  completedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  eventId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  eventType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lastAttemptAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  lastError?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  latencyMs?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  nextAttemptAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  replay?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  responseCode?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['WebhookDeliveryStatus'], ParentType, ContextType>;
};

export type WebhookDeliveryConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['WebhookDeliveryConnection'] = ResolversParentTypes['WebhookDeliveryConnection']> = {
  edges?: Resolver<Array<ResolversTypes['WebhookDeliveryEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type WebhookDeliveryEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['WebhookDeliveryEdge'] = ResolversParentTypes['WebhookDeliveryEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['WebhookDelivery'], ParentType, ContextType>;
};

export type WebhookEndpointResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['WebhookEndpoint'] = ResolversParentTypes['WebhookEndpoint']> = {
  consecutiveFailures?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  deliveries?: Resolver<ResolversTypes['WebhookDeliveryConnection'], ParentType, ContextType, Partial<WebhookEndpointDeliveriesArgs>>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  disabledAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  disabledReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  enabled?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  events?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  previousSecretExpiresAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  url?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type Resolvers<ContextType = GraphQLContext> = {
  AdjustPointsPayload?: AdjustPointsPayloadResolvers<ContextType>;
  ArchiveTierPayload?: ArchiveTierPayloadResolvers<ContextType>;
  AuditLogEntry?: AuditLogEntryResolvers<ContextType>;
  Balance?: BalanceResolvers<ContextType>;
  CatalogItem?: CatalogItemResolvers<ContextType>;
  CategoryMultiplier?: CategoryMultiplierResolvers<ContextType>;
  ChannelConsent?: ChannelConsentResolvers<ContextType>;
  ContactPreferences?: ContactPreferencesResolvers<ContextType>;
  ContentCheck?: ContentCheckResolvers<ContextType>;
  ContentFinding?: ContentFindingResolvers<ContextType>;
  CreateWebhookEndpointPayload?: CreateWebhookEndpointPayloadResolvers<ContextType>;
  Customer?: CustomerResolvers<ContextType>;
  CustomerConnection?: CustomerConnectionResolvers<ContextType>;
  CustomerDataExport?: CustomerDataExportResolvers<ContextType>;
  CustomerEdge?: CustomerEdgeResolvers<ContextType>;
  CustomerNote?: CustomerNoteResolvers<ContextType>;
  CustomerSession?: CustomerSessionResolvers<ContextType>;
  Date?: GraphQLScalarType;
  DateTime?: GraphQLScalarType;
  DeleteCustomerNotePayload?: DeleteCustomerNotePayloadResolvers<ContextType>;
  DeleteTierPayload?: DeleteTierPayloadResolvers<ContextType>;
  DeleteWebhookEndpointPayload?: DeleteWebhookEndpointPayloadResolvers<ContextType>;
  DisableStaffUserPayload?: DisableStaffUserPayloadResolvers<ContextType>;
  EarningConfig?: EarningConfigResolvers<ContextType>;
  EffectGroup?: EffectGroupResolvers<ContextType>;
  EnrollCustomerPayload?: EnrollCustomerPayloadResolvers<ContextType>;
  EraseCustomerPayload?: EraseCustomerPayloadResolvers<ContextType>;
  ExpiringPoints?: ExpiringPointsResolvers<ContextType>;
  ExpiryMonth?: ExpiryMonthResolvers<ContextType>;
  FeedbackItem?: FeedbackItemResolvers<ContextType>;
  FeedbackItemConnection?: FeedbackItemConnectionResolvers<ContextType>;
  FeedbackItemEdge?: FeedbackItemEdgeResolvers<ContextType>;
  FeedbackReceived?: FeedbackReceivedResolvers<ContextType>;
  FeedbackReply?: FeedbackReplyResolvers<ContextType>;
  FeedbackReport?: FeedbackReportResolvers<ContextType>;
  FollowUpComment?: FollowUpCommentResolvers<ContextType>;
  FollowUpTask?: FollowUpTaskResolvers<ContextType>;
  FollowUpTaskConnection?: FollowUpTaskConnectionResolvers<ContextType>;
  FollowUpTaskCounts?: FollowUpTaskCountsResolvers<ContextType>;
  FollowUpTaskEdge?: FollowUpTaskEdgeResolvers<ContextType>;
  FollowUpTimes?: FollowUpTimesResolvers<ContextType>;
  HealthPeriod?: HealthPeriodResolvers<ContextType>;
  HealthReport?: HealthReportResolvers<ContextType>;
  HealthTotals?: HealthTotalsResolvers<ContextType>;
  InputIssue?: InputIssueResolvers<ContextType>;
  InviteStaffPayload?: InviteStaffPayloadResolvers<ContextType>;
  IssuedReward?: IssuedRewardResolvers<ContextType>;
  ItemError?: ItemErrorResolvers<ContextType>;
  JSON?: GraphQLScalarType;
  LedgerConnection?: LedgerConnectionResolvers<ContextType>;
  LedgerEdge?: LedgerEdgeResolvers<ContextType>;
  LedgerEntry?: LedgerEntryResolvers<ContextType>;
  LiabilityReport?: LiabilityReportResolvers<ContextType>;
  Message?: MessageResolvers<ContextType>;
  MessageConnection?: MessageConnectionResolvers<ContextType>;
  MessageEdge?: MessageEdgeResolvers<ContextType>;
  MessagePreview?: MessagePreviewResolvers<ContextType>;
  MessageTemplate?: MessageTemplateResolvers<ContextType>;
  MessagingReport?: MessagingReportResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Newsletter?: NewsletterResolvers<ContextType>;
  NewsletterAudience?: NewsletterAudienceResolvers<ContextType>;
  NewsletterProgress?: NewsletterProgressResolvers<ContextType>;
  NewsletterReport?: NewsletterReportResolvers<ContextType>;
  NewsletterStats?: NewsletterStatsResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  PointsBalance?: PointsBalanceResolvers<ContextType>;
  PreviewReward?: PreviewRewardResolvers<ContextType>;
  Program?: ProgramResolvers<ContextType>;
  Purchase?: PurchaseResolvers<ContextType>;
  PurchaseConnection?: PurchaseConnectionResolvers<ContextType>;
  PurchaseEdge?: PurchaseEdgeResolvers<ContextType>;
  PurchaseLine?: PurchaseLineResolvers<ContextType>;
  PurchasePreview?: PurchasePreviewResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  ReasonCount?: ReasonCountResolvers<ContextType>;
  RecordPurchasePayload?: RecordPurchasePayloadResolvers<ContextType>;
  RecordPurchasesItemResult?: RecordPurchasesItemResultResolvers<ContextType>;
  RecordPurchasesPayload?: RecordPurchasesPayloadResolvers<ContextType>;
  RedeemRewardPayload?: RedeemRewardPayloadResolvers<ContextType>;
  RefundPurchasePayload?: RefundPurchasePayloadResolvers<ContextType>;
  ReportSettings?: ReportSettingsResolvers<ContextType>;
  RetentionCohort?: RetentionCohortResolvers<ContextType>;
  RevokeStaffSessionPayload?: RevokeStaffSessionPayloadResolvers<ContextType>;
  RewardRule?: RewardRuleResolvers<ContextType>;
  RewardRuleCatalogue?: RewardRuleCatalogueResolvers<ContextType>;
  RewardRuleHealth?: RewardRuleHealthResolvers<ContextType>;
  RewardRuleSimulation?: RewardRuleSimulationResolvers<ContextType>;
  RewardRuleSimulationDay?: RewardRuleSimulationDayResolvers<ContextType>;
  RewardRuleSimulationMatch?: RewardRuleSimulationMatchResolvers<ContextType>;
  RewardRuleVersion?: RewardRuleVersionResolvers<ContextType>;
  RotateWebhookSecretPayload?: RotateWebhookSecretPayloadResolvers<ContextType>;
  RuleBuildingBlock?: RuleBuildingBlockResolvers<ContextType>;
  RuleEffect?: RuleEffectResolvers<ContextType>;
  RuleReportRow?: RuleReportRowResolvers<ContextType>;
  RulesReport?: RulesReportResolvers<ContextType>;
  ScorePeriod?: ScorePeriodResolvers<ContextType>;
  SignInPayload?: SignInPayloadResolvers<ContextType>;
  SignOutPayload?: SignOutPayloadResolvers<ContextType>;
  SkuMultiplier?: SkuMultiplierResolvers<ContextType>;
  StaffInvitation?: StaffInvitationResolvers<ContextType>;
  StaffSession?: StaffSessionResolvers<ContextType>;
  StaffUser?: StaffUserResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  Survey?: SurveyResolvers<ContextType>;
  SurveyConnection?: SurveyConnectionResolvers<ContextType>;
  SurveyEdge?: SurveyEdgeResolvers<ContextType>;
  SurveyScoreDay?: SurveyScoreDayResolvers<ContextType>;
  SurveySettings?: SurveySettingsResolvers<ContextType>;
  TaskAssignee?: TaskAssigneeResolvers<ContextType>;
  Tier?: TierResolvers<ContextType>;
  TierChange?: TierChangeResolvers<ContextType>;
  TierCount?: TierCountResolvers<ContextType>;
  TierProgress?: TierProgressResolvers<ContextType>;
  TierRenewal?: TierRenewalResolvers<ContextType>;
  TierSettings?: TierSettingsResolvers<ContextType>;
  TierWindow?: TierWindowResolvers<ContextType>;
  UseRewardPayload?: UseRewardPayloadResolvers<ContextType>;
  ValidateRewardRulePayload?: ValidateRewardRulePayloadResolvers<ContextType>;
  VoidRewardPayload?: VoidRewardPayloadResolvers<ContextType>;
  WebhookDelivery?: WebhookDeliveryResolvers<ContextType>;
  WebhookDeliveryConnection?: WebhookDeliveryConnectionResolvers<ContextType>;
  WebhookDeliveryEdge?: WebhookDeliveryEdgeResolvers<ContextType>;
  WebhookEndpoint?: WebhookEndpointResolvers<ContextType>;
};

