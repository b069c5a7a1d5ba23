import { z } from 'zod';
import { idempotencyKey } from '../idempotency/idempotency.service';
import { EXPIRY_POLICIES, ROUNDINGS } from './earning';

const label = z.string().trim().min(1).max(100);
const percent = z.number().int().min(0).max(10_000);

const unique = (list: string[]) => new Set(list).size === list.length;

export const UpdateEarningConfigInput = z.object({
  pointsPerUnit: z.number().int().min(0).max(1000).nullish(),
  categoryMultipliers: z
    .array(z.object({ category: label, percent }))
    .max(200)
    .refine((ms) => unique(ms.map((m) => m.category)), 'One entry per category')
    .nullish(),
  skuMultipliers: z
    .array(z.object({ sku: label, percent }))
    .max(1000)
    .refine((ms) => unique(ms.map((m) => m.sku)), 'One entry per sku')
    .nullish(),
  excludedCategories: z.array(label).max(200).nullish(),
  rounding: z.enum(ROUNDINGS).nullish(),
  pendingDays: z.number().int().min(0).max(365).nullish(),
  expiryPolicy: z.enum(EXPIRY_POLICIES).nullish(),
  expiryDays: z.number().int().min(1).max(3650).nullish(),
  autoEnroll: z.boolean().nullish(),
  backdatingDays: z.number().int().min(0).max(365).nullish(),
});
export type UpdateEarningConfigInput = z.infer<typeof UpdateEarningConfigInput>;

export const AdjustPointsInput = z.object({
  idempotencyKey,
  customerId: z.uuid(),
  points: z
    .number()
    .int()
    .min(-1_000_000_000)
    .max(1_000_000_000)
    .refine((p) => p !== 0, 'Must not be zero'),
  reason: z.string().trim().min(1).max(500),
});
export type AdjustPointsInput = z.infer<typeof AdjustPointsInput>;
