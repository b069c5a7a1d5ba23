/**
 * refundPurchase as a workflow (issue 12), in the shape of recordPurchase: claim and lock the
 * purchase and its customer's accounts in one statement; read under the locks the lines, the
 * lots and whether reward rules wait on the purchase; decide with pure functions (what each
 * line refunds, the points to reverse, which lots give them back, the tier activity); write
 * every fact in one statement. BEGIN, read, read under the locks, write, COMMIT: 5 round
 * trips. Behaviour is that of purchases.service refundPurchase with ledger.service
 * reverseForPurchase and planTierMove; cancelling reward rules that wait
 * on the purchase's return window is the rules engine's (rare, its own statements).
 */
import type { Scoped } from '../db/scoped';
import { findKey } from '../modules/idempotency/idempotency.repo';
import { type Idempotent, replayOrConflict, requestHashes } from '../modules/idempotency/idempotency.service';
import { programOf } from '../modules/programs/programs.service';
import type { RefundPurchaseInput } from '../modules/purchases/purchases.inputs';
import type { PurchaseLineRow, PurchaseRow } from '../modules/purchases/purchases.repo';
import { cancelPendingRules } from '../modules/rules/rules.engine';
import type { TierRow } from '../modules/tiers/tiers.repo';
import type { RequestContext } from '../shared/context';
import { AppError } from '../shared/errors';
import { localDate } from '../shared/time';
import { adjustTiers, checkWritten, grantWelcome } from './point-moves';
import { planRefund, planReversal, type RefundPlan } from './point-moves.plan';
import { type MoveWrite, readUnderLocks, type UnderLocks, writeMove } from './point-moves.repo';
import { knownSettings, settingsFor } from './program-settings';
import { type RefundFacts, readRefundFacts } from './refund-purchase.repo';

const OPERATION = 'refundPurchase';

export type RefundPurchaseResult = Idempotent<{
  purchaseId: string;
  customerId: string;
  pointsReversed: number;
}>;

// The purchase and lines each fresh result left, for the GraphQL payload (replays load them).
const writtenRefunds = new WeakMap<object, { purchase: PurchaseRow; lines: PurchaseLineRow[] }>();

/** The purchase and its lines as a fresh (not replayed) refund left them; undefined otherwise. */
export function writtenRefund(
  result: object,
): { purchase: PurchaseRow; lines: PurchaseLineRow[] } | undefined {
  return writtenRefunds.get(result);
}

/**
 * Refunds a whole purchase or some of its lines and reverses the points that part earned:
 * proportionally to what the refunded units weighed, rounded down over the running total,
 * so refunds never reverse more than was earned and refunding everything reverses it all.
 */
export async function refundPurchase(
  ctx: RequestContext,
  p: RefundPurchaseInput,
): Promise<RefundPurchaseResult> {
  const { idempotencyKey: key, ...request } = p;
  const { hash, fields } = requestHashes(OPERATION, request);
  return ctx.q.transaction(async (q) => {
    const at = ctx.clock.now();
    // 1. Claim, lock, read.
    const known = knownSettings(ctx.programId);
    const facts = await readRefundFacts(q, {
      key,
      operation: OPERATION,
      hash,
      fieldHashes: fields,
      at,
      purchaseId: p.purchaseId,
      known,
    });
    if (!facts.claimed) {
      return replayOrConflict<RefundPurchaseResult>(await findKey(q, key), OPERATION, hash, fields);
    }
    const purchase = refundablePurchase(facts, p);
    const tiers = settingsFor(ctx.programId, known, facts.settingsRevision, facts.settings).tiers;
    const tz = (await programOf(q)).time_zone;
    const today = localDate(at, tz);
    // Refunds count against the metric on the purchase's own day; they never downgrade here.
    const day = localDate(purchase.occurred_at, tz);

    // 2. Read under the locks: lines, pending rules, the lots when points may be reversed.
    const under = await readWhatTheRefundNeeds(q, purchase, { tiers, today, day });

    // 3. Decide.
    const plan = planRefund(purchase, under.lines!, p.lines);
    // Returns-aware reward rules: any refund inside the return window cancels their thanks.
    if (under.pendingRules) await cancelPendingRules(q, purchase.id);
    const reversal =
      plan.points > 0 ? planReversal(under.lots!, facts.balance!.debt, purchase.id, plan.points, at) : null;
    const activity = {
      day,
      spendMinor: -plan.refundedMinor,
      points: -plan.points,
      purchases: plan.wholly ? -1 : 0,
    };
    const tier = adjustTiers(tiers, facts.held, under, today, activity);

    // 4. Write.
    const written = await writeMove(q, {
      ...refundWrite(purchase, { plan, reversal, tier, key }),
      actor: ctx.actor,
      at,
      activity,
    });
    checkWritten(written, { takes: reversal?.takes.length ?? 0, lines: plan.lines.length });
    await grantWelcome({ ...ctx, q }, q, purchase.customer_id, tier.move);
    const result = { ...refundResult(purchase, plan), replayed: false };
    writtenRefunds.set(result, refundedRows(purchase, under.lines!, plan));
    return result;
  });
}

/** Statement 2: the purchase's lines, its pending rules, the lots when points may be reversed. */
function readWhatTheRefundNeeds(
  q: Scoped,
  purchase: PurchaseRow,
  t: { tiers: TierRow[]; today: string; day: string },
): Promise<UnderLocks> {
  return readUnderLocks(q, purchase.customer_id, {
    purchaseId: purchase.id,
    lots: purchase.points_earned > purchase.points_reversed,
    ...(t.tiers.length > 0 ? { tiers: t } : {}),
  });
}

/** The locked purchase, when it exists and belongs to the customer the request names. */
function refundablePurchase(facts: RefundFacts, p: RefundPurchaseInput): PurchaseRow {
  const purchase = facts.purchase;
  if (!purchase || (p.customerId && purchase.customer_id !== p.customerId)) {
    throw AppError.notFound('Purchase');
  }
  return purchase;
}

function refundResult(purchase: PurchaseRow, plan: RefundPlan) {
  return { purchaseId: purchase.id, customerId: purchase.customer_id, pointsReversed: plan.points };
}

/** Statement 3's facts but the actor, time and tier activity. */
function refundWrite(
  purchase: PurchaseRow,
  d: {
    plan: RefundPlan;
    reversal: ReturnType<typeof planReversal> | null;
    tier: ReturnType<typeof adjustTiers>;
    key: string;
  },
): Omit<MoveWrite, 'actor' | 'at' | 'activity'> {
  const { plan, reversal, tier } = d;
  return {
    customerId: purchase.customer_id,
    takes: reversal?.takes ?? [],
    entry: reversal
      ? {
          kind: 'REVERSAL',
          points: -plan.points,
          reason: 'refund',
          purchase_id: purchase.id,
          reward_id: null,
          available_at: null,
          expires_at: null,
        }
      : null,
    lot: null,
    balance: reversal
      ? { points: -plan.points, debt: reversal.newDebt - reversal.debtPaid, lifetime: -plan.points }
      : null,
    upgrade: tier.upgrade ? { ...tier.upgrade, reason: 'REFUND', purchase_id: purchase.id } : null,
    clearGrace: tier.move.kind === 'clearGrace',
    refund: {
      purchaseId: purchase.id,
      lines: plan.lines,
      refundedWeight: plan.refundedWeight,
      pointsReversed: plan.points,
    },
    reward: null,
    audit: null,
    idempotency: { key: d.key, result: refundResult(purchase, plan), withEntryId: false },
  };
}

/** The purchase and its lines as the refund left them, for the GraphQL payload. */
function refundedRows(
  purchase: PurchaseRow,
  lines: PurchaseLineRow[],
  plan: RefundPlan,
): { purchase: PurchaseRow; lines: PurchaseLineRow[] } {
  const refunded = new Map(plan.lines.map((l) => [l.lineNo, l.quantity]));
  return {
    purchase: {
      ...purchase,
      refunded_weight: purchase.refunded_weight + plan.refundedWeight,
      points_reversed: purchase.points_reversed + plan.points,
    },
    lines: lines.map((l) => ({
      ...l,
      refunded_quantity: l.refunded_quantity + (refunded.get(l.line_no) ?? 0),
    })),
  };
}
