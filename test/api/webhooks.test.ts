import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { startWorker, type Worker } from '../../src/jobs/worker';
import { createLogger } from '../../src/logger';
import { isPrivateAddress, refusedUrl } from '../../src/modules/webhooks/webhooks.address';
import { retryDelayMs } from '../../src/modules/webhooks/webhooks.jobs';
import { postWebhook } from '../../src/modules/webhooks/webhooks.send';
import { systemClock } from '../../src/shared/clock';
import { createTestDb, type TestDb } from '../helpers/db';
import { makeCustomer, makeProgramWithKeys } from '../helpers/factories';
import { purchaseInput, RECORD } from '../helpers/ledger';
import { startReceiver } from '../helpers/receiver';
import { startTestServer, type TestServer } from '../helpers/server';
import { eventually } from '../helpers/wait';

// Issue 15: outbound event webhooks against a real HTTP receiver on loopback (allowed here by
// WEBHOOK_ALLOW_PRIVATE), through the real worker (outbox relay, graphile-worker).
const ENV = {
  WEBHOOK_ALLOW_PRIVATE: 'true',
  WEBHOOK_TIMEOUT_MS: '1000',
  WEBHOOK_RETRY_BASE_MS: '200',
  WEBHOOK_RETRY_MAX_MS: '400',
  WEBHOOK_DISABLE_AFTER_FAILURES: '4',
};
let t: TestDb;
let s: TestServer;
let worker: Worker;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  t = await createTestDb();
  s = await startTestServer({ testDb: t, env: ENV });
  receiver = await startReceiver();
  const config = loadConfig({ DATABASE_URL: t.url, ...ENV });
  worker = await startWorker(
    { config, db: t.db, clock: systemClock, log: createLogger('silent'), databaseUrl: t.url },
    { concurrency: 2 },
  );
});
afterAll(async () => {
  await worker.stop();
  await receiver.close();
  await s.close();
  await t.drop();
});

const CREATE = `mutation($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) { secret endpoint { id url events enabled } }
}`;
const ROTATE = `mutation($input: RotateWebhookSecretInput!) {
  rotateWebhookSecret(input: $input) { secret endpoint { id previousSecretExpiresAt } }
}`;
const ENDPOINT = `query($id: ID!) {
  webhookEndpoint(id: $id) {
    enabled disabledReason consecutiveFailures
    deliveries(first: 50) { edges { node { id eventId eventType status attempts responseCode latencyMs lastError replay } } }
  }
}`;
const REPLAY = `mutation($input: ReplayWebhookEventInput!) {
  replayWebhookEvent(input: $input) { id eventId replay status }
}`;

/** The documented receiver check (docs/webhooks.md), written out as a receiver would. */
function verify(header: string, secret: string, body: string): boolean {
  const parts = header.split(',');
  const t = parts.find((p) => p.startsWith('t='))!.slice(2);
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  if (Math.abs(Date.now() / 1000 - Number(t)) > 300) return false;
  return parts
    .filter((p) => p.startsWith('v1='))
    .some((p) => timingSafeEqual(Buffer.from(p.slice(3), 'hex'), expected));
}

async function setup(path: string, events?: string[]) {
  const p = await makeProgramWithKeys(t.db);
  const c = await makeCustomer(t.db, p.program.id);
  const r = await s.gql(
    CREATE,
    { input: { url: `${receiver.url}${path}`, description: 'test', ...(events ? { events } : {}) } },
    p.keys.admin,
  );
  expect(r.errors).toBeUndefined();
  const { secret, endpoint } = r.data!.createWebhookEndpoint;
  const buy = async () => {
    const b = await s.gql(RECORD, { input: purchaseInput(c.id) }, p.keys.pos);
    expect(b.errors).toBeUndefined();
    return b.data!.recordPurchase;
  };
  const log = async () => (await s.gql(ENDPOINT, { id: endpoint.id }, p.keys.admin)).data!.webhookEndpoint;
  return { ...p, c, secret: secret as string, endpoint, buy, log };
}

describe('webhook endpoints', () => {
  it('only admins manage them; the secret is shown once; unknown event types are refused', async () => {
    const p = await makeProgramWithKeys(t.db);
    const denied = await s.gql(CREATE, { input: { url: `${receiver.url}/ok` } }, p.keys.marketing);
    expect(denied.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const bad = await s.gql(CREATE, { input: { url: `${receiver.url}/ok`, events: ['nope'] } }, p.keys.admin);
    expect(bad.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    const ok = await s.gql(CREATE, { input: { url: `${receiver.url}/ok` } }, p.keys.admin);
    expect(ok.data!.createWebhookEndpoint.secret).toMatch(/^whsec_/);
    const list = await s.gql('{ webhookEndpoints { id url events } }', {}, p.keys.admin);
    expect(JSON.stringify(list.data)).not.toContain('whsec_');
  });

  it('private and loopback receivers are refused unless allowed, also behind a name (DNS)', async () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '192.168.1.1',
      '169.254.169.254',
      '::1',
      '::ffff:127.0.0.1',
      'fd00::1',
    ])
      expect(isPrivateAddress(a), a).toBe(true);
    for (const a of ['8.8.8.8', '2606:4700:4700::1111']) expect(isPrivateAddress(a), a).toBe(false);
    expect(await refusedUrl(new URL('http://127.0.0.1:9/'), false)).toMatch(/private or loopback/);
    expect(await refusedUrl(new URL('http://localhost:9/'), false)).toMatch(/private or loopback/);
    expect(await refusedUrl(new URL('http://127.0.0.1:9/'), true)).toBeNull();
    // At send time, the address actually connected to is checked: nothing reaches the receiver.
    const before = receiver.received.length;
    const sent = await postWebhook(
      `${receiver.url.replace('127.0.0.1', 'localhost')}/ok`,
      '{}',
      {},
      {
        timeoutMs: 1000,
        allowPrivate: false,
      },
    );
    expect(sent).toMatchObject({ ok: false, refused: true });
    expect(receiver.received.length).toBe(before);
  });

  it('a purchase is delivered signed with the documented algorithm, with a stable event id', async () => {
    const p = await setup('/ok/signed');
    const bought = await p.buy();
    const got = await eventually(
      async () => receiver.events(`/ok/signed`),
      (l) => l.length >= 2,
    );
    const types = got.map((g) => g.event.type).sort();
    expect(types).toEqual(['points.changed', 'purchase.recorded']);
    for (const g of got) {
      expect(verify(g.headers['regulars-signature'] as string, p.secret, g.body)).toBe(true);
      expect(verify(g.headers['regulars-signature'] as string, 'whsec_wrong', g.body)).toBe(false);
      expect(g.headers['regulars-event-id']).toBe(g.event.id);
    }
    const purchase = got.find((g) => g.event.type === 'purchase.recorded')!.event;
    expect(purchase.data).toMatchObject({
      customerId: p.c.id,
      purchaseId: bought.purchase.id,
      pointsEarned: 9,
    });
    const log = await eventually(p.log, (l) =>
      l.deliveries.edges.every((e: any) => e.node.status === 'SUCCEEDED'),
    );
    expect(log.deliveries.edges).toHaveLength(2);
    expect(log.deliveries.edges[0].node).toMatchObject({ attempts: 1, responseCode: 200, lastError: null });
  });

  it('during a rotation both secrets sign (two v1=); after an immediate one only the new', async () => {
    const p = await setup('/ok/rotate', ['purchase.recorded']);
    const r = await s.gql(ROTATE, { input: { id: p.endpoint.id, overlapMinutes: 60 } }, p.keys.admin);
    expect(r.errors).toBeUndefined();
    const fresh = r.data!.rotateWebhookSecret.secret as string;
    expect(fresh).not.toBe(p.secret);
    expect(r.data!.rotateWebhookSecret.endpoint.previousSecretExpiresAt).not.toBeNull();
    await p.buy();
    const [first] = await eventually(
      async () => receiver.events('/ok/rotate'),
      (l) => l.length >= 1,
    );
    const header = first!.headers['regulars-signature'] as string;
    expect(header.match(/v1=/g)).toHaveLength(2);
    expect(verify(header, fresh, first!.body)).toBe(true);
    expect(verify(header, p.secret, first!.body)).toBe(true);

    const again = await s.gql(ROTATE, { input: { id: p.endpoint.id, overlapMinutes: 0 } }, p.keys.admin);
    const newest = again.data!.rotateWebhookSecret.secret as string;
    await p.buy();
    const second = (
      await eventually(
        async () => receiver.events('/ok/rotate'),
        (l) => l.length >= 2,
      )
    )[1]!;
    const h2 = second.headers['regulars-signature'] as string;
    expect(h2.match(/v1=/g)).toHaveLength(1);
    expect(verify(h2, newest, second.body)).toBe(true);
    expect(verify(h2, fresh, second.body)).toBe(false);
  });

  it('a receiver that fails is retried with backoff, and disabled after a run of failures', async () => {
    expect(retryDelayMs(1, 1000, 60_000, () => 0)).toBe(500);
    expect(retryDelayMs(3, 1000, 60_000, () => 1)).toBe(4000);
    expect(retryDelayMs(30, 1000, 60_000, () => 1)).toBe(60_000);
    const p = await setup('/fail', ['purchase.recorded']);
    await p.buy();
    const log = await eventually(p.log, (l) => l.enabled === false, 30_000);
    expect(log.disabledReason).toMatch(/4 failed deliveries in a row/);
    const d = log.deliveries.edges[0].node;
    expect(d).toMatchObject({ responseCode: 500, lastError: 'HTTP 500', eventType: 'purchase.recorded' });
    expect(d.attempts).toBeGreaterThanOrEqual(4);
    // The attempts came apart (backoff), each one POST. An attempt counts when it is claimed,
    // before its POST: one claimed as the endpoint was being disabled may still be on its way.
    const counts = await eventually(
      async () => {
        const attempts = (await p.log()).deliveries.edges[0].node.attempts as number;
        const hits = receiver.events('/fail').filter((h) => h.event.id === d.eventId).length;
        return { attempts, hits };
      },
      (c) => c.hits === c.attempts,
      10_000,
    );
    expect(counts.hits).toBe(counts.attempts);
    const audit = await t.db('audit_log').where({ program_id: p.program.id, action: 'webhook.disabled' });
    expect(audit).toHaveLength(1);
    // The admins' email notice is a job of its own; it ran without failing.
    const notices = await t.db.raw(
      `SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier = 'webhook_disabled_notice'`,
    );
    await eventually(
      async () =>
        (
          await t.db.raw(
            `SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier = 'webhook_disabled_notice'`,
          )
        ).rows[0].n,
      (n) => n === 0,
    );
    expect(notices.rows[0].n).toBeLessThanOrEqual(1);
    // Disabled: a new event is not sent there.
    await p.buy();
    await new Promise((r) => setTimeout(r, 1500));
    expect(receiver.events('/fail').filter((h) => h.event.id !== d.eventId)).toHaveLength(0);
  });

  it('slow, closing and redirecting receivers fail with the reason in the log (redirects not followed)', async () => {
    for (const [path, reason] of [
      ['/slow', /No answer within 1000 ms/],
      ['/close', /Connection closed/],
      ['/redirect', /Redirect to \/ok not followed/],
    ] as const) {
      const p = await setup(path, ['purchase.recorded']);
      await p.buy();
      const log = await eventually(p.log, (l) => l.deliveries.edges[0]?.node.lastError != null, 20_000);
      const d = log.deliveries.edges[0].node;
      expect(d.lastError, path).toMatch(reason);
      expect(['RETRYING', 'SENDING', 'FAILED']).toContain(d.status);
      if (path === '/redirect') expect(d.responseCode).toBe(307);
    }
    // The redirect's target was never called by us.
    expect(receiver.received.filter((r) => r.path === '/ok')).toHaveLength(0);
  });

  it('replay sends the same event (same id and body) again as a new delivery', async () => {
    const p = await setup('/ok/replay', ['purchase.recorded']);
    await p.buy();
    const [first] = await eventually(
      async () => receiver.events('/ok/replay'),
      (l) => l.length >= 1,
    );
    const r = await s.gql(
      REPLAY,
      { input: { endpointId: p.endpoint.id, eventId: first!.event.id } },
      p.keys.admin,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.replayWebhookEvent).toMatchObject({ eventId: first!.event.id, replay: true });
    const both = await eventually(
      async () => receiver.events('/ok/replay'),
      (l) => l.length >= 2,
    );
    expect(both[1]!.event.id).toBe(first!.event.id);
    expect(both[1]!.body).toBe(first!.body);
    expect(verify(both[1]!.headers['regulars-signature'] as string, p.secret, both[1]!.body)).toBe(true);
    const missing = await s.gql(
      REPLAY,
      { input: { endpointId: p.endpoint.id, eventId: '00000000-0000-4000-8000-000000000000' } },
      p.keys.admin,
    );
    expect(missing.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
  });

  it('exactly one event per change under 30 concurrent purchases', async () => {
    const p = await setup('/ok/many', ['purchase.recorded', 'points.changed']);
    const bought = await Promise.all(Array.from({ length: 30 }, () => p.buy()));
    const got = await eventually(
      async () => receiver.events('/ok/many'),
      (l) => l.length >= 60,
      60_000,
    );
    // A moment more: nothing else arrives.
    await new Promise((r) => setTimeout(r, 1000));
    const all = receiver.events('/ok/many');
    expect(all).toHaveLength(60);
    expect(new Set(all.map((g) => g.event.id)).size).toBe(60);
    const purchases = all
      .filter((g) => g.event.type === 'purchase.recorded')
      .map((g) => g.event.data.purchaseId);
    expect(purchases.sort()).toEqual(bought.map((b) => b.purchase.id).sort());
    expect(got.filter((g) => g.event.type === 'points.changed')).toHaveLength(30);
    // Recorded once each too (the customer's enrolment is the one other event).
    const recorded = await t
      .db('domain_events')
      .where({ program_id: p.program.id })
      .whereIn('type', ['purchase.recorded', 'points.changed'])
      .count('* as n')
      .first();
    expect(Number(recorded!.n)).toBe(60);
  });
});
