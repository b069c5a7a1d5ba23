/**
 * The audit module's service: how other modules record and read the audit log (the audit
 * table is reached only through here; `audit.repo` holds its SQL).
 */
import type { Scoped } from '../../db/scoped';
import type { Actor } from '../auth/viewer';
import { type AuditEntry, type AuditRow, recordAudit as insertAudit, listAudit } from './audit.repo';

export type { AuditEntry, AuditRow };

/** Records one audit entry. Call inside the transaction of the change it records, so both commit or neither. */
export function recordAudit(q: Scoped, actor: Actor, at: Date, entry: AuditEntry): Promise<void> {
  return insertAudit(q, actor, at, entry);
}

/** The audit log, newest first, optionally of one target, paged by id. */
export function auditEntries(
  q: Scoped,
  opts: { targetType?: string; targetId?: string; limit: number; beforeId?: number },
): Promise<AuditRow[]> {
  return listAudit(q, opts);
}
