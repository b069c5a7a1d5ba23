/** Purchases for tests, through the workflow or the API, and the statements they send. */
import type { Knex } from 'knex';
import { expect } from 'vitest';
import { RecordPurchaseInput } from '../../src/modules/purchases/purchases.inputs';
import type { RequestContext } from '../../src/shared/context';
import { parseInput } from '../../src/shared/errors';
import { recordPurchase } from '../../src/workflows/record-purchase';
import { purchaseInput, RECORD } from './ledger';
import type { TestServer } from './server';

/**
 * A purchase recorded through the workflow at the context's clock time: one $9 coffee (sku A)
 * unless `overrides` say otherwise (lines, amounts, …).
 */
export function buyNow(ctx: RequestContext, customerId: string, overrides: Record<string, unknown> = {}) {
  // Parsed as the API's edge parses it (the workflow takes typed input).
  return recordPurchase(
    ctx,
    parseInput(
      RecordPurchaseInput,
      purchaseInput(customerId, {
        occurredAt: ctx.clock.now(),
        lines: [{ sku: 'A', category: 'coffee', quantity: 1, unitPriceMinor: 900 }],
        ...overrides,
      }),
    ),
  );
}

/** A one-line purchase (sku A) of `minor` at `at`, through the API as a till; fails the test on errors. */
export async function buyAsTill(s: TestServer, posKey: string, customerId: string, minor: number, at: Date) {
  const r = await s.gql(
    RECORD,
    {
      input: purchaseInput(customerId, {
        occurredAt: at.toISOString(),
        lines: [{ sku: 'A', quantity: 1, unitPriceMinor: minor }],
      }),
    },
    posKey,
  );
  expect(r.errors).toBeUndefined();
  return r.data!.recordPurchase;
}

/** The first `words` words of every statement knex sends on `db` while `run` runs (round trips). */
export async function statementsDuring(db: Knex, run: () => Promise<unknown>, words = 2): Promise<string[]> {
  const out: string[] = [];
  const on = (q: { sql: string }) => out.push(q.sql.trim().split(/\s+/).slice(0, words).join(' '));
  db.on('query', on);
  try {
    await run();
  } finally {
    db.off('query', on);
  }
  return out;
}
