import type { ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { makeCustomer, makeProgramWithKeys } from '../helpers/factories';
import { ledgerAgrees, purchaseInput } from '../helpers/ledger';
import { PROCESS_TEST_TIMEOUT } from '../helpers/process';
import { listeningAt, processesOnTestDb } from '../helpers/processes';

// kill -9 of the API process while POS clients record purchases; each client retries the
// same request (same idempotency key) until it gets an answer, against the restarted server.
const procs = processesOnTestDb('SIGKILL');

const PURCHASE = `mutation($input: RecordPurchaseInput!) { recordPurchase(input: $input) { pointsEarned replayed } }`;

async function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const child = procs.spawn('src/main.ts', ['--api'], {
    DATABASE_URL: procs.t.url,
    PORT: '0',
    RATE_LIMIT_PER_SECOND: '10000',
    RATE_LIMIT_BURST: '10000',
  });
  return { child, url: await listeningAt(child) };
}

describe('kill -9 of the API during purchases', () => {
  it('clients retrying the same idempotency keys: 0 lost, 0 doubled, balance = ledger', {
    timeout: PROCESS_TEST_TIMEOUT,
  }, async () => {
    const { program, keys } = await makeProgramWithKeys(procs.t.db);
    const CLIENTS = 6;
    const PER_CLIENT = 30;
    const customers = await Promise.all(
      Array.from({ length: CLIENTS }, () => makeCustomer(procs.t.db, program.id)),
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
    const purchases = await procs.t
      .db('purchases')
      .where({ program_id: program.id })
      .count<{ n: string }[]>('* as n');
    const earns = await procs.t
      .db('ledger_entries')
      .where({ program_id: program.id, kind: 'EARN' })
      .count<{ n: string }[]>('* as n');
    expect(earned.size).toBe(total);
    expect(Number(purchases[0]!.n)).toBe(total); // none lost, none doubled
    expect(Number(earns[0]!.n)).toBe(total);
    let ledgerSum = 0;
    for (const c of customers) {
      const a = await ledgerAgrees(procs.t.db, program.id, c.id);
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
