/**
 * `customer(id) { balance { … } }` in one statement (issue 12): the customer row, the balance
 * row and the live lots' sums are read together, and the request's `customerById` and
 * `balance` loaders are primed with what was read, so the balance's fields cost no second
 * round trip. Reads the customers and ledger modules' tables (their SQL: customersByIds,
 * balanceSummaries), so it lives with the other use cases that span modules.
 */
import DataLoader from 'dataloader';
import { prepared } from '../db/prepared';
import type { Scoped } from '../db/scoped';
import { type CustomerRow, customerFromJson } from '../modules/customers/customers.repo';
import { type Balance, EXPIRING_SOON_DAYS, NO_BALANCE } from '../modules/ledger/ledger.loaders';
import { lotsSummaryLateral, toBalanceSummary, UUID_LIST } from '../modules/ledger/ledger.repo';
import type { Clock } from '../shared/clock';
import { addDays } from '../shared/time';

/** A customer by id or by external id, as `customer(id:, externalId:)` takes them. */
export type CustomerKey = { id: string } | { externalId: string };

const keyOf = (k: CustomerKey) => ('id' in k ? `id:${k.id}` : `ext:${k.externalId}`);

interface Row {
  customer: Record<string, unknown>;
  bal_customer_id: string | null;
  bal_lifetime_earned: number | null;
  bal_available: number | null;
  bal_pending: number | null;
  bal_expiring: [string, number][] | null;
}

/** Customers with their balances, any number of them in one statement. */
export async function customersWithBalances(
  q: Scoped,
  keys: readonly CustomerKey[],
  now: Date,
): Promise<{ customer: CustomerRow; balance: Balance }[]> {
  const ids = keys.flatMap((k) => ('id' in k ? [k.id] : []));
  const externalIds = keys.flatMap((k) => ('externalId' in k ? [k.externalId] : []));
  const lots = lotsSummaryLateral(now, addDays(now, EXPIRING_SOON_DAYS));
  const which: string[] = [];
  const bindings: unknown[] = [...lots.bindings, q.programId];
  if (ids.length) {
    which.push(`c.id = ANY(${UUID_LIST})`);
    bindings.push(JSON.stringify(ids));
  }
  if (externalIds.length) {
    which.push('c.external_id = ANY(ARRAY(SELECT jsonb_array_elements_text(?::jsonb)))');
    bindings.push(JSON.stringify(externalIds));
  }
  const { rows } = await prepared<Row>(
    q.knex,
    `SELECT to_jsonb(c) AS customer, b.customer_id AS bal_customer_id, b.lifetime_earned AS bal_lifetime_earned,
            coalesce(s.available, 0) - coalesce(b.debt, 0) AS bal_available, s.pending AS bal_pending,
            s.expiring AS bal_expiring
       FROM customers c
       LEFT JOIN point_balances b ON b.program_id = c.program_id AND b.customer_id = c.id
       ${lots.sql}
      WHERE c.program_id = ?::uuid AND (${which.join(' OR ')})`,
    bindings,
  );
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
