import { z } from 'zod';
import { formatMoney } from '../../shared/money';
import { daysBetween } from '../../shared/time';

/** What a rule is evaluated against: built by the trigger's source (purchase, tier job, cron). */
export interface RuleEvent {
  trigger: TriggerCode;
  /** When it happened (the purchase's occurredAt): conditions and limits use this time. */
  at: Date;
  timeZone: string;
  currency: string;
  /** The program's return window (earning pendingDays), for returns-aware rules. */
  pendingDays?: number;
  customer: {
    id: string;
    enrolledAt: Date;
    birthday: string | null;
    tierId: string | null;
    /** Purchases so far, this one included. */
    visitCount: number;
    lifetimeSpendMinor: number;
    /** Days between the previous purchase and this event; null on a first visit. */
    daysSinceLastVisit: number | null;
  };
  purchase?: {
    id: string;
    totalMinor: number;
    storeCode: string | null;
    basePoints: number;
    lines: { sku: string; category: string | null; quantity: number; unitPriceMinor: number }[];
  };
  tierChange?: { fromTierId: string | null; toTierId: string | null };
}

export const TRIGGERS = [
  'PURCHASE_RECORDED',
  'CUSTOMER_ENROLLED',
  'TIER_CHANGED',
  'VISIT_MILESTONE',
  'RETURN_AFTER_ABSENCE',
  'BIRTHDAY',
  'ENROLLMENT_ANNIVERSARY',
] as const;
export type TriggerCode = (typeof TRIGGERS)[number];
/** Triggers evaluated inside the purchase transaction. */
export const PURCHASE_TRIGGERS: readonly TriggerCode[] = [
  'PURCHASE_RECORDED',
  'VISIT_MILESTONE',
  'RETURN_AFTER_ABSENCE',
];

export interface ConditionDefinition<A extends z.ZodType = z.ZodType> {
  code: string;
  args: A;
  describe(a: z.infer<A>, currency: string): string;
  check(e: RuleEvent, a: z.infer<A>): boolean;
}

export function defineCondition<A extends z.ZodType>(d: ConditionDefinition<A>): ConditionDefinition<A> {
  return d;
}

// Local weekday and minute of day in a time zone. Every zone's offset is a multiple of 15
// minutes, so the formatted parts are cached per zone and quarter hour: the simulator asks for
// a year of purchases, which fall into ~35,000 quarter hours.
const formatters = new Map<string, Intl.DateTimeFormat>();
const QUARTER = 900_000;
const quarters = new Map<string, { weekday: number; minute: number; md: string }>();
export function localParts(at: Date, tz: string): { weekday: number; minute: number; md: string } {
  const t = at.getTime();
  const start = t - (((t % QUARTER) + QUARTER) % QUARTER);
  const key = `${tz}|${start}`;
  let hit = quarters.get(key);
  if (!hit) {
    let f = formatters.get(tz);
    if (!f) {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: tz,
        weekday: 'short',
        hour: 'numeric',
        minute: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hourCycle: 'h23',
      });
      formatters.set(tz, f);
    }
    const p = Object.fromEntries(f.formatToParts(new Date(start)).map((x) => [x.type, x.value]));
    const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(p.weekday!) + 1;
    hit = { weekday, minute: Number(p.hour) * 60 + Number(p.minute), md: `${p.month}-${p.day}` };
    if (quarters.size > 100_000) quarters.clear();
    quarters.set(key, hit);
  }
  return { ...hit, minute: hit.minute + Math.floor((t - start) / 60_000) };
}

const DAY_NAMES = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Expected HH:MM');
const toMinute = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3));
const money = z.number().int().positive();

export const CONDITIONS = [
  defineCondition({
    code: 'min_purchase_total',
    args: z.object({ amountMinor: money }),
    describe: (a, cur) => `Purchase total is at least ${formatMoney(a.amountMinor, cur)}`,
    check: (e, a) => (e.purchase?.totalMinor ?? 0) >= a.amountMinor,
  }),
  defineCondition({
    code: 'line_matches',
    args: z
      .object({
        sku: z.string().min(1).optional(),
        category: z.string().min(1).optional(),
        minQuantity: z.number().int().positive().default(1),
      })
      .refine((a) => a.sku || a.category, { message: 'Give a sku or a category' }),
    describe: (a) =>
      `At least ${a.minQuantity} × ${a.sku ? `sku ${a.sku}` : `category ${a.category}`} on the purchase`,
    check: (e, a) =>
      (e.purchase?.lines ?? [])
        .filter((l) => (!a.sku || l.sku === a.sku) && (!a.category || l.category === a.category))
        .reduce((s, l) => s + l.quantity, 0) >= a.minQuantity,
  }),
  defineCondition({
    code: 'store_in',
    args: z.object({ storeCodes: z.array(z.string().min(1)).min(1) }),
    describe: (a) => `At store ${a.storeCodes.join(' or ')}`,
    check: (e, a) => a.storeCodes.includes(e.purchase?.storeCode ?? ''),
  }),
  defineCondition({
    code: 'weekday_in',
    args: z.object({ days: z.array(z.number().int().min(1).max(7)).min(1) }),
    describe: (a) => `On ${a.days.map((d) => DAY_NAMES[d]).join(' or ')} (program time)`,
    check: (e, a) => a.days.includes(localParts(e.at, e.timeZone).weekday),
  }),
  defineCondition({
    code: 'local_time_between',
    args: z
      .object({ from: HHMM, to: HHMM })
      .refine((a) => a.from !== a.to, { message: 'An empty window never matches', path: ['to'] }),
    describe: (a) => `Between ${a.from} and ${a.to} (program time)`,
    check: (e, a) => {
      const m = localParts(e.at, e.timeZone).minute;
      const from = toMinute(a.from);
      const to = toMinute(a.to);
      // A window over midnight (22:00–02:00) wraps.
      return from < to ? m >= from && m < to : m >= from || m < to;
    },
  }),
  defineCondition({
    code: 'tier_is',
    args: z.object({ tierIds: z.array(z.uuid()).min(1) }),
    describe: (a) => `Customer holds tier ${a.tierIds.join(' or ')}`,
    check: (e, a) => e.customer.tierId !== null && a.tierIds.includes(e.customer.tierId),
  }),
  defineCondition({
    code: 'visit_count_at_least',
    args: z.object({ count: z.number().int().positive() }),
    describe: (a) => `At least ${a.count} visits`,
    check: (e, a) => e.customer.visitCount >= a.count,
  }),
  defineCondition({
    code: 'lifetime_spend_at_least',
    args: z.object({ amountMinor: money }),
    describe: (a, cur) => `Has spent at least ${formatMoney(a.amountMinor, cur)} in total`,
    check: (e, a) => e.customer.lifetimeSpendMinor >= a.amountMinor,
  }),
  defineCondition({
    code: 'days_since_last_visit_at_least',
    args: z.object({ days: z.number().int().positive() }),
    describe: (a) => `At least ${a.days} days since the previous visit`,
    check: (e, a) => e.customer.daysSinceLastVisit !== null && e.customer.daysSinceLastVisit >= a.days,
  }),
  defineCondition({
    code: 'days_since_enrollment_at_least',
    args: z.object({ days: z.number().int().nonnegative() }),
    describe: (a) => `Enrolled at least ${a.days} days ago`,
    check: (e, a) => daysBetween(e.customer.enrolledAt, e.at) >= a.days,
  }),
] as ConditionDefinition[];

export const CONDITION_BY_CODE = new Map(CONDITIONS.map((c) => [c.code, c]));
