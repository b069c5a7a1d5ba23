/**
 * Delivery lives in its workflow (src/workflows/deliver-messages.ts, ADR 0020): the policy
 * checks are pure (delivery.plan.ts), the statements are the workflow's. Re-exported here for
 * the module's jobs and for callers that knew it here.
 */
export {
  deliverMessage,
  deliverNewsletter,
  STALE_SENDING_MS,
  sweepStaleSending,
  waitingNewsletters,
} from '../../workflows/deliver-messages';
