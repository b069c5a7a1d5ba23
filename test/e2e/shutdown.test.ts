import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db';
import { makeCustomer, makeProgramWithKeys } from '../helpers/factories';
import { PROCESS_TEST_TIMEOUT, spawnTs } from '../helpers/process';
import { listeningAt } from '../helpers/processes';

// SIGTERM while a request is in flight: the server stops accepting, finishes the request,
// then exits cleanly. The request is held in flight by a row lock the test owns.
let t: TestDb;

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.drop());

const PURCHASE = `mutation($input: RecordPurchaseInput!) { recordPurchase(input: $input) { pointsEarned } }`;

describe('graceful shutdown', () => {
  it(
    'finishes an in-flight purchase after SIGTERM, refuses new connections, exits 0',
    async () => {
      const { program, keys } = await makeProgramWithKeys(t.db);
      const customer = await makeCustomer(t.db, program.id);
      const server = spawnTs('src/main.ts', ['--api'], {
        DATABASE_URL: t.url,
        PORT: '0',
        SHUTDOWN_TIMEOUT_MS: '20000',
      });
      const exited = new Promise<number | null>((r) => server.on('close', (code) => r(code)));
      const url = await listeningAt(server);
      const purchase = (n: number) =>
        fetch(`${url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${keys.pos}` },
          body: JSON.stringify({
            query: PURCHASE,
            variables: {
              input: {
                idempotencyKey: `k${n}`,
                customerId: customer.id,
                externalId: `r${n}`,
                occurredAt: new Date().toISOString(),
                currency: 'USD',
                lines: [{ sku: 'tea', quantity: 1, unitPriceMinor: 500 }],
              },
            },
          }),
        });
      expect((await purchase(1)).status).toBe(200); // creates the customer's balance row

      const trx = await t.db.transaction();
      await trx('point_balances').where({ customer_id: customer.id }).forUpdate().select('customer_id');
      const inFlight = purchase(2);
      await new Promise((r) => setTimeout(r, 500));
      server.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 500));
      await expect(fetch(`${url}/healthz`)).rejects.toThrow();
      await trx.commit();

      const res = await inFlight;
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ data: { recordPurchase: { pointsEarned: 5 } } });
      expect(await exited).toBe(0);
    },
    PROCESS_TEST_TIMEOUT,
  );
});
