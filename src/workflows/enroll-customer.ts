/**
 * Enrolling a customer (the enrollCustomer mutation, and a purchase by an unknown externalId):
 * the customers module inserts the customer with the consent given at sign-up and the audit
 * entry, then raises `customer.enrolled` (the CUSTOMER_ENROLLED reward rules subscribe), all in
 * one transaction. A workflow, so that customers does not depend on rules (rules depend on
 * messaging, which reads customers).
 */
import type { EnrollCustomerInput } from '../modules/customers/customers.inputs';
import type { CustomerRow } from '../modules/customers/customers.repo';
import { insertEnrolment } from '../modules/customers/customers.service';
import type { RequestContext } from '../shared/context';
import { dispatchDomainEvent } from './domain-events';

/** Idempotent by externalId: enrolling again returns the existing customer, unchanged. */
export async function enrollCustomer(
  ctx: RequestContext,
  p: EnrollCustomerInput,
): Promise<{ customer: CustomerRow; created: boolean }> {
  const at = ctx.clock.now();
  return ctx.q.transaction(async (q) => {
    const enrolled = await insertEnrolment(ctx, q, p, at);
    if (enrolled.created) {
      await dispatchDomainEvent(ctx, q, { type: 'customer.enrolled', data: { customer: enrolled.customer } });
    }
    return enrolled;
  });
}
