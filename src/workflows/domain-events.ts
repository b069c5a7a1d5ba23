/**
 * The one dispatcher of domain events (the types are in src/shared/domain-events.ts): a
 * workflow raises an event inside its transaction, and every subscriber below reacts in that
 * transaction, in order; a subscriber that throws rolls the change back with it. To add a
 * subscriber, write a `DomainEventSubscriber` in its module and list it here.
 */
import type { Scoped } from '../db/scoped';
import { rulesSubscriber } from '../modules/rules/rules.subscriber';
import type { RequestContext } from '../shared/context';
import type { DomainEvent, DomainEventOutcome, DomainEventSubscriber } from '../shared/domain-events';

export const SUBSCRIBERS: readonly DomainEventSubscriber[] = [
  // CUSTOMER_ENROLLED, the purchase triggers and TIER_CHANGED (rules.subscriber.ts).
  rulesSubscriber,
];

/** Raises `e` inside the transaction `q`; returns what the subscribers gave. */
export async function dispatchDomainEvent(
  ctx: RequestContext,
  q: Scoped,
  e: DomainEvent,
): Promise<DomainEventOutcome> {
  const rewardIds: string[] = [];
  for (const subscriber of SUBSCRIBERS) rewardIds.push(...(await subscriber({ ...ctx, q }, q, e)).rewardIds);
  return { rewardIds };
}
