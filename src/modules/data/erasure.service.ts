import { z } from 'zod';
import type { Scoped } from '../../db/scoped';
import type { RequestContext } from '../../shared/context';
import { AppError } from '../../shared/errors';
import { recordAudit } from '../audit/audit.service';
import type { CustomerRow } from '../customers/customers.repo';
import {
  blankAuditEntries,
  blankLedgerReasons,
  blankMessages,
  blankWhatWasWritten,
  clearCustomerRow,
  ERASED,
  findErasedExternalId,
  forgetStoredWork,
  lockCustomerForErasure,
  removeContact,
} from './erasure.repo';

// The service's exports before the statements moved to the repo (import.service.ts uses them).
export { ERASED, externalIdHash } from './erasure.repo';

export const EraseCustomerInput = z.object({
  customerId: z.uuid(),
  reason: z.string().trim().min(1).max(500),
});
export type EraseCustomerInput = z.infer<typeof EraseCustomerInput>;

export interface EraseResult {
  customerId: string;
  erasedAt: Date;
}

/** True when this external id belonged to a customer who was erased. */
export async function wasErased(q: Scoped, externalId: string): Promise<boolean> {
  return (await findErasedExternalId(q, externalId)) != null;
}

/**
 * The strings that identify the person, to find them in free text elsewhere (a ledger reason,
 * an audit entry, an idempotency key). Very short ones ("Al") would match everything.
 */
function personalTerms(c: CustomerRow): string[] {
  const terms = [
    c.first_name,
    c.last_name,
    c.first_name && c.last_name ? `${c.first_name} ${c.last_name}` : null,
    c.email,
    c.email?.split('@')[0],
    c.phone,
    c.phone?.replace(/^\+/, ''),
    c.external_id,
  ];
  return [...new Set(terms.filter((t): t is string => !!t && t.length >= 3))];
}

/** Replaces each term in `text` (an admin's reason may name the person). */
export function redact(text: string, terms: string[]): string {
  let out = text;
  for (const t of [...terms].sort((a, b) => b.length - a.length)) {
    out = out.replace(new RegExp(t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), ERASED);
  }
  return out;
}

/**
 * Erases a customer's personal data everywhere it is held and keeps the books: ledger amounts,
 * purchases with their totals and lines, issued rewards, tier history stay, pointing at a
 * customer row with no personal field left. Sessions are closed, pending messages cancelled.
 * The audit log records that it happened, who did it and the reason (with the person's name,
 * email or phone taken out of it), never what was erased. A second call changes nothing and
 * answers the same.
 */
export async function eraseCustomer(ctx: RequestContext, p: EraseCustomerInput): Promise<EraseResult> {
  const at = ctx.clock.now();
  return ctx.q.transaction(async (q) => {
    const c = await lockCustomerForErasure(q, p.customerId);
    if (!c) throw AppError.notFound('Customer');
    if (c.erased_at) return { customerId: c.id, erasedAt: c.erased_at };

    const terms = personalTerms(c);
    await clearCustomerRow(q, c, at);
    await removeContact(q, c.id);
    await blankMessages(q, c.id, at);
    await blankWhatWasWritten(q, c.id, terms);
    await blankLedgerReasons(q, c.id, terms);
    await blankAuditEntries(q, c.id, terms);
    await forgetStoredWork(q, terms);
    await recordAudit(q, ctx.actor, at, {
      action: 'customer.erase',
      targetType: 'customer',
      targetId: c.id,
      details: { reason: redact(p.reason, terms) },
    });
    return { customerId: c.id, erasedAt: at };
  });
}
