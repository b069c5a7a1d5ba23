import { z } from 'zod';
import { externalId } from '../customers/customers.inputs';
import { idempotencyKey } from '../idempotency/idempotency.service';

/** Totals stay inside a signed 32-bit integer: GraphQL's Int, and far from any bigint limit. */
export const MAX_TOTAL_MINOR = 2 ** 31 - 1;

const sku = z.string().trim().min(1).max(64);
const quantity = z.number().int().min(1).max(10_000);

const PurchaseLineInput = z.object({
  sku,
  category: z.string().trim().min(1).max(64).nullish(),
  quantity,
  unitPriceMinor: z.number().int().min(0).max(1_000_000_000),
});

export const RecordPurchaseInput = z
  .object({
    idempotencyKey,
    customerId: z.uuid().nullish(),
    customerExternalId: externalId.nullish(),
    externalId,
    storeCode: z.string().trim().min(1).max(64).nullish(),
    occurredAt: z.date(),
    currency: z.string().regex(/^[A-Z]{3}$/, 'An ISO 4217 code such as USD'),
    lines: z.array(PurchaseLineInput).min(1).max(500),
  })
  .refine((p) => (p.customerId == null) !== (p.customerExternalId == null), {
    message: 'Give exactly one of customerId and customerExternalId',
    path: ['customerId'],
  })
  .refine((p) => p.lines.reduce((s, l) => s + l.quantity * l.unitPriceMinor, 0) <= MAX_TOTAL_MINOR, {
    message: `The purchase total must not exceed ${MAX_TOTAL_MINOR} minor units`,
    path: ['lines'],
  });
export type RecordPurchaseInput = z.infer<typeof RecordPurchaseInput>;

export const RefundPurchaseInput = z.object({
  idempotencyKey,
  purchaseId: z.uuid(),
  /** When given, the purchase must belong to this customer. */
  customerId: z.uuid().nullish(),
  /** Absent: refund everything not refunded yet. */
  lines: z.array(z.object({ sku, quantity })).min(1).max(500).nullish(),
});
export type RefundPurchaseInput = z.infer<typeof RefundPurchaseInput>;
