import type { RequestContext } from '../../shared/context';
import { parseInput } from '../../shared/errors';
import { FeedbackReportInput } from './feedback.inputs';
import { taskCounts } from './feedback.repo';

export interface FeedbackReportModel {
  surveysSent: number;
  surveysAnswered: number;
  responseRate: number | null;
  /** Per UTC day of answer: CSAT average ×100 (integer), or NPS (−100…100). */
  scores: { day: string; scale: string; responses: number; value: number }[];
  medianFirstResponseSeconds: number | null;
  medianResolutionSeconds: number | null;
  openTasks: number;
  overdueTasks: number;
}

/**
 * CSAT is the mean score; NPS is % promoters (9–10) minus % detractors (0–6). Both are
 * whole numbers (CSAT ×100) so the API carries no floats. Times are medians in seconds.
 */
export async function feedbackReport(ctx: RequestContext, args: unknown): Promise<FeedbackReportModel> {
  const r = parseInput(FeedbackReportInput, args, []);
  const q = ctx.q;
  // A survey counts as sent once its message was delivered (or it was answered, in the app
  // or by link): one suppressed by consent or quiet hours, or still queued, reached nobody.
  const [sent] = await q('surveys as s')
    .leftJoin('messages as m', function () {
      this.on('m.program_id', 's.program_id').andOn('m.id', 's.message_id');
    })
    .where('s.sent_at', '>=', r.from)
    .where('s.sent_at', '<', r.to)
    .select(
      q.knex.raw(`(count(*) FILTER (WHERE m.status = 'SENT' OR s.answered_at IS NOT NULL))::int AS sent`),
      q.knex.raw('(count(*) FILTER (WHERE s.answered_at IS NOT NULL))::int AS answered'),
    );
  const scores = await q('surveys')
    .whereNotNull('answered_at')
    .where('answered_at', '>=', r.from)
    .where('answered_at', '<', r.to)
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
  const [times] = await q('feedback_items')
    .where('created_at', '>=', r.from)
    .where('created_at', '<', r.to)
    .select(
      q.knex.raw(
        'percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_response_at - created_at)) AS first',
      ),
      q.knex.raw(
        'percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - created_at)) AS resolved',
      ),
    );
  const counts = await taskCounts(q, ctx.clock.now());
  const num = (v: unknown) => (v == null ? null : Math.round(Number(v)));
  return {
    surveysSent: sent.sent,
    surveysAnswered: sent.answered,
    responseRate: sent.sent ? Math.round((100 * sent.answered) / sent.sent) : null,
    scores,
    medianFirstResponseSeconds: num(times?.first),
    medianResolutionSeconds: num(times?.resolved),
    openTasks: counts.open,
    overdueTasks: counts.overdue,
  };
}
