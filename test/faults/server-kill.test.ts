import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db';
import { makeCustomer, makeProgramWithKeys } from '../helpers/factories';
import { ledgerAgrees, purchaseInput } from '../helpers/ledger';
import { PROCESS_TEST_TIMEOUT, spawnTs, waitForOutput } from '../helpers/process';

// kill -9 of the API process while POS clients record purchases; each client retries the
// same request (same idempotency key) until it gets an answer, against the restarted server.
let t: TestDb;
const children: ChildProcess[] = [];

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await t.drop();
});

const PURCHASE = `mutation($input: RecordPurchaseInput!) { recordPurchase(input: $input) { pointsEarned replayed } }`;

async function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawnTs('src/main.ts', ['--api'], {
    DATABASE_URL: t.url,
    PORT: '0',
    RATE_LIMIT_PER_SECOND: '10000',
    RATE_LIMIT_BURST: '10000',
  });
  children.push(child);
  const out = await waitForOutput(child, /GraphiQL at (http:\/\/\S+)\/graphql/);
  return { child, url: /GraphiQL at (http:\/\/\S+)\/graphql/.exec(out)![1]! };
}

describe('kill -9 of the API during purchases', () => {
  it('clients retrying the same idempotency keys: 0 lost, 0 doubled, balance = ledger', {
    timeout: PROCESS_TEST_TIMEOUT,
  }, async () => {
    const { program, keys } = await makeProgramWithKeys(t.db);
    const CLIENTS = 6;
    const PER_CLIENT = 30;
    const customers = await Promise.all(
      Array.from({ length: CLIENTS }, () => makeCustomer(t.db, program.id)),
    );
    let server = await startServer();
    let ok = 0;
    let retries = 0;
    const earned = new Map<string, number>();

    const client = async (c: number) => {
      for (let i = 0; i < PER_CLIENT; i++) {
        const input = purchaseInput(customers[c]!.id);
        for (;;) {
          try {
            const res = await fetch(`${server.url}/graphql`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${keys.pos}` },
              body: JSON.stringify({ query: PURCHASE, variables: { input } }),
              signal: AbortSignal.timeout(10_000),
            });
            const body = (await res.json()) as { data?: { recordPurchase: { pointsEarned: number } } };
            if (res.status === 200 && body.data) {
              earned.set(input.idempotencyKey, body.data.recordPurchase.pointsEarned);
              ok++;
              break;
            }
          } catch {
            // connection refused or reset: the server is down; retry the same request
          }
          retries++;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    };
    const running = Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));

    while (ok < (CLIENTS * PER_CLIENT) / 3) await new Promise((r) => setTimeout(r, 20));
    server.child.kill('SIGKILL');
    const killedAt = Date.now();
    await new Promise((r) => server.child.once('close', r));
    server = await startServer();
    const restartSeconds = (Date.now() - killedAt) / 1000;
    await running;

    const total = CLIENTS * PER_CLIENT;
    const purchases = await t
      .db('purchases')
      .where({ program_id: program.id })
      .count<{ n: string }[]>('* as n');
    const earns = await t
      .db('ledger_entries')
      .where({ program_id: program.id, kind: 'EARN' })
      .count<{ n: string }[]>('* as n');
    expect(earned.size).toBe(total);
    expect(Number(purchases[0]!.n)).toBe(total); // none lost, none doubled
    expect(Number(earns[0]!.n)).toBe(total);
    let ledgerSum = 0;
    for (const c of customers) {
      const a = await ledgerAgrees(t.db, program.id, c.id);
      expect(a.balance).toBe(a.entries);
      expect(a.lotsLessDebt).toBe(a.entries);
      ledgerSum += a.entries;
    }
    expect(ledgerSum).toBe([...earned.values()].reduce((x, y) => x + y, 0));
    server.child.kill('SIGTERM');
    console.log(
      'server-kill figures',
      JSON.stringify({ operations: total, retries, restartSeconds, ledgerSum }),
    );
  });
});
