import { describe, expect, it } from 'vitest';
import { makeCustomer, makeProgramWithKeys } from '../helpers/factories';
import { purchaseInput } from '../helpers/ledger';
import { PROCESS_TEST_TIMEOUT } from '../helpers/process';
import { listeningAt, processesOnTestDb } from '../helpers/processes';
import { subscribe } from '../helpers/sse';

// Issue 15: live updates over SSE with two server processes. A purchase recorded through one
// process reaches a customer's subscription on the other (the relay's NOTIFY, after commit);
// a client that reconnects gets the current balance first; a revoked session's subscription
// is closed; staff hear of feedback.
const procs = processesOnTestDb('SIGTERM');

async function start(args: string[]): Promise<string> {
  return listeningAt(procs.spawn('src/main.ts', args, { DATABASE_URL: procs.t.url, PORT: '0' }));
}

async function gql(url: string, token: string, query: string, variables: object = {}) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: any; errors?: any[] };
  expect(body.errors).toBeUndefined();
  return body.data;
}

const BALANCE = 'subscription { balanceChanged { customerId available pending lifetimeEarned at } }';
const BUY = `mutation($input: RecordPurchaseInput!) { recordPurchase(input: $input) { pointsEarned } }`;

describe('subscriptions across two API processes', () => {
  it('balance, rewards and feedback reach the other process; reconnect; revocation closes', {
    timeout: PROCESS_TEST_TIMEOUT,
  }, async () => {
    const { program, keys } = await makeProgramWithKeys(procs.t.db);
    const c = await makeCustomer(procs.t.db, program.id);
    // A serves and runs the worker (the relay); B only serves.
    const [a, b] = await Promise.all([start([]), start(['--api'])]);
    const session = (
      await gql(
        a,
        keys.pos,
        'mutation($input: CreateCustomerSessionInput!) { createCustomerSession(input: $input) { token } }',
        {
          input: { customerId: c.id },
        },
      )
    ).createCustomerSession.token as string;

    const live = subscribe(b, session, BALANCE);
    const staff = subscribe(
      b,
      keys.admin,
      'subscription { feedbackReceived { feedbackId customerId feedback { topic } } }',
    );
    // The current balance first.
    expect((await live.next()).data.balanceChanged).toMatchObject({ customerId: c.id, available: 0 });

    // A purchase through A: B's subscriber hears of it.
    await gql(a, keys.pos, BUY, { input: purchaseInput(c.id) });
    const after = (await live.next()).data.balanceChanged;
    expect(after).toMatchObject({ available: 9, lifetimeEarned: 9 });

    // Feedback through A reaches staff on B.
    await gql(a, session, 'mutation($input: SendFeedbackInput!) { sendFeedback(input: $input) { id } }', {
      input: { topic: 'Coffee', message: 'Great' },
    });
    expect((await staff.next()).data.feedbackReceived).toMatchObject({
      customerId: c.id,
      feedback: { topic: 'Coffee' },
    });
    staff.close();

    // The client drops; while away, another purchase; reconnecting gives the current balance.
    live.close();
    await gql(a, keys.pos, BUY, { input: purchaseInput(c.id) });
    const again = subscribe(a, session, BALANCE);
    const first = (await again.next()).data.balanceChanged;
    expect(first.available === 18 || first.available === 9).toBe(true);
    if (first.available === 9) expect((await again.next()).data.balanceChanged.available).toBe(18);

    // A customer session may not subscribe to staff events, nor a key to a customer's.
    const denied = await fetch(`${b}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        authorization: `Bearer ${keys.pos}`,
      },
      body: JSON.stringify({ query: BALANCE }),
    });
    expect(await denied.text()).toMatch(/FORBIDDEN/);

    // Revoking the session (deleting it, as erasure does) ends its subscription.
    const onB = subscribe(b, session, BALANCE);
    await onB.next();
    await procs.t.db('customer_sessions').where({ program_id: program.id, customer_id: c.id }).delete();
    expect(
      await Promise.race([onB.ended, new Promise((r) => setTimeout(() => r('still open'), 15_000))]),
    ).toBe('complete');
    expect(
      await Promise.race([again.ended, new Promise((r) => setTimeout(() => r('still open'), 15_000))]),
    ).toBe('complete');
  });
});
