import type { Scoped } from '../../db/scoped';
import { purchasesByIds } from './purchases.repo';

// Reads the API makes (resolvers call the service, never the repo).
// Reads the rules module makes of purchases (daily rules, simulation).
export { customerVisitStats, purchasesPage, replayPurchases, visitStatsBefore } from './purchases.repo';

// recordPurchase and refundPurchase are workflows of their own (issue 12): one read, one write,
// a few round trips.

/** For other modules (feedback about a visit): the purchase when it is this customer's. */
export async function purchaseOfCustomer(q: Scoped, purchaseId: string, customerId: string) {
  const [p] = await purchasesByIds(q, [purchaseId]);
  return p?.customer_id === customerId ? p : null;
}
