import type { Scoped } from '../../db/scoped';
import { scoped } from '../../db/scoped';
import type { JobDeps } from '../../jobs/job';
import type { RequestContext } from '../../shared/context';
import { AppError, parseInput } from '../../shared/errors';
import { parsePage } from '../../shared/pagination';
import { HOUR_MS } from '../../shared/time';
import { recordAudit } from '../audit/audit.service';
import { authorOf } from '../auth/viewer';
import { contactFacts } from '../customers/customers.service';
import { sentMessageIds } from '../messaging/messaging.service';
import { allPrograms } from '../programs/programs.service';
import { taskAssignee } from '../staff/staff.service';
import {
  type AssignFollowUpTaskInput,
  type CommentOnFollowUpTaskInput,
  FollowUpTaskFilter,
  type ResolveFollowUpTaskInput,
} from './feedback.inputs';
import {
  hasOpenLowScoreTask,
  insertTaskComment,
  listTasks,
  lockTask,
  surveySettings,
  surveysDueForCall,
  type TaskCommentRow,
  type TaskRow,
  taskCounts,
  updateTask,
} from './feedback.repo';
import { createTask } from './follow-up';

/** For messaging: nobody unhappy gets a newsletter before someone has listened. */
export function hasOpenLowScoreFollowUp(q: Scoped, customerId: string): Promise<boolean> {
  return hasOpenLowScoreTask(q, customerId);
}

export function followUpTasks(ctx: RequestContext, args: Record<string, unknown>) {
  const f = parseInput(FollowUpTaskFilter, args.filter ?? {}, ['filter']);
  const page = parsePage(args);
  return {
    page,
    rows: listTasks(
      ctx.q,
      {
        status: f.status,
        kind: f.kind,
        assignee: f.assignee,
        assigneeId: f.assigneeId,
        customerId: f.customerId,
        overdueAt: f.overdue ? ctx.clock.now() : null,
      },
      page,
    ),
  };
}

export const followUpTaskCounts = (ctx: RequestContext) => taskCounts(ctx.q, ctx.clock.now());

async function changeTask(
  ctx: RequestContext,
  taskId: string,
  action: string,
  fn: (q: Scoped, t: TaskRow, at: Date) => Promise<TaskRow>,
  details: Record<string, unknown>,
): Promise<TaskRow> {
  const at = ctx.clock.now();
  return ctx.q.transaction(async (q) => {
    const t = await lockTask(q, taskId);
    if (!t) throw AppError.notFound('Task');
    const row = await fn(q, t, at);
    await recordAudit(q, ctx.actor, at, { action, targetType: 'follow_up_task', targetId: t.id, details });
    return row;
  });
}

export async function assignFollowUpTask(ctx: RequestContext, p: AssignFollowUpTaskInput): Promise<TaskRow> {
  let fields: { assignee: string | null; assignee_id: string | null } = {
    assignee: p.assignee ?? null,
    assignee_id: null,
  };
  if (p.assigneeId) {
    const who = await taskAssignee(ctx, p.assigneeId);
    if (!who)
      throw AppError.badInput([
        { path: 'input.assigneeId', message: 'Not an active colleague who works on follow-up tasks' },
      ]);
    fields = { assignee: who.name, assignee_id: who.id };
  }
  return changeTask(ctx, p.taskId, 'task.assign', (q, t) => updateTask(q, t.id, fields), {
    assignee: fields.assignee,
    assigneeId: fields.assignee_id,
  });
}

export async function commentOnFollowUpTask(
  ctx: RequestContext,
  p: CommentOnFollowUpTaskInput,
): Promise<TaskCommentRow> {
  let comment: TaskCommentRow | undefined;
  await changeTask(
    ctx,
    p.taskId,
    'task.comment',
    async (q, t, at) => {
      comment = await insertTaskComment(q, {
        task_id: t.id,
        body: p.body,
        author: authorOf(ctx.actor),
        created_at: at,
      });
      return t;
    },
    {},
  );
  return comment!;
}

export async function resolveFollowUpTask(
  ctx: RequestContext,
  p: ResolveFollowUpTaskInput,
): Promise<TaskRow> {
  return changeTask(
    ctx,
    p.taskId,
    'task.resolve',
    async (q, t, at) => {
      if (t.status === 'RESOLVED')
        throw AppError.badInput([{ path: 'input.taskId', message: 'Already resolved' }]);
      return updateTask(q, t.id, { status: 'RESOLVED', outcome: p.outcome, resolved_at: at });
    },
    { outcome: p.outcome },
  );
}

/**
 * Cron: a survey delivered but unanswered after the program's N days, for a customer who consented to
 * being contacted by phone (SMS consent, the one phone consent we record) and has a number,
 * becomes a "call the customer" task. The unique (survey, kind) key makes a second run a no-op.
 */
export async function createCallTasks(deps: Pick<JobDeps, 'db' | 'clock'>): Promise<number> {
  const now = deps.clock.now();
  let created = 0;
  for (const program of await allPrograms(deps.db)) {
    const q = scoped(deps.db, program.id);
    const s = await surveySettings(q);
    if (!s?.enabled) continue;
    const before = now.getTime() - s.call_after_days * 24 * HOUR_MS;
    // A week's window: customers we cannot call are not rescanned for ever.
    const due = await surveysDueForCall(q, new Date(before), new Date(before - 7 * 24 * HOUR_MS), 500);
    const sent = await sentMessageIds(
      q,
      due.flatMap((d) => (d.message_id ? [d.message_id] : [])),
    );
    for (const survey of due) {
      if (!survey.message_id || !sent.has(survey.message_id)) continue;
      const facts = await contactFacts(q, survey.customer_id);
      const phoneOk =
        facts?.customer.phone && facts.consents.some((c) => c.channel === 'SMS' && c.state === 'GRANTED');
      if (!phoneOk) continue;
      const t = await createTask(q, now, {
        kind: 'CALL_CUSTOMER',
        customer_id: survey.customer_id,
        survey_id: survey.id,
        purchase_id: survey.purchase_id,
        score: null,
        comment: null,
      });
      if (t) created++;
    }
  }
  return created;
}
