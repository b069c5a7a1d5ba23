import DataLoader from 'dataloader';
import type { Scoped } from '../../db/scoped';
import { commentsByTaskIds, type ReplyRow, repliesByFeedbackIds, type TaskCommentRow } from './feedback.repo';

function grouped<T>(rows: T[], key: (r: T) => string, ids: readonly string[]): T[][] {
  const m = new Map<string, T[]>();
  for (const r of rows) m.set(key(r), [...(m.get(key(r)) ?? []), r]);
  return ids.map((id) => m.get(id) ?? []);
}

export function feedbackLoaders(q: Scoped) {
  return {
    taskComments: new DataLoader<string, TaskCommentRow[]>(async (ids) =>
      grouped(await commentsByTaskIds(q, ids), (r) => r.task_id, ids),
    ),
    feedbackReplies: new DataLoader<string, ReplyRow[]>(async (ids) =>
      grouped(await repliesByFeedbackIds(q, ids), (r) => r.feedback_id, ids),
    ),
  };
}
