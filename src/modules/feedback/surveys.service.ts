import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { Config } from '../../config';
import { type Scoped, scoped } from '../../db/scoped';
import type { JobDeps } from '../../jobs/job';
import type { Clock } from '../../shared/clock';
import type { RequestContext } from '../../shared/context';
import { AppError, parseInput } from '../../shared/errors';
import { DAY_MS } from '../../shared/time';
import { recordAudit } from '../audit/audit.service';
import { raise } from '../events/events';
import { linkSecret } from '../messaging/links';
import { queueMessage } from '../messaging/messaging.service';
import { readSurveyToken, surveyToken } from '../messaging/unsubscribe-token';
import {
  isLowScore,
  SCALE_RANGE,
  type SubmitSurveyResponseInput,
  SurveyAnswer,
  type UpdateSurveySettingsInput,
} from './feedback.inputs';
import { sendSurveyJob } from './feedback.jobs-contract';
import {
  answerSurveyRow,
  insertSurvey,
  lastSurveySince,
  lockCustomerSurveys,
  lockSurvey,
  type SurveyRow,
  type SurveySettingsRow,
  setSurveyMessage,
  surveyById,
  surveySettings,
  upsertSurveySettings,
} from './feedback.repo';
import { createTask } from './follow-up';

// Reads the API makes (resolvers call the service, never the repo).
export { listSurveys, pendingSurveys } from './feedback.repo';

/** The job's name, for the purchase workflow's own outbox rows (src/workflows/record-purchase.ts). */
export const SEND_SURVEY_TASK = sendSurveyJob.name;

export async function getSurveySettings(ctx: RequestContext): Promise<SurveySettingsRow | null> {
  return (await surveySettings(ctx.q)) ?? null;
}

export async function updateSurveySettings(
  ctx: RequestContext,
  p: UpdateSurveySettingsInput,
): Promise<SurveySettingsRow> {
  const at = ctx.clock.now();
  return ctx.q.transaction(async (q) => {
    const row = await upsertSurveySettings(
      q,
      {
        enabled: p.enabled,
        scale: p.scale,
        ask_comment: p.askComment,
        delay_minutes: p.delayMinutes,
        sample_percent: p.samplePercent,
        min_days_between: p.minDaysBetween,
        channel: p.channel ?? null,
        call_after_days: p.callAfterDays,
        task_sla_hours: p.taskSlaHours,
      },
      at,
    );
    await recordAudit(q, ctx.actor, at, {
      action: 'survey_settings.update',
      targetType: 'program',
      details: p,
    });
    return row;
  });
}

/** Deterministic per purchase, so a retried transaction samples the same way. */
const sampled = (purchaseId: string, percent: number) =>
  createHash('sha256').update(purchaseId).digest().readUInt16BE(0) % 100 < percent;

/**
 * Pure: whether a purchase gets a survey under these settings, and the outbox row's payload,
 * due time and job key (without the program prefix). Shared by the purchase workflow.
 */
export function surveyPlan(
  s: Pick<SurveySettingsRow, 'enabled' | 'sample_percent' | 'delay_minutes'> | null | undefined,
  p: { customerId: string; purchaseId: string; occurredAt: Date },
): { payload: { customerId: string; purchaseId: string }; runAt: Date; jobKey: string } | null {
  if (!s?.enabled || !sampled(p.purchaseId, s.sample_percent)) return null;
  return {
    payload: { customerId: p.customerId, purchaseId: p.purchaseId },
    runAt: new Date(p.occurredAt.getTime() + s.delay_minutes * 60_000),
    jobKey: `survey:${p.purchaseId}`,
  };
}

export const surveyUrl = (config: Config, programId: string, surveyId: string) =>
  `${config.PUBLIC_URL.replace(/\/+$/, '')}/s/${surveyToken(linkSecret(config), { p: programId, id: surveyId })}`;

/** The job: one survey per purchase at most, none within N days of the last; sent through messaging. */
export async function sendSurvey(
  deps: JobDeps,
  p: { programId: string; customerId: string; purchaseId: string },
): Promise<string> {
  const now = deps.clock.now();
  return scoped(deps.db, p.programId).transaction(async (q) => {
    const s = await surveySettings(q);
    if (!s?.enabled) return 'surveys off';
    // Serialise per customer so two purchases' jobs cannot both pass the N-day check.
    await lockCustomerSurveys(q, p.customerId);
    if (await lastSurveySince(q, p.customerId, new Date(now.getTime() - s.min_days_between * DAY_MS)))
      return 'surveyed recently';
    const survey = await insertSurvey(q, {
      customer_id: p.customerId,
      purchase_id: p.purchaseId,
      scale: s.scale,
      ask_comment: s.ask_comment,
      sent_at: now,
    });
    if (!survey) return 'already sent';
    const m = await queueMessage(q, now, {
      customerId: p.customerId,
      kind: 'SURVEY',
      templateKey: 'survey',
      data: { survey: { url: surveyUrl(deps.config, p.programId, survey.id), scale: s.scale } },
      dedupeKey: `survey:${survey.id}`,
      ...(s.channel ? { channel: s.channel } : {}),
    });
    await setSurveyMessage(q, survey.id, m.messageId);
    return m.status;
  });
}

/**
 * Records an answer once, in one transaction with the follow-up a low score needs. Range
 * and comment are checked before anything is written; a second answer is refused.
 */
async function answer(
  q: Scoped,
  at: Date,
  survey: SurveyRow | undefined,
  raw: unknown,
  source: 'link' | 'app',
  prefix: string[],
): Promise<SurveyRow> {
  if (!survey) throw AppError.notFound('Survey');
  const a = parseInput(SurveyAnswer, raw, prefix);
  const [min, max] = SCALE_RANGE[survey.scale];
  if (a.score < min || a.score > max)
    throw AppError.badInput([{ path: [...prefix, 'score'].join('.'), message: `Between ${min} and ${max}` }]);
  const comment = survey.ask_comment ? (a.comment ?? null) : null;
  const row = await answerSurveyRow(q, survey.id, { score: a.score, comment, source }, at);
  if (!row)
    throw AppError.badInput(
      [{ path: [...prefix, 'surveyId'].join('.'), message: 'This survey is already answered' }],
      'Already answered',
    );
  if (isLowScore(row.scale, a.score)) {
    await createTask(q, at, {
      kind: 'LOW_SCORE',
      customer_id: row.customer_id,
      survey_id: row.id,
      purchase_id: row.purchase_id,
      score: a.score,
      comment,
    });
  }
  await raise(q, at, ['survey.answered', { customerId: row.customer_id, surveyId: row.id, score: a.score }]);
  return row;
}

/** From the app: a session answers its own surveys only (another's is NOT_FOUND). */
export async function submitSurveyResponse(
  ctx: RequestContext,
  p: SubmitSurveyResponseInput,
): Promise<SurveyRow> {
  const viewer = ctx.viewer;
  if (viewer?.kind !== 'customer') throw AppError.forbidden('Only the customer answers their survey');
  const at = ctx.clock.now();
  return ctx.q.transaction(async (q) => {
    const s = await lockSurvey(q, p.surveyId);
    return answer(q, at, s?.customer_id === viewer.customerId ? s : undefined, p, 'app', ['input']);
  });
}

export type SurveyLinkState = { ok: false } | { ok: true; survey: SurveyRow; programId: string };

/** What the survey page shows for a token; changes nothing. A forged token is `ok: false`. */
export async function surveyByToken(
  deps: { db: Knex; config: Config },
  token: string,
): Promise<SurveyLinkState> {
  const claims = readSurveyToken(linkSecret(deps.config), token);
  if (!claims) return { ok: false };
  const survey = await surveyById(scoped(deps.db, claims.p), claims.id);
  return survey ? { ok: true, survey, programId: claims.p } : { ok: false };
}

/** The page's POST: throws AppError (BAD_USER_INPUT) for a bad score, comment or a replay. */
export async function answerByToken(
  deps: { db: Knex; config: Config; clock: Clock },
  token: string,
  form: { score?: unknown; comment?: unknown },
): Promise<SurveyRow | null> {
  const claims = readSurveyToken(linkSecret(deps.config), token);
  if (!claims) return null;
  const at = deps.clock.now();
  return scoped(deps.db, claims.p).transaction(async (q) =>
    answer(
      q,
      at,
      await lockSurvey(q, claims.id),
      { score: form.score ?? '', comment: form.comment ?? null },
      'link',
      [],
    ),
  );
}
