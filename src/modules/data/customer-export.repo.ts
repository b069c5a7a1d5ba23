/**
 * The reads of a customer's data export (customer-export.service.ts makes the document): the
 * customer row, every table's rows about them, and what staff wrote about them.
 */
import type { Scoped } from '../../db/scoped';

// biome-ignore lint/suspicious/noExplicitAny: rows of fifteen tables, each read as a plain record
type Rows = any;
/** Each load in the order given, one query at a time: a transaction has one connection. */
async function inTurn<K extends string>(loads: Record<K, () => PromiseLike<Rows>>): Promise<Record<K, Rows>> {
  const out = {} as Record<K, Rows>;
  for (const [k, load] of Object.entries(loads) as [K, () => PromiseLike<Rows>][]) out[k] = await load();
  return out;
}

/** The customer row, every column (undefined when there is none). */
export async function customerRowForExport(q: Scoped, customerId: string) {
  return q('customers').where({ id: customerId }).first();
}

/**
 * Every table's rows about the customer that the document shows to anyone (the balance aside,
 * which the ledger module reads), one query at a time in this order.
 */
export async function heldRows(q: Scoped, customerId: string) {
  const mine = (table: string) => q(table).where({ customer_id: customerId });
  return inTurn({
    preferences: () => mine('contact_preferences').first(),
    consents: () => mine('contact_consents').orderBy('channel'),
    consentAudit: () =>
      q('audit_log')
        .where({ target_type: 'customer', target_id: customerId })
        .whereIn('action', ['customer.enroll', 'customer.preferences', 'customer.import'])
        .orderBy('id'),
    unsubscribes: () => mine('message_unsubscribes').orderBy('at'),
    tier: () =>
      q('customer_tiers as ct')
        .leftJoin('tiers as t', (j) => j.on('t.program_id', 'ct.program_id').andOn('t.id', 'ct.tier_id'))
        .where('ct.customer_id', customerId)
        .first('t.name as tier', 'ct.tier_id', 'ct.since', 'ct.grace_until'),
    tierHistory: () => mine('tier_history').orderBy('id'),
    purchases: () => mine('purchases').orderBy([{ column: 'occurred_at' }, { column: 'id' }]),
    lines: () =>
      q('purchase_lines as l')
        .join('purchases as p', (j) => j.on('p.program_id', 'l.program_id').andOn('p.id', 'l.purchase_id'))
        .where('p.customer_id', customerId)
        .orderBy(['l.purchase_id', 'l.line_no'])
        .select('l.*'),
    ledger: () => mine('ledger_entries').orderBy('id'),
    rewards: () => mine('issued_rewards').orderBy('issued_at'),
    messages: () => mine('messages').orderBy([{ column: 'queued_at' }, { column: 'id' }]),
    surveys: () => mine('surveys').orderBy('sent_at'),
    feedback: () => mine('feedback_items').orderBy('created_at'),
    replies: () =>
      q('feedback_replies as r')
        .join('feedback_items as f', (j) =>
          j.on('f.program_id', 'r.program_id').andOn('f.id', 'r.feedback_id'),
        )
        .where('f.customer_id', customerId)
        .orderBy('r.created_at')
        .select('r.*'),
  });
}

/** Staff notes about the customer, oldest first. */
export async function customerNotesOf(q: Scoped, customerId: string): Promise<Rows[]> {
  return q('customer_notes').where({ customer_id: customerId }).orderBy('created_at');
}

/** The customer's follow-up tasks, oldest first. */
export async function followUpTasksOf(q: Scoped, customerId: string): Promise<Rows[]> {
  return q('follow_up_tasks').where({ customer_id: customerId }).orderBy('created_at');
}
