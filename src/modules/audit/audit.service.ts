/**
 * The audit module's service: what other modules call to record what they changed (inside
 * the transaction of the change). New code imports this, not the repository.
 */
export { type AuditEntry, recordAudit } from './audit.repo';
