import { z } from 'zod';
import { idempotencyKey } from '../idempotency/idempotency.service';

export const UpsertCatalogItemInput = z
  .object({
    id: z.uuid().nullish(),
    name: z.string().trim().min(1).max(200),
    description: z.string().trim().max(2000).nullish(),
    costPoints: z.number().int().min(1).max(1_000_000_000),
    active: z.boolean().nullish(),
    /** Days an issued reward stays usable; null = no expiry. */
    validDays: z.number().int().min(1).max(3650).nullish(),
    activeFrom: z.date().nullish(),
    activeUntil: z.date().nullish(),
    /** null = unlimited. */
    stock: z.number().int().min(0).max(1_000_000_000).nullish(),
  })
  .refine((i) => !i.activeFrom || !i.activeUntil || i.activeFrom < i.activeUntil, {
    message: 'Must be after activeFrom',
    path: ['activeUntil'],
  });
export type UpsertCatalogItemInput = z.infer<typeof UpsertCatalogItemInput>;

export const RedeemRewardInput = z.object({
  idempotencyKey,
  /** Required for API keys; a customer session redeems for itself. */
  customerId: z.uuid().nullish(),
  catalogItemId: z.uuid(),
});
export type RedeemRewardInput = z.infer<typeof RedeemRewardInput>;

/** Codes are Crockford base32: read aloud or typed, O/I/L are taken as 0/1/1. */
export const rewardCode = z
  .string()
  .trim()
  .min(4)
  .max(32)
  .transform((c) => c.toUpperCase().replaceAll('-', '').replaceAll('O', '0').replace(/[IL]/g, '1'));

export const UseRewardInput = z.object({ idempotencyKey, code: rewardCode, purchaseId: z.uuid().nullish() });
export type UseRewardInput = z.infer<typeof UseRewardInput>;

export const VoidRewardInput = z.object({
  idempotencyKey,
  rewardId: z.uuid(),
  reason: z.string().trim().min(1).max(500).nullish(),
});
export type VoidRewardInput = z.infer<typeof VoidRewardInput>;

export const REWARD_STATUSES = ['AVAILABLE', 'USED', 'EXPIRED', 'VOIDED'] as const;
export type RewardStatus = (typeof REWARD_STATUSES)[number];
