/**
 * recordPurchases (issue 15): an offline till's backlog in one request. Each item is exactly a
 * recordPurchase input and goes through the recordPurchase workflow itself, in its own
 * transaction, so each item is recorded, replayed (its key was recorded by an earlier send) or
 * failed on its own, exactly as it would have been sent alone; one bad item never fails the
 * others. Items are applied one after another in occurredAt order (the list's order for equal
 * times), which keeps each customer's purchases in the order they happened (tier progress,
 * visit-count rules and the return window depend on it). See docs/pos.md and ADR 0019.
 */
import { z } from 'zod';
import { createLogger, currentLog } from '../logger';
import { RecordPurchaseInput } from '../modules/purchases/purchases.inputs';
import type { RequestContext } from '../shared/context';
import { AppError, type ErrorCode, type InputIssue, parseInput } from '../shared/errors';
import { type RecordPurchaseResult, recordPurchase } from './record-purchase';

/** The most items one request may carry; a bigger backlog is sent in several requests. */
export const MAX_BATCH_ITEMS = 500;

export const RecordPurchasesInput = z.object({
  purchases: z
    .array(z.unknown())
    .min(1, 'Send at least one purchase')
    .max(MAX_BATCH_ITEMS, `At most ${MAX_BATCH_ITEMS} purchases per request: send the rest in another`),
});
export type RecordPurchasesInput = z.infer<typeof RecordPurchasesInput>;

export interface ItemErrorModel {
  code: ErrorCode;
  message: string;
  issues: InputIssue[];
  /** IDEMPOTENCY_CONFLICT: the top-level fields that differ from the key's first request. */
  fields: string[];
}

export interface BatchItemResult {
  index: number;
  idempotencyKey: string;
  status: 'RECORDED' | 'REPLAYED' | 'FAILED';
  result: RecordPurchaseResult | null;
  error: ItemErrorModel | null;
}

export interface RecordPurchasesResult {
  results: BatchItemResult[];
  recorded: number;
  replayed: number;
  failed: number;
}

const fallbackLog = createLogger('info');

/** Items in the order they are applied: by occurredAt, then by their place in the list. */
export function applyOrder(items: readonly unknown[]): number[] {
  const time = (p: unknown) => {
    const at = (p as { occurredAt?: unknown } | null)?.occurredAt;
    const t = at instanceof Date ? at.getTime() : typeof at === 'string' ? Date.parse(at) : Number.NaN;
    // An item without a usable time fails its own validation; its place does not matter.
    return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t;
  };
  return items
    .map((p, i) => ({ i, t: time(p) }))
    .sort((a, b) => a.t - b.t || a.i - b.i)
    .map((x) => x.i);
}

/** An item's failure as the request alone would have failed, its paths inside the batch. */
export function itemError(err: unknown, index: number): ItemErrorModel {
  if (err instanceof AppError) {
    const issues = (err.details.issues as InputIssue[] | undefined) ?? [];
    return {
      code: err.code,
      message: err.message,
      issues: issues.map((i) => ({
        path: i.path.replace(/^input(?=\.|$)/, `input.purchases.${index}`),
        message: i.message,
      })),
      fields: (err.details.fields as string[] | undefined) ?? [],
    };
  }
  currentLog(fallbackLog).error({ err, item: index }, 'recordPurchases item failed');
  return { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error', issues: [], fields: [] };
}

/** Each item is parsed here, inside its own try: an item's bad input is that item's result. */
export async function recordPurchases(
  ctx: RequestContext,
  { purchases }: RecordPurchasesInput,
): Promise<RecordPurchasesResult> {
  const results: BatchItemResult[] = new Array(purchases.length);
  for (const index of applyOrder(purchases)) {
    const item = purchases[index];
    const key = (item as { idempotencyKey?: unknown } | null)?.idempotencyKey;
    const idempotencyKey = typeof key === 'string' ? key : '';
    try {
      // Its own transaction: what one item wrote is committed before the next starts.
      const result = await recordPurchase(ctx, parseInput(RecordPurchaseInput, item));
      results[index] = {
        index,
        idempotencyKey,
        status: result.replayed ? 'REPLAYED' : 'RECORDED',
        result,
        error: null,
      };
    } catch (err) {
      results[index] = {
        index,
        idempotencyKey,
        status: 'FAILED',
        result: null,
        error: itemError(err, index),
      };
    }
  }
  const count = (s: BatchItemResult['status']) => results.filter((r) => r.status === s).length;
  return { results, recorded: count('RECORDED'), replayed: count('REPLAYED'), failed: count('FAILED') };
}
