import type { RequestContext } from '../../shared/context';
import { parseInput } from '../../shared/errors';
import { FeedbackReportInput } from './feedback.inputs';
import { feedbackResponseMedians, surveyReach, surveyScoresByDay, taskCounts } from './feedback.repo';

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
  const sent = await surveyReach(q, r.from, r.to);
  const scores = await surveyScoresByDay(q, r.from, r.to);
  const times = await feedbackResponseMedians(q, r.from, r.to);
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
