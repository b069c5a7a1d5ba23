import type { Scoped } from '../../db/scoped';
import type { Actor } from '../auth/viewer';

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId?: string | null;
  details?: Record<string, unknown>;
}

export interface AuditRow {
  id: number;
  actor_kind: string;
  actor_id: string | null;
  actor_role: string | null;
  /** The person, for actor_kind 'staff' (null on rows written before staff accounts). */
  actor_name: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  details: Record<string, unknown>;
  created_at: Date;
}

/** Call inside the transaction of the change it records, so both commit or neither. */
export async function recordAudit(q: Scoped, actor: Actor, at: Date, entry: AuditEntry): Promise<void> {
  await q.insert('audit_log', {
    actor_kind: actor.kind,
    actor_id: actor.id,
    actor_role: actor.role,
    actor_name: actor.name ?? null,
    action: entry.action,
    target_type: entry.targetType,
    target_id: entry.targetId ?? null,
    details: JSON.stringify(entry.details ?? {}),
    created_at: at,
  });
}

export async function listAudit(
  q: Scoped,
  opts: { targetType?: string; targetId?: string; limit: number; beforeId?: number },
): Promise<AuditRow[]> {
  const query = q('audit_log').orderBy('id', 'desc').limit(opts.limit);
  if (opts.targetType) query.where('target_type', opts.targetType);
  if (opts.targetId) query.where('target_id', opts.targetId);
  if (opts.beforeId) query.where('id', '<', opts.beforeId);
  return query;
}
