import { z } from 'zod';
import { WINDOW_KINDS } from './windows';

export const TIER_METRICS = ['SPEND', 'POINTS', 'VISITS'] as const;
export type TierMetric = (typeof TIER_METRICS)[number];

const name = z.string().trim().min(1).max(100);
const rank = z.number().int().min(1).max(1000);
const threshold = z
  .number()
  .int()
  .min(0)
  .max(2 ** 31 - 1);
/** Integer percent (150 = 1.5x), never below 1x: a tier never earns less than base. */
const earnMultiplierPercent = z.number().int().min(100, 'Must be at least 100 (1x)').max(10_000);
const window = z
  .object({
    kind: z.enum(WINDOW_KINDS),
    days: z.number().int().min(1, 'A window lasts at least 1 day').max(3660).nullish(),
  })
  .superRefine((w, ctx) => {
    if (w.kind === 'ROLLING_DAYS' && w.days == null)
      ctx.addIssue({ code: 'custom', path: ['days'], message: 'Required for a rolling window' });
    if (w.kind === 'CALENDAR_YEAR' && w.days != null)
      ctx.addIssue({ code: 'custom', path: ['days'], message: 'Only for a rolling window' });
  });

const fields = {
  name,
  rank,
  metric: z.enum(TIER_METRICS),
  threshold,
  window,
  earnMultiplierPercent: earnMultiplierPercent.nullish(),
  benefits: z.string().trim().max(2000).nullish(),
  welcomeCatalogItemId: z.uuid().nullish(),
};

export const CreateTierInput = z.object(fields);
export type CreateTierInput = z.infer<typeof CreateTierInput>;

/** Fields left out keep their value; the result is a new version of the tier. */
export const UpdateTierInput = z.object({
  id: z.uuid(),
  name: name.nullish(),
  rank: rank.nullish(),
  metric: fields.metric.nullish(),
  threshold: threshold.nullish(),
  window: window.nullish(),
  earnMultiplierPercent: earnMultiplierPercent.nullish(),
  benefits: fields.benefits,
  welcomeCatalogItemId: fields.welcomeCatalogItemId,
});
export type UpdateTierInput = z.infer<typeof UpdateTierInput>;

export const ArchiveTierInput = z.object({
  id: z.uuid(),
  /** Where the tier's current holders go; required when anyone holds it. */
  moveHoldersTo: z.uuid().nullish(),
});
export type ArchiveTierInput = z.infer<typeof ArchiveTierInput>;

export const DeleteTierInput = z.object({ id: z.uuid() });
export type DeleteTierInput = z.infer<typeof DeleteTierInput>;

export const UpdateTierSettingsInput = z.object({
  graceDays: z.number().int().min(0).max(3660).nullish(),
  maxDowngradeRanks: z.number().int().min(1).max(100).nullish(),
});
export type UpdateTierSettingsInput = z.infer<typeof UpdateTierSettingsInput>;
