/**
 * The reward rules' one subscriber to domain events (src/shared/domain-events.ts, listed in
 * src/workflows/domain-events.ts): each event becomes the RuleEvent of its triggers and is
 * evaluated inside the raiser's transaction (`evaluateRules`), with the period key that makes
 * it act once.
 */
import type { Scoped } from '../../db/scoped';
import type { RequestContext } from '../../shared/context';
import type {
  CustomerEnrolled,
  DomainEvent,
  DomainEventOutcome,
  TierChanged,
} from '../../shared/domain-events';
import { localDate } from '../../shared/time';
import { programOf } from '../programs/programs.service';
import { PURCHASE_TRIGGERS } from './rules.conditions';
import { type Applied, compiledRules, evaluateRules } from './rules.engine';
import {
  customerRuleEvent,
  NO_VISITS,
  purchaseRuleEvent,
  readCustomerRuleEvent,
  ruleCustomer,
} from './rules.events';

export async function rulesSubscriber(
  ctx: RequestContext,
  q: Scoped,
  e: DomainEvent,
): Promise<DomainEventOutcome> {
  switch (e.type) {
    case 'purchase.recorded':
      // All purchase triggers share one priority order, so exclusivity spans them.
      return given(await evaluateRules(ctx, q, purchaseRuleEvent(e.data), { triggers: PURCHASE_TRIGGERS }));
    case 'customer.enrolled':
      return given(await enrolled(ctx, q, e.data));
    case 'tier.changed':
      return given(await tierChanged(ctx, q, e.data));
  }
}

const given = (applied: Applied[]): DomainEventOutcome => ({
  rewardIds: applied.flatMap((a) => a.rewardIds),
});

/** CUSTOMER_ENROLLED rules; once per customer ever. */
async function enrolled(
  ctx: RequestContext,
  q: Scoped,
  { customer: c }: CustomerEnrolled,
): Promise<Applied[]> {
  const rules = await compiledRules(q);
  if (!rules.some((r) => r.def.trigger.type === 'CUSTOMER_ENROLLED')) return [];
  const program = await programOf(q);
  const customer = ruleCustomer(c, null, NO_VISITS, c.enrolled_at);
  const e = customerRuleEvent('CUSTOMER_ENROLLED', c.enrolled_at, program, customer);
  return evaluateRules(ctx, q, e, { periodKey: 'enrolled' });
}

/**
 * TIER_CHANGED rules. The change's id (the tier_changed job's) is the period key, so a retry
 * does not give twice. Bonus points never count towards tiers, so a rule cannot trigger itself
 * through a tier change.
 */
async function tierChanged(ctx: RequestContext, q: Scoped, t: TierChanged): Promise<Applied[]> {
  const program = await programOf(q);
  const e = await readCustomerRuleEvent(q, t.customerId, 'TIER_CHANGED', t.at, program);
  if (!e) return [];
  e.tierChange = { fromTierId: t.fromTierId, toTierId: t.toTierId };
  // Without an id, one application per change and local day.
  const key = t.changeId ?? `${t.fromTierId}>${t.toTierId}@${localDate(e.at, program.time_zone)}`;
  return evaluateRules(ctx, q, e, { periodKey: `tier_changed:${key}` });
}
