import type { Knex } from 'knex';
import type { Scoped } from '../../db/scoped';
import type { RequestContext } from '../../shared/context';
import { AppError, type InputIssue, parseInput } from '../../shared/errors';
import { customerByExternalId } from '../customers/customers.repo';
import { enrollCustomer, requireCustomer } from '../customers/customers.service';
import { scheduleSurvey } from '../feedback/surveys.service';
import { type Idempotent, idempotent } from '../idempotency/idempotency.service';
import { addDays, pointsForWeight, reversedFor, unitWeight } from '../ledger/earning';
import { earnForPurchase, getEarningConfig, reverseForPurchase } from '../ledger/ledger.service';
import { findProgramById } from '../programs/programs.repo';
import { cancelPendingRules, runPurchaseRules } from '../rules/rules.engine';
import { currentTier, recordTierActivity, tierBonus } from '../tiers/tiers.service';
import { RecordPurchaseInput, RefundPurchaseInput } from './purchases.inputs';
import {
  insertLines,
  insertPurchase,
  linesByPurchaseIds,
  lockPurchase,
  type PurchaseLineRow,
  purchasesByIds,
  recordRefund,
  refundLine,
  visitStats,
} from './purchases.repo';

/** Tills' clocks drift: this much of the future is accepted as "now". */
const CLOCK_SKEW_MS = 5 * 60_000;
/** Points of one purchase stay a GraphQL Int. */
const MAX_POINTS = 2 ** 31 - 1;

export type RecordPurchaseResult = Idempotent<{
  purchaseId: string;
  customerId: string;
  pointsEarned: number;
  rewardIds: string[];
}>;

export async function recordPurchase(ctx: RequestContext, input: unknown): Promise<RecordPurchaseResult> {
  const p = parseInput(RecordPurchaseInput, input);
  const { idempotencyKey: key, ...request } = p;
  return idempotent(ctx, { key, operation: 'recordPurchase', input: request }, async (q) => {
    const tx = { ...ctx, q };
    const at = ctx.clock.now();
    const program = await findProgramById(q.knex as Knex, ctx.programId);
    if (p.currency !== program?.currency) {
      throw AppError.badInput([
        { path: 'input.currency', message: `This program records purchases in ${program?.currency}` },
      ]);
    }
    const cfg = await getEarningConfig(q);
    if (p.occurredAt.getTime() > at.getTime() + CLOCK_SKEW_MS) {
      throw AppError.badInput([{ path: 'input.occurredAt', message: 'Must not be in the future' }]);
    }
    if (p.occurredAt < addDays(at, -cfg.backdatingDays)) {
      throw AppError.badInput([
        { path: 'input.occurredAt', message: `Must be within the last ${cfg.backdatingDays} days` },
      ]);
    }

    const customer = p.customerId
      ? await requireCustomer(tx, p.customerId)
      : ((await customerByExternalId(q, p.customerExternalId!)) ??
        (cfg.autoEnroll ? (await enrollCustomer(tx, { externalId: p.customerExternalId })).customer : null));
    if (!customer) throw AppError.notFound('Customer');

    const weights = p.lines.map((l) => unitWeight(cfg, l));
    const weight = p.lines.reduce((s, l, i) => s + l.quantity * weights[i]!, 0);
    const base = pointsForWeight(cfg, weight, p.currency);
    const bonus = await tierBonus(q, customer.id, base);
    const points = base + (bonus?.points ?? 0);
    if (points > MAX_POINTS) {
      throw AppError.badInput([
        { path: 'input.lines', message: 'The purchase earns more points than allowed' },
      ]);
    }
    const purchase = await insertPurchase(q, {
      customer_id: customer.id,
      external_id: p.externalId,
      store_code: p.storeCode ?? null,
      currency: p.currency,
      total_minor: p.lines.reduce((s, l) => s + l.quantity * l.unitPriceMinor, 0),
      earn_weight: weight,
      points_earned: points,
      occurred_at: p.occurredAt,
      recorded_at: at,
    });
    if (!purchase) {
      throw AppError.badInput([
        { path: 'input.externalId', message: 'This receipt is already recorded for this store' },
      ]);
    }
    await insertLines(
      q,
      p.lines.map((l, i) => ({
        purchase_id: purchase.id,
        line_no: i + 1,
        sku: l.sku,
        category: l.category ?? null,
        quantity: l.quantity,
        unit_price_minor: l.unitPriceMinor,
        unit_weight: weights[i]!,
        refunded_quantity: 0,
      })),
    );
    await earnForPurchase(tx, q, {
      customerId: customer.id,
      purchaseId: purchase.id,
      points,
      occurredAt: p.occurredAt,
      cfg,
      bonus,
    });
    await recordTierActivity(tx, q, {
      customerId: customer.id,
      occurredAt: p.occurredAt,
      spendMinor: purchase.total_minor,
      points,
      purchases: 1,
      reason: 'PURCHASE',
      purchaseId: purchase.id,
    });
    await scheduleSurvey(q, { customerId: customer.id, purchaseId: purchase.id, occurredAt: p.occurredAt });
    // Reward rules act inside this transaction; a failing rule is skipped, never the purchase.
    const rewardIds = await runPurchaseRules(tx, q, {
      purchase,
      lines: p.lines,
      customer,
      basePoints: base,
      pendingDays: cfg.pendingDays,
      timeZone: program.time_zone,
      currency: p.currency,
      tierId: (await currentTier(q, customer.id))?.id ?? null,
      stats: await visitStats(q, customer.id, purchase),
    });
    return { purchaseId: purchase.id, customerId: customer.id, pointsEarned: points, rewardIds };
  });
}

export type RefundPurchaseResult = Idempotent<{
  purchaseId: string;
  customerId: string;
  pointsReversed: number;
}>;

/**
 * Refunds a whole purchase or some of its lines and reverses the points that part earned:
 * proportionally to what the refunded units weighed, rounded down over the running total,
 * so refunds never reverse more than was earned and refunding everything reverses it all.
 */
export async function refundPurchase(ctx: RequestContext, input: unknown): Promise<RefundPurchaseResult> {
  const p = parseInput(RefundPurchaseInput, input);
  const { idempotencyKey: key, ...request } = p;
  return idempotent(ctx, { key, operation: 'refundPurchase', input: request }, async (q) => {
    const purchase = await lockPurchase(q, p.purchaseId);
    if (!purchase || (p.customerId && purchase.customer_id !== p.customerId)) {
      throw AppError.notFound('Purchase');
    }
    const lines = await linesByPurchaseIds(q, [purchase.id]);
    const refunds = p.lines
      ? allocate(lines, p.lines)
      : lines.map((l) => [l, l.quantity - l.refunded_quantity] as const);
    const todo = refunds.filter(([, n]) => n > 0);
    if (todo.length === 0) {
      throw AppError.badInput([{ path: 'input.purchaseId', message: 'Nothing left to refund' }]);
    }
    let refundedWeight = 0;
    let refundedMinor = 0;
    for (const [line, n] of todo) {
      await refundLine(q, purchase.id, line.line_no, n);
      refundedWeight += line.unit_weight * n;
      refundedMinor += line.unit_price_minor * n;
    }
    const left = lines.reduce((s, l) => s + l.quantity - l.refunded_quantity, 0);
    const wholly = left === todo.reduce((s, [, n]) => s + n, 0);
    const reversed = reversedFor(
      purchase.points_earned,
      purchase.earn_weight,
      purchase.refunded_weight + refundedWeight,
    );
    const points = reversed - purchase.points_reversed;
    await recordRefund(q, purchase.id, { refundedWeight, pointsReversed: points });
    // Returns-aware reward rules: any refund inside the return window cancels their thanks.
    await cancelPendingRules(q, purchase.id);
    await reverseForPurchase({ ...ctx, q }, q, {
      customerId: purchase.customer_id,
      purchaseId: purchase.id,
      points,
    });
    // Refunds count against the metric on the purchase's own day; they never downgrade here.
    await recordTierActivity({ ...ctx, q }, q, {
      customerId: purchase.customer_id,
      occurredAt: purchase.occurred_at,
      spendMinor: -refundedMinor,
      points: -points,
      purchases: wholly ? -1 : 0,
      reason: 'REFUND',
      purchaseId: purchase.id,
    });
    return { purchaseId: purchase.id, customerId: purchase.customer_id, pointsReversed: points };
  });
}

/** Spreads refunded quantities per sku over the purchase's lines of that sku, in line order. */
function allocate(
  lines: PurchaseLineRow[],
  wanted: { sku: string; quantity: number }[],
): (readonly [PurchaseLineRow, number])[] {
  const issues: InputIssue[] = [];
  const out = new Map<PurchaseLineRow, number>();
  wanted.forEach((w, i) => {
    const ofSku = lines.filter((l) => l.sku === w.sku);
    if (ofSku.length === 0) {
      issues.push({ path: `input.lines.${i}.sku`, message: 'Not on this purchase' });
      return;
    }
    let left = w.quantity;
    for (const l of ofSku) {
      const free = l.quantity - l.refunded_quantity - (out.get(l) ?? 0);
      const take = Math.min(free, left);
      if (take > 0) out.set(l, (out.get(l) ?? 0) + take);
      left -= take;
    }
    if (left > 0) {
      issues.push({ path: `input.lines.${i}.quantity`, message: 'More than remains to refund of this sku' });
    }
  });
  if (issues.length) throw AppError.badInput(issues);
  return [...out.entries()];
}

/** For other modules (feedback about a visit): the purchase when it is this customer's. */
export async function purchaseOfCustomer(q: Scoped, purchaseId: string, customerId: string) {
  const [p] = await purchasesByIds(q, [purchaseId]);
  return p?.customer_id === customerId ? p : null;
}
