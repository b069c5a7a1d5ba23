import { z } from 'zod';
import { DAY_MS } from '../../shared/time';
import { timeZone } from '../programs/programs.inputs';

/** The longest range a report covers: a little over two years. */
export const MAX_RANGE_DAYS = 800;
/** DAY periods over at most this many days (the console draws one bar per period). */
export const MAX_DAY_PERIODS = 400;
export const PERIODS = ['HOUR', 'DAY', 'WEEK', 'MONTH'] as const;
export type Period = (typeof PERIODS)[number];

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Expected YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'Not a date');

const days = (from: string, to: string) =>
  (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS + 1;

/** A range of local days, both ends included, in the program's time zone unless one is given. */
export const RangeShape = z.object({
  from: isoDate,
  to: isoDate,
  timeZone: timeZone.optional(),
});

const rangeChecks = <T extends { from: string; to: string }>(s: z.ZodType<T>) =>
  s
    .refine((r) => r.from <= r.to, { message: 'to must not be before from', path: ['to'] })
    .refine((r) => days(r.from, r.to) <= MAX_RANGE_DAYS, {
      message: `At most ${MAX_RANGE_DAYS} days`,
      path: ['to'],
    });

export const RangeInput = rangeChecks(RangeShape);

export const HealthInput = rangeChecks(RangeShape.extend({ period: z.enum(PERIODS).default('DAY') }))
  .refine((r) => r.period !== 'HOUR', {
    message: 'Finer than the data: activity is rolled up by local day; use DAY, WEEK or MONTH',
    path: ['period'],
  })
  .refine((r) => r.period !== 'DAY' || days(r.from, r.to) <= MAX_DAY_PERIODS, {
    message: `DAY periods cover at most ${MAX_DAY_PERIODS} days; use WEEK or MONTH`,
    path: ['period'],
  });
export type HealthInput = z.infer<typeof HealthInput>;

const pointValue = z.number().int().min(0).max(1_000_000);

export const LiabilityInput = z.object({
  /** The instant the figures are as of; default now. */
  asOf: z.date().optional(),
  timeZone: timeZone.optional(),
  /** Minor units per 100 points; default the program's report setting. */
  pointValueMinorPer100: pointValue.optional(),
});
export type LiabilityInput = z.infer<typeof LiabilityInput>;

export const RulesReportInput = rangeChecks(
  RangeShape.extend({
    followUpDays: z.number().int().min(1).max(365).default(30),
    pointValueMinorPer100: pointValue.optional(),
  }),
);
export type RulesReportInput = z.infer<typeof RulesReportInput>;

export const ReportSettingsInput = z.object({ pointValueMinorPer100: pointValue.nullable() });
export type ReportSettingsInput = z.infer<typeof ReportSettingsInput>;
