import { z } from 'zod';
import type { Scoped } from '../../db/scoped';
import type { RequestContext } from '../../shared/context';
import { AppError } from '../../shared/errors';
import { recordAudit } from '../audit/audit.service';
import { balanceSummaries } from '../ledger/ledger.service';
import { customerNotesOf, customerRowForExport, followUpTasksOf, heldRows } from './customer-export.repo';

export const ExportCustomerDataInput = z.object({ customerId: z.uuid().nullish() });
export type ExportCustomerDataInput = z.infer<typeof ExportCustomerDataInput>;

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
export async function exportCustomerData(
  ctx: RequestContext,
  p: ExportCustomerDataInput,
): Promise<CustomerDataExport> {
  const customerId = exportedCustomer(ctx, p);
  const staff = ctx.viewer?.kind !== 'customer';
  const at = ctx.clock.now();
  return ctx.q.transaction(async (q) => {
    const customer = await customerRowForExport(q, customerId);
    if (!customer) throw AppError.notFound('Customer');
    const held = await readHeld(q, customerId, at);
    const document = customerDocument(customer, held, at, staff);
    if (staff) {
      Object.assign(document, await staffRecords(q, customerId));
      await recordAudit(q, ctx.actor, at, {
        action: 'customer.export',
        targetType: 'customer',
        targetId: customerId,
      });
    }
    return { customerId, generatedAt: at, document };
  });
}

/** Whose data: a customer session's own (asking for another is forbidden); staff name the customer. */
function exportedCustomer(ctx: RequestContext, p: ExportCustomerDataInput): string {
  const viewer = ctx.viewer;
  if (viewer?.kind === 'customer') {
    if (p.customerId && p.customerId !== viewer.customerId)
      throw AppError.forbidden('A session exports its own data only');
    return viewer.customerId;
  }
  if (!p.customerId)
    throw AppError.badInput([{ path: 'input.customerId', message: 'Required for API keys' }]);
  return p.customerId;
}

/** Every table's rows about the customer that the document shows to anyone, then the balance. */
async function readHeld(q: Scoped, customerId: string, at: Date) {
  const rows = await heldRows(q, customerId);
  return { ...rows, balances: await balanceSummaries(q, [customerId], at) };
}

type Held = Awaited<ReturnType<typeof readHeld>>;
type Row = Record<string, unknown>;

/** The document: each table's rows made plain, lines under their purchase, replies under their feedback. */
function customerDocument(customer: Row, held: Held, at: Date, staff: boolean): Record<string, unknown> {
  const linesOf = new Map<string, unknown[]>();
  for (const l of held.lines) {
    const list = linesOf.get(l.purchase_id) ?? [];
    list.push(plain(l, ['purchase_id']));
    linesOf.set(l.purchase_id, list);
  }
  const [balance] = held.balances;
  const own = (rows: Row[], drop: string[] = []) => rows.map((r) => plain(r, ['customer_id', ...drop]));
  return {
    format: 'regulars.customer-data/1',
    generatedAt: at.toISOString(),
    profile: plain(customer),
    preferences: held.preferences ? plain(held.preferences, ['customer_id']) : null,
    consents: own(held.consents),
    consentHistory: held.consentAudit.map((a: Row) => ({
      at: (a.created_at as Date).toISOString(),
      action: a.action,
      by: a.actor_role ?? a.actor_kind,
      ...(a.details as object),
    })),
    unsubscribes: own(held.unsubscribes),
    tier: held.tier ? plain(held.tier) : null,
    tierHistory: own(held.tierHistory),
    balance: balance
      ? {
          available: Number(balance.available),
          pending: Number(balance.pending),
          lifetimeEarned: Number(balance.lifetime_earned),
        }
      : { available: 0, pending: 0, lifetimeEarned: 0 },
    purchases: held.purchases.map((pu: Row) => ({
      ...plain(pu, ['customer_id']),
      lines: linesOf.get(pu.id as string) ?? [],
    })),
    ledger: own(held.ledger),
    rewards: own(held.rewards),
    messages: own(held.messages, ['dedupe_key']),
    surveyAnswers: own(held.surveys),
    feedback: held.feedback.map((f: Row) => ({
      ...plain(f, ['customer_id']),
      replies: held.replies
        .filter((r: Row) => r.feedback_id === f.id)
        .map((r: Row) => plain(r, staff ? ['feedback_id'] : ['feedback_id', 'author'])),
    })),
  };
}

/** What staff wrote about the customer: only in an export staff ask for. */
async function staffRecords(q: Scoped, customerId: string) {
  return {
    notes: (await customerNotesOf(q, customerId)).map((n: Row) => plain(n, ['customer_id'])),
    followUpTasks: (await followUpTasksOf(q, customerId)).map((t: Row) => plain(t, ['customer_id'])),
  };
}
