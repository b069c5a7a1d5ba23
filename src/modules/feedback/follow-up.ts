import type { Scoped } from '../../db/scoped';
import { HOUR_MS } from '../../shared/time';
import { insertTask, type NewTask, surveySettings, type TaskRow } from './feedback.repo';

const DEFAULT_SLA_HOURS = 24;

/**
 * The one way a follow-up task is made, by a survey, the call sweep or a rule's CREATE_TASK
 * action: due after the program's SLA; null when it already exists (per survey and kind, or
 * per source). It imports nothing but the repo, so rules can use it without a cycle.
 */
export async function createTask(q: Scoped, at: Date, t: NewTask): Promise<TaskRow | null> {
  const sla = (await surveySettings(q))?.task_sla_hours ?? DEFAULT_SLA_HOURS;
  return insertTask(q, { ...t, created_at: at, due_at: new Date(at.getTime() + sla * HOUR_MS) });
}
