/**
 * The RuleEvents rules are evaluated against, built here only: from a recorded purchase (pure:
 * the purchase workflow checks it before the write), and from a customer's facts for the
 * triggers that are not a purchase (enrolment, tier change, birthday, anniversary).
 */
import type { Scoped } from '../../db/scoped';
import type { PurchaseRecorded } from '../../shared/domain-events';
import { daysBetween } from '../../shared/time';
import { customersByIds } from '../customers/customers.service';
import { customerVisitStats } from '../purchases/purchases.service';
import { currentTier } from '../tiers/tiers.service';
import type { RuleEvent, TriggerCode } from './rules.conditions';

type Program = { time_zone: string; currency: string };
type VisitStats = { visits: number; spendMinor: number; previousAt: Date | null };
/** A customer before any purchase (an enrolment). */
export const NO_VISITS: VisitStats = { visits: 0, spendMinor: 0, previousAt: null };

/** What a rule sees of the customer at `at`. */
export function ruleCustomer(
  c: { id: string; enrolled_at: Date; birthday: string | null },
  tierId: string | null,
  stats: VisitStats,
  at: Date,
): RuleEvent['customer'] {
  return {
    id: c.id,
    enrolledAt: c.enrolled_at,
    birthday: c.birthday,
    tierId,
    visitCount: stats.visits,
    lifetimeSpendMinor: stats.spendMinor,
    daysSinceLastVisit: stats.previousAt ? daysBetween(stats.previousAt, at) : null,
  };
}

/** The event a purchase's rules are evaluated against (pure: the workflow checks it first). */
export function purchaseRuleEvent(p: PurchaseRecorded): RuleEvent {
  const at = p.purchase.occurred_at;
  return {
    trigger: 'PURCHASE_RECORDED',
    at,
    pendingDays: p.pendingDays,
    timeZone: p.timeZone,
    currency: p.currency,
    customer: ruleCustomer(p.customer, p.tierId, p.stats, at),
    purchase: {
      id: p.purchase.id,
      totalMinor: Number(p.purchase.total_minor),
      storeCode: p.purchase.store_code,
      basePoints: p.basePoints,
      lines: p.lines.map((l) => ({ ...l, category: l.category ?? null })),
    },
  };
}

/** A customer's event for a trigger that is not a purchase, given the customer's facts. */
export function customerRuleEvent(
  trigger: TriggerCode,
  at: Date,
  program: Program,
  customer: RuleEvent['customer'],
): RuleEvent {
  return { trigger, at, timeZone: program.time_zone, currency: program.currency, customer };
}

/** The same, reading the customer's facts at `at` (tier, visits); null when there is no such customer. */
export async function readCustomerRuleEvent(
  q: Scoped,
  customerId: string,
  trigger: TriggerCode,
  at: Date,
  program: Program,
): Promise<RuleEvent | null> {
  const [c] = await customersByIds(q, [customerId]);
  if (!c) return null;
  const stats = await customerVisitStats(q, customerId, at);
  const tierId = (await currentTier(q, c.id))?.id ?? null;
  return customerRuleEvent(trigger, at, program, ruleCustomer(c, tierId, stats, at));
}
