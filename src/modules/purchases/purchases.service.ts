import type { Scoped } from '../../db/scoped';
import type { RequestContext } from '../../shared/context';
import { AppError, type InputIssue, parseInput } from '../../shared/errors';
import { type Idempotent, idempotent } from '../idempotency/idempotency.service';
import { reversedFor } from '../ledger/earning';
import { reverseForPurchase } from '../ledger/ledger.service';
import { cancelPendingRules } from '../rules/rules.engine';
import { recordTierActivity } from '../tiers/tiers.service';
import { RefundPurchaseInput } from './purchases.inputs';
import {
  linesByPurchaseIds,
  lockPurchase,
  type PurchaseLineRow,
  purchasesByIds,
  recordRefund,
  refundLine,
} from './purchases.repo';

// recordPurchase is a workflow of its own (issue 12): one read, one write, a few round trips.
export { type RecordPurchaseResult, recordPurchase } from '../../workflows/record-purchase';

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
