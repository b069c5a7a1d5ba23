import { z } from 'zod';
import type { RequestContext } from '../../shared/context';
import { AppError, parseInput } from '../../shared/errors';
import { recordAudit } from '../audit/audit.service';
import { balanceSummaries } from '../ledger/ledger.service';

export const ExportCustomerDataInput = z.object({ customerId: z.uuid().nullish() });

const camel = (k: string) => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** A row as the document shows it: camelCase keys, no program_id, dates as ISO strings. */
function plain(row: Record<string, unknown>, drop: string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (k === 'program_id' || drop.includes(k)) continue;
    out[camel(k)] = v instanceof Date ? v.toISOString() : Buffer.isBuffer(v) ? undefined : v;
  }
  return out;
}

/** One query at a time: a transaction has one connection. */
// biome-ignore lint/suspicious/noExplicitAny: rows of fifteen tables, each read as a plain record
type Rows = any;
async function inTurn(loads: (() => PromiseLike<Rows>)[]): Promise<Rows[]> {
  const out: Rows[] = [];
  for (const load of loads) out.push(await load());
  return out;
}

export interface CustomerDataExport {
  customerId: string;
  generatedAt: Date;
  document: Record<string, unknown>;
}

/**
 * Everything held about one customer, as one JSON document: profile, contact preferences and
 * consent (with its history), tier and its history, balance, purchases with lines, the
 * ledger, rewards, messages sent, survey answers, feedback with replies, and — only when
 * staff ask — staff notes and follow-up tasks. A customer session asks for itself only.
 */
export async function exportCustomerData(ctx: RequestContext, input: unknown): Promise<CustomerDataExport> {
  const p = parseInput(ExportCustomerDataInput, input ?? {});
  const viewer = ctx.viewer;
  let customerId: string;
  if (viewer?.kind === 'customer') {
    if (p.customerId && p.customerId !== viewer.customerId)
      throw AppError.forbidden('A session exports its own data only');
    customerId = viewer.customerId;
  } else {
    if (!p.customerId)
      throw AppError.badInput([{ path: 'input.customerId', message: 'Required for API keys' }]);
    customerId = p.customerId;
  }
  const staff = viewer?.kind !== 'customer';
  const at = ctx.clock.now();
  return ctx.q.transaction(async (q) => {
    const customer = await q('customers').where({ id: customerId }).first();
    if (!customer) throw AppError.notFound('Customer');
    const mine = (table: string) => q(table).where({ customer_id: customerId });

    const [
      preferences,
      consents,
      consentAudit,
      unsubscribes,
      tier,
      tierHistory,
      purchases,
      lines,
      ledger,
      rewards,
      messages,
      surveys,
      feedback,
      replies,
      [balance],
    ] = await inTurn([
      () => mine('contact_preferences').first(),
      () => mine('contact_consents').orderBy('channel'),
      () =>
        q('audit_log')
          .where({ target_type: 'customer', target_id: customerId })
          .whereIn('action', ['customer.enroll', 'customer.preferences', 'customer.import'])
          .orderBy('id'),
      () => mine('message_unsubscribes').orderBy('at'),
      () =>
        q('customer_tiers as ct')
          .leftJoin('tiers as t', (j) => j.on('t.program_id', 'ct.program_id').andOn('t.id', 'ct.tier_id'))
          .where('ct.customer_id', customerId)
          .first('t.name as tier', 'ct.tier_id', 'ct.since', 'ct.grace_until'),
      () => mine('tier_history').orderBy('id'),
      () => mine('purchases').orderBy([{ column: 'occurred_at' }, { column: 'id' }]),
      () =>
        q('purchase_lines as l')
          .join('purchases as p', (j) => j.on('p.program_id', 'l.program_id').andOn('p.id', 'l.purchase_id'))
          .where('p.customer_id', customerId)
          .orderBy(['l.purchase_id', 'l.line_no'])
          .select('l.*'),
      () => mine('ledger_entries').orderBy('id'),
      () => mine('issued_rewards').orderBy('issued_at'),
      () => mine('messages').orderBy([{ column: 'queued_at' }, { column: 'id' }]),
      () => mine('surveys').orderBy('sent_at'),
      () => mine('feedback_items').orderBy('created_at'),
      () =>
        q('feedback_replies as r')
          .join('feedback_items as f', (j) =>
            j.on('f.program_id', 'r.program_id').andOn('f.id', 'r.feedback_id'),
          )
          .where('f.customer_id', customerId)
          .orderBy('r.created_at')
          .select('r.*'),
      () => balanceSummaries(q, [customerId], at),
    ]);
    const linesOf = new Map<string, unknown[]>();
    for (const l of lines) {
      const list = linesOf.get(l.purchase_id) ?? [];
      list.push(plain(l, ['purchase_id']));
      linesOf.set(l.purchase_id, list);
    }
    const document: Record<string, unknown> = {
      format: 'regulars.customer-data/1',
      generatedAt: at.toISOString(),
      profile: plain(customer),
      preferences: preferences ? plain(preferences, ['customer_id']) : null,
      consents: consents.map((c: Record<string, unknown>) => plain(c, ['customer_id'])),
      consentHistory: consentAudit.map((a: Record<string, unknown>) => ({
        at: (a.created_at as Date).toISOString(),
        action: a.action,
        by: a.actor_role ?? a.actor_kind,
        ...(a.details as object),
      })),
      unsubscribes: unsubscribes.map((u: Record<string, unknown>) => plain(u, ['customer_id'])),
      tier: tier ? plain(tier) : null,
      tierHistory: tierHistory.map((h: Record<string, unknown>) => plain(h, ['customer_id'])),
      balance: balance
        ? {
            available: Number(balance.available),
            pending: Number(balance.pending),
            lifetimeEarned: Number(balance.lifetime_earned),
          }
        : { available: 0, pending: 0, lifetimeEarned: 0 },
      purchases: purchases.map((pu: Record<string, unknown>) => ({
        ...plain(pu, ['customer_id']),
        lines: linesOf.get(pu.id as string) ?? [],
      })),
      ledger: ledger.map((e: Record<string, unknown>) => plain(e, ['customer_id'])),
      rewards: rewards.map((r: Record<string, unknown>) => plain(r, ['customer_id'])),
      messages: messages.map((m: Record<string, unknown>) => plain(m, ['customer_id', 'dedupe_key'])),
      surveyAnswers: surveys.map((s: Record<string, unknown>) => plain(s, ['customer_id'])),
      feedback: feedback.map((f: Record<string, unknown>) => ({
        ...plain(f, ['customer_id']),
        replies: replies
          .filter((r: Record<string, unknown>) => r.feedback_id === f.id)
          .map((r: Record<string, unknown>) => plain(r, staff ? ['feedback_id'] : ['feedback_id', 'author'])),
      })),
    };
    if (staff) {
      document.notes = (await mine('customer_notes').orderBy('created_at')).map(
        (n: Record<string, unknown>) => plain(n, ['customer_id']),
      );
      document.followUpTasks = (await mine('follow_up_tasks').orderBy('created_at')).map(
        (t: Record<string, unknown>) => plain(t, ['customer_id']),
      );
      await recordAudit(q, ctx.actor, at, {
        action: 'customer.export',
        targetType: 'customer',
        targetId: customerId,
      });
    }
    return { customerId, generatedAt: at, document };
  });
}
