/**
 * Domain events inside a transaction (issue 18): what a workflow says happened, for the code
 * that reacts in the same transaction (the reward rules). The workflow raises one with
 * `dispatchDomainEvent` (src/workflows/domain-events.ts), which calls every subscriber listed
 * there; a subscriber maps the event to its own work and returns what it gave. Only types
 * here, importing nothing of a module's, so raisers and subscribers both depend on this file
 * and not on each other.
 *
 * Not the public events of `modules/events/events.ts` (webhooks, subscriptions), which go
 * through the outbox after commit; a workflow may raise both for one change.
 */
import type { Scoped } from '../db/scoped';
import type { RequestContext } from './context';

/** A customer was enrolled (not one enrolled before: enrolling is idempotent). */
export interface CustomerEnrolled {
  customer: { id: string; enrolled_at: Date; birthday: string | null };
}

/** A purchase was recorded: what the purchase workflow knows of it under its locks. */
export interface PurchaseRecorded {
  purchase: { id: string; total_minor: number; store_code: string | null; occurred_at: Date };
  lines: { sku: string; category?: string | null; quantity: number; unitPriceMinor: number }[];
  customer: { id: string; enrolled_at: Date; birthday: string | null };
  basePoints: number;
  /** The program's return window (earning pendingDays). */
  pendingDays: number;
  timeZone: string;
  currency: string;
  /** The tier held after this purchase. */
  tierId: string | null;
  /** Purchases so far, this one included. */
  stats: { visits: number; spendMinor: number; previousAt: Date | null };
}

/** A customer's tier changed (raised from the tier_changed job, after the change committed). */
export interface TierChanged {
  customerId: string;
  fromTierId: string | null;
  toTierId: string | null;
  at: Date;
  /** Names this change, so a retry acts once (the job's id); null: once per change and local day. */
  changeId: string | null;
}

export interface DomainEventData {
  'customer.enrolled': CustomerEnrolled;
  'purchase.recorded': PurchaseRecorded;
  'tier.changed': TierChanged;
}
export type DomainEventType = keyof DomainEventData;
/** `{ type, data }`; a switch on `type` narrows `data`. */
export type DomainEvent = { [T in DomainEventType]: { type: T; data: DomainEventData[T] } }[DomainEventType];

/** What subscribers gave for an event: the rewards issued (the purchase's payload lists them). */
export interface DomainEventOutcome {
  rewardIds: string[];
}

/** Reacts to an event inside the raiser's transaction (`q`, and `ctx.q` is the same). */
export type DomainEventSubscriber = (
  ctx: RequestContext,
  q: Scoped,
  e: DomainEvent,
) => Promise<DomainEventOutcome>;
