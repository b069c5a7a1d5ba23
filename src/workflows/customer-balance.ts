/**
 * `customer(id) { balance { … } }` in one statement (issue 12): the customer row, the balance
 * row and the live lots' sums are read together, and the request's `customerById` and
 * `balance` loaders are primed with what was read, so the balance's fields cost no second
 * round trip. Reads the customers and ledger modules' tables (the statement is in
 * customer-balance.repo.ts), so it lives with the other use cases that span modules.
 */
import DataLoader from 'dataloader';
import type { Scoped } from '../db/scoped';
import { type CustomerRow, customerFromJson } from '../modules/customers/customers.repo';
import { type Balance, NO_BALANCE } from '../modules/ledger/ledger.loaders';
import { toBalanceSummary } from '../modules/ledger/ledger.repo';
import type { Clock } from '../shared/clock';
import { customerBalanceRows } from './customer-balance.repo';

/** A customer by id or by external id, as `customer(id:, externalId:)` takes them. */
export type CustomerKey = { id: string } | { externalId: string };

const keyOf = (k: CustomerKey) => ('id' in k ? `id:${k.id}` : `ext:${k.externalId}`);

/** Customers with their balances, any number of them in one statement. */
export async function customersWithBalances(
  q: Scoped,
  keys: readonly CustomerKey[],
  now: Date,
): Promise<{ customer: CustomerRow; balance: Balance }[]> {
  const ids = keys.flatMap((k) => ('id' in k ? [k.id] : []));
  const externalIds = keys.flatMap((k) => ('externalId' in k ? [k.externalId] : []));
  const rows = await customerBalanceRows(q, ids, externalIds, now);
  return rows.map((r) => {
    const customer = customerFromJson(r.customer);
    const { customer_id: _, ...balance } = r.bal_customer_id
      ? toBalanceSummary({
          customer_id: r.bal_customer_id,
          lifetime_earned: r.bal_lifetime_earned,
          available: r.bal_available,
          pending: r.bal_pending,
          expiring: r.bal_expiring,
        })
      : { ...NO_BALANCE, customer_id: customer.id };
    return { customer, balance };
  });
}

/**
 * The request's loader of customers with their balances; what it reads primes `customerById`
 * and `balance`, which the Customer and PointsBalance fields then load without a query.
 */
export function customerBalanceLoaders(
  q: Scoped,
  clock: Clock,
  prime: {
    customerById: DataLoader<string, CustomerRow | null>;
    balance: DataLoader<string, Balance>;
  },
) {
  return {
    customerWithBalance: new DataLoader<CustomerKey, CustomerRow | null, string>(
      async (keys) => {
        const found = await customersWithBalances(q, keys, clock.now());
        const byKey = new Map<string, CustomerRow>();
        for (const { customer, balance } of found) {
          prime.customerById.prime(customer.id, customer);
          prime.balance.prime(customer.id, balance);
          byKey.set(`id:${customer.id}`, customer);
          if (customer.external_id !== null) byKey.set(`ext:${customer.external_id}`, customer);
        }
        return keys.map((k) => byKey.get(keyOf(k)) ?? null);
      },
      { cacheKeyFn: keyOf },
    ),
  };
}
