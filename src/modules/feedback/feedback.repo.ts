import { newestFirst } from '../../db/page';
import type { Scoped } from '../../db/scoped';
import type { Page } from '../../shared/pagination';
import type { Channel } from '../customers/customers.inputs';
import type { Scale } from './feedback.inputs';

export interface SurveySettingsRow {
  enabled: boolean;
  scale: Scale;
  ask_comment: boolean;
  delay_minutes: number;
  sample_percent: number;
  min_days_between: number;
  channel: Channel | null;
  call_after_days: number;
  task_sla_hours: number;
  updated_at: Date;
}

export interface SurveyRow {
  id: string;
  customer_id: string;
  purchase_id: string | null;
  scale: Scale;
  ask_comment: boolean;
  message_id: string | null;
  sent_at: Date;
  answered_at: Date | null;
  score: number | null;
  comment: string | null;
  source: 'link' | 'app' | null;
}

export interface TaskRow {
  id: string;
  kind: 'LOW_SCORE' | 'CALL_CUSTOMER' | 'RULE';
  customer_id: string;
  survey_id: string | null;
  /** What to do, for a task a rule made ("call Ana about her 10th visit"). */
  title: string | null;
  rule_version_id: string | null;
  /** What made a task without a survey (a rule firing): the same source makes one task. */
  source_key: string | null;
  purchase_id: string | null;
  score: number | null;
  comment: string | null;
  assignee: string | null;
  /** The staff user, when assigned to an account (the name above is theirs at the time). */
  assignee_id: string | null;
  due_at: Date;
  status: 'OPEN' | 'RESOLVED';
  outcome: string | null;
  created_at: Date;
  resolved_at: Date | null;
}

export interface TaskCommentRow {
  id: string;
  task_id: string;
  body: string;
  author: string;
  created_at: Date;
}

export interface FeedbackRow {
  id: string;
  customer_id: string;
  purchase_id: string | null;
  topic: string;
  message: string;
  status: 'OPEN' | 'RESOLVED';
  created_at: Date;
  first_response_at: Date | null;
  resolved_at: Date | null;
}

export interface ReplyRow {
  id: string;
  feedback_id: string;
  body: string;
  author: string;
  message_id: string | null;
  created_at: Date;
}

export function surveySettings(q: Scoped): Promise<SurveySettingsRow | undefined> {
  return q('survey_settings').first();
}

export async function upsertSurveySettings(
  q: Scoped,
  s: Omit<SurveySettingsRow, 'updated_at'>,
  at: Date,
): Promise<SurveySettingsRow> {
  const row = { ...s, updated_at: at };
  const [r] = await q
    .insert('survey_settings', row)
    .onConflict(['program_id'])
    .merge(Object.keys(row))
    .returning('*');
  return r;
}

export function lastSurveySince(q: Scoped, customerId: string, since: Date): Promise<SurveyRow | undefined> {
  return q('surveys').where({ customer_id: customerId }).where('sent_at', '>', since).first();
}

/**
 * Holds, until the transaction ends, the lock on sending this customer a survey: two purchases'
 * jobs cannot both pass the N-day check.
 */
export async function lockCustomerSurveys(q: Scoped, customerId: string): Promise<void> {
  await q.knex.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`${q.programId}:survey:${customerId}`]);
}

/** Null when this purchase already has its survey (a repeated job). */
export async function insertSurvey(
  q: Scoped,
  s: Pick<SurveyRow, 'customer_id' | 'purchase_id' | 'scale' | 'ask_comment' | 'sent_at'>,
): Promise<SurveyRow | null> {
  const rows = await q.insert('surveys', s).onConflict(['program_id', 'purchase_id']).ignore().returning('*');
  return rows[0] ?? null;
}

export async function setSurveyMessage(q: Scoped, id: string, messageId: string): Promise<void> {
  await q('surveys').where({ id }).update({ message_id: messageId });
}

export function lockSurvey(q: Scoped, id: string): Promise<SurveyRow | undefined> {
  return q('surveys').where({ id }).forUpdate().first();
}

export function surveyById(q: Scoped, id: string): Promise<SurveyRow | undefined> {
  return q('surveys').where({ id }).first();
}

/** Newest sent first, by (sent_at, id). */
export function listSurveys(
  q: Scoped,
  f: { answered?: boolean | null; customerId?: string | null },
  page: Page,
): Promise<SurveyRow[]> {
  const query = q('surveys');
  if (f.answered === true) query.whereNotNull('answered_at');
  if (f.answered === false) query.whereNull('answered_at');
  if (f.customerId) query.where('customer_id', f.customerId);
  return newestFirst(query, page, 'sent_at');
}

export function pendingSurveys(q: Scoped, customerId: string): Promise<SurveyRow[]> {
  return q('surveys')
    .where({ customer_id: customerId })
    .whereNull('answered_at')
    .orderBy('sent_at', 'desc')
    .limit(20);
}

/** Only an unanswered survey takes an answer: the guard that makes it "accepted once". */
export async function answerSurveyRow(
  q: Scoped,
  id: string,
  a: { score: number; comment: string | null; source: 'link' | 'app' },
  at: Date,
): Promise<SurveyRow | undefined> {
  const [row] = await q('surveys')
    .where({ id })
    .whereNull('answered_at')
    .update({ ...a, answered_at: at })
    .returning('*');
  return row;
}

/** Unanswered surveys old enough for a call and without a call task yet. */
export function surveysDueForCall(
  q: Scoped,
  sentBefore: Date,
  sentAfter: Date,
  limit: number,
): Promise<SurveyRow[]> {
  return q('surveys as s')
    .whereNull('s.answered_at')
    .where('s.sent_at', '<=', sentBefore)
    .where('s.sent_at', '>', sentAfter)
    .whereNotExists(
      q
        .knex('follow_up_tasks as t')
        .whereRaw('t.program_id = s.program_id AND t.survey_id = s.id')
        .where('t.kind', 'CALL_CUSTOMER'),
    )
    .orderBy('s.sent_at')
    .limit(limit)
    .select('s.*');
}

export type NewTask = Pick<TaskRow, 'kind' | 'customer_id' | 'purchase_id'> &
  Partial<Pick<TaskRow, 'survey_id' | 'score' | 'comment' | 'title' | 'rule_version_id' | 'source_key'>>;

/**
 * Null when the task already exists: the survey has a task of this kind, or its source
 * already made one (a job or rule that ran twice).
 */
export async function insertTask(
  q: Scoped,
  t: NewTask & Pick<TaskRow, 'due_at' | 'created_at'>,
): Promise<TaskRow | null> {
  const rows = await q
    .insert('follow_up_tasks', { ...t, status: 'OPEN' })
    .onConflict()
    .ignore()
    .returning('*');
  return rows[0] ?? null;
}

export function lockTask(q: Scoped, id: string): Promise<TaskRow | undefined> {
  return q('follow_up_tasks').where({ id }).forUpdate().first();
}

export async function updateTask(q: Scoped, id: string, fields: Partial<TaskRow>): Promise<TaskRow> {
  const [row] = await q('follow_up_tasks').where({ id }).update(fields).returning('*');
  return row;
}

export async function insertTaskComment(
  q: Scoped,
  c: Pick<TaskCommentRow, 'task_id' | 'body' | 'author' | 'created_at'>,
): Promise<TaskCommentRow> {
  const [row] = await q.insert('follow_up_comments', c).returning('*');
  return row;
}

export function commentsByTaskIds(q: Scoped, ids: readonly string[]): Promise<TaskCommentRow[]> {
  return q('follow_up_comments').whereIn('task_id', ids).orderBy('created_at');
}

export interface TaskFilter {
  status?: string | null;
  kind?: string | null;
  overdueAt?: Date | null;
  assignee?: string | null;
  assigneeId?: string | null;
  customerId?: string | null;
}

function filterTasks(q: Scoped, f: TaskFilter) {
  const query = q('follow_up_tasks');
  if (f.status) query.where('status', f.status);
  if (f.kind) query.where('kind', f.kind);
  if (f.assignee) query.where('assignee', f.assignee);
  if (f.assigneeId) query.where('assignee_id', f.assigneeId);
  if (f.customerId) query.where('customer_id', f.customerId);
  if (f.overdueAt) query.where('status', 'OPEN').where('due_at', '<', f.overdueAt);
  return query;
}

export function listTasks(q: Scoped, f: TaskFilter, page: Page): Promise<TaskRow[]> {
  return newestFirst(filterTasks(q, f), page, 'created_at');
}

export async function taskCounts(q: Scoped, now: Date): Promise<{ open: number; overdue: number }> {
  const [r] = await q('follow_up_tasks')
    .where('status', 'OPEN')
    .select(
      q.knex.raw('count(*)::int AS open'),
      q.knex.raw('(count(*) FILTER (WHERE due_at < ?))::int AS overdue', [now]),
    );
  return { open: r.open, overdue: r.overdue };
}

export async function hasOpenLowScoreTask(q: Scoped, customerId: string): Promise<boolean> {
  const r = await q('follow_up_tasks')
    .where({ customer_id: customerId, kind: 'LOW_SCORE', status: 'OPEN' })
    .first('id');
  return r != null;
}

export async function insertFeedback(
  q: Scoped,
  f: Pick<FeedbackRow, 'customer_id' | 'purchase_id' | 'topic' | 'message' | 'created_at'>,
): Promise<FeedbackRow> {
  const [row] = await q.insert('feedback_items', { ...f, status: 'OPEN' }).returning('*');
  return row;
}

export function lockFeedback(q: Scoped, id: string): Promise<FeedbackRow | undefined> {
  return q('feedback_items').where({ id }).forUpdate().first();
}

export function feedbackByIds(q: Scoped, ids: readonly string[]): Promise<FeedbackRow[]> {
  return q('feedback_items').whereIn('id', ids);
}

export async function updateFeedback(
  q: Scoped,
  id: string,
  fields: Partial<FeedbackRow>,
): Promise<FeedbackRow> {
  const [row] = await q('feedback_items').where({ id }).update(fields).returning('*');
  return row;
}

export function listFeedback(
  q: Scoped,
  f: { status?: string | null; topic?: string | null; customerId?: string | null },
  page: Page,
): Promise<FeedbackRow[]> {
  const query = q('feedback_items');
  if (f.status) query.where('status', f.status);
  if (f.topic) query.where('topic', f.topic);
  if (f.customerId) query.where('customer_id', f.customerId);
  return newestFirst(query, page, 'created_at');
}

export async function insertReply(
  q: Scoped,
  r: Pick<ReplyRow, 'feedback_id' | 'body' | 'author' | 'created_at'>,
): Promise<ReplyRow> {
  const [row] = await q.insert('feedback_replies', r).returning('*');
  return row;
}

export async function setReplyMessage(q: Scoped, id: string, messageId: string): Promise<void> {
  await q('feedback_replies').where({ id }).update({ message_id: messageId });
}

export function repliesByFeedbackIds(q: Scoped, ids: readonly string[]): Promise<ReplyRow[]> {
  return q('feedback_replies').whereIn('feedback_id', ids).orderBy('created_at');
}

/**
 * Surveys sent in [from, to) that reached someone, and how many were answered. A survey counts
 * as sent once its message was delivered (or it was answered, in the app or by link).
 */
export async function surveyReach(
  q: Scoped,
  from: Date,
  to: Date,
): Promise<{ sent: number; answered: number }> {
  // One suppressed by consent or quiet hours, or still queued, reached nobody.
  const [sent] = await q('surveys as s')
    .leftJoin('messages as m', function () {
      this.on('m.program_id', 's.program_id').andOn('m.id', 's.message_id');
    })
    .where('s.sent_at', '>=', from)
    .where('s.sent_at', '<', to)
    .select(
      q.knex.raw(`(count(*) FILTER (WHERE m.status = 'SENT' OR s.answered_at IS NOT NULL))::int AS sent`),
      q.knex.raw('(count(*) FILTER (WHERE s.answered_at IS NOT NULL))::int AS answered'),
    );
  return sent;
}

/** Per UTC day of answer and scale: responses and the score (CSAT mean ×100, or NPS). */
export function surveyScoresByDay(
  q: Scoped,
  from: Date,
  to: Date,
): Promise<{ day: string; scale: string; responses: number; value: number }[]> {
  return q('surveys')
    .whereNotNull('answered_at')
    .where('answered_at', '>=', from)
    .where('answered_at', '<', to)
    .groupByRaw('1, 2')
    .orderByRaw('1, 2')
    .select(
      q.knex.raw(`to_char(answered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day`),
      'scale',
      q.knex.raw('count(*)::int AS responses'),
      q.knex.raw(`CASE WHEN scale = 'CSAT' THEN round(avg(score) * 100)::int
        ELSE round(100.0 * (count(*) FILTER (WHERE score >= 9) - count(*) FILTER (WHERE score <= 6)) / count(*))::int
        END AS value`),
    );
}

/** Median seconds to first response and to resolution of feedback created in [from, to). */
export async function feedbackResponseMedians(
  q: Scoped,
  from: Date,
  to: Date,
): Promise<{ first: number | string | null; resolved: number | string | null } | undefined> {
  const [times] = await q('feedback_items')
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .select(
      q.knex.raw(
        'percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_response_at - created_at)) AS first',
      ),
      q.knex.raw(
        'percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - created_at)) AS resolved',
      ),
    );
  return times;
}
