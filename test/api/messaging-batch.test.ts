import { generateKeyPairSync } from 'node:crypto';
import type { Socket } from 'node:net';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { scoped } from '../../src/db/scoped';
import type { JobDeps } from '../../src/jobs/registry';
import { createLogger } from '../../src/logger';
import { UpdateContactPreferencesInput } from '../../src/modules/customers/customers.inputs';
import { updateContactPreferences } from '../../src/modules/customers/customers.service';
import {
  deliverMessage,
  deliverNewsletter,
  sweepStaleSending,
  waitingNewsletters,
} from '../../src/modules/messaging/messaging.delivery';
import { queueMessage } from '../../src/modules/messaging/messaging.service';
import {
  CreateNewsletterInput,
  createNewsletter,
  fanOutBatch,
  SendNewsletterInput,
  sendNewsletter,
} from '../../src/modules/messaging/newsletters.service';
import { ManualClock } from '../../src/shared/clock';
import type { RequestContext } from '../../src/shared/context';
import { parseInput } from '../../src/shared/errors';
import { createTestDb, type TestDb } from '../helpers/db';
import { makeCustomer, makeProgram } from '../helpers/factories';

// Batched delivery (issue 13, ADR 0020): a newsletter's messages claimed, checked and rendered
// per batch, sent over pooled SMTP to a real server, results marked per group, with every
// promise of the one-message path kept.
const clock = new ManualClock('2026-03-02T15:00:00Z');
const HOUR = 3_600_000;

/** Per recipient: copies the server accepted, the last one's header block; and how it treats some recipients. */
const copies = new Map<string, number>();
const heads = new Map<string, string>();
const temporarilyRefused = new Set<string>();
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onRcptTo(address, _session, cb) {
    if (address.address.startsWith('refused'))
      return cb(Object.assign(new Error('No such user'), { responseCode: 550 }));
    if (temporarilyRefused.has(address.address))
      return cb(Object.assign(new Error('Try again later'), { responseCode: 451 }));
    cb();
  },
  onData(stream, session: SMTPServerSession, cb) {
    let data = '';
    stream.on('data', (d: Buffer) => {
      data += d;
    });
    stream.on('end', () => {
      const to = session.envelope.rcptTo[0]!.address;
      copies.set(to, (copies.get(to) ?? 0) + 1);
      heads.set(to, data.split('\r\n\r\n')[0]!);
      if (to.startsWith('dropped')) {
        // The data arrived, the reply never does: the connection drops.
        for (const c of smtp.connections as Set<{ id: string; _socket: Socket }>)
          if (c.id === session.id) c._socket.destroy();
        return;
      }
      cb();
    });
  },
});
smtp.on('error', () => {});

let t: TestDb;
let deps: JobDeps;
let programId: string;
let ctx: RequestContext;
const actor = { kind: 'system' as const, id: 'test', role: 'admin' as const };

beforeAll(async () => {
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  t = await createTestDb();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: t.url,
    SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as { port: number }).port}`,
    UNSUBSCRIBE_SECRET: 'unsubscribe-secret-for-tests',
    MAIL_FROM: 'Corner Café <hello@corner.example>',
    DKIM_DOMAIN: 'corner.example',
    DKIM_SELECTOR: 'r1',
    DKIM_PRIVATE_KEY: generateKeyPairSync('rsa', { modulusLength: 1024 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString(),
    SMTP_POOL_SIZE: '4',
    DELIVERY_BATCH_SIZE: '5',
    MESSAGE_MAX_ATTEMPTS: '3',
  });
  deps = { config, db: t.db, clock, log: createLogger('silent') };
  const program = await makeProgram(t.db, { timeZone: 'UTC' });
  programId = program.id;
  ctx = {
    programId,
    q: scoped(t.db, programId),
    viewer: { kind: 'api_key', programId, role: 'admin', keyId: 'test' } as RequestContext['viewer'],
    actor,
    clock,
  };
});
afterAll(async () => {
  await t.drop();
  await new Promise<void>((r) => smtp.close(() => r()));
});

type Prefs = Record<string, unknown>;
/** Each test writes to readers of its own topic, so audiences do not overlap. */
let topic = 'recipes';
const subscribed = (): Prefs => ({
  consents: [{ channel: 'EMAIL', granted: true }],
  newsletterTopics: [topic],
});

/** A returning customer (one purchase) with these preferences. */
async function reader(email: string, prefs: Prefs = subscribed(), profile: Record<string, unknown> = {}) {
  const c = await makeCustomer(t.db, programId, { email, firstName: email.split('@')[0], ...profile }, clock);
  await updateContactPreferences(
    ctx,
    parseInput(UpdateContactPreferencesInput, { customerId: c.id, ...prefs }),
  );
  await t.db.raw(
    `INSERT INTO purchases (program_id, customer_id, external_id, store_code, occurred_at, recorded_at,
                            currency, total_minor, earn_weight, points_earned)
     VALUES (?, ?, ?, 'main', ?, ?, 'USD', 900, 900, 9)`,
    [programId, c.id, `r-${c.id}`, clock.now(), clock.now()],
  );
  return c;
}

async function newsletter(title: string): Promise<string> {
  const n = await createNewsletter(
    ctx,
    parseInput(CreateNewsletterInput, {
      title,
      topic,
      subject: `${title}, {{ customer.firstName }}`,
      body: '<p>Hi {{ customer.firstName }}, soak the oats overnight.</p>',
      audience: { minPurchases: 1 },
    }),
  );
  await sendNewsletter(ctx, parseInput(SendNewsletterInput, { newsletterId: n.id }));
  // One batch covers these small audiences (FANOUT_BATCH is 5000).
  expect(await fanOutBatch(deps, { programId, newsletterId: n.id, after: null })).toBeGreaterThan(0);
  return n.id;
}

async function byRecipient(newsletterId: string) {
  const rows = await t
    .db('messages as m')
    .join('customers as c', function () {
      this.on('c.program_id', 'm.program_id').andOn('c.id', 'm.customer_id');
    })
    .where({ 'm.program_id': programId, 'm.newsletter_id': newsletterId })
    .select('c.email', 'm.status', 'm.error', 'm.attempts', 'm.send_after');
  return Object.fromEntries(rows.map((r) => [r.email, r]));
}

const run = (newsletterId: string, claimedBy = 'run:1') =>
  deliverNewsletter(deps, { programId, newsletterId }, { claimedBy });

describe('a newsletter delivered in batches', () => {
  it('keeps every promise of the one-message path: checks at send time, reasons, retries, unknown outcomes', async () => {
    const plain = ['ana', 'bea', 'cai', 'dora', 'eli', 'fay', 'gus'];
    for (const name of plain) await reader(`${name}@example.com`);
    const changedMind = await reader('changed-mind@example.com');
    const leftTopic = await reader('left-topic@example.com');
    await reader(
      'tokyo@example.com',
      { ...subscribed(), quietHoursStart: 21 * 60, quietHoursEnd: 8 * 60 },
      {
        timeZone: 'Asia/Tokyo', // 00:00 there: quiet until 08:00 local (23:00 UTC)
      },
    );
    const busy = await reader('busy@example.com');
    await reader('refused@example.com');
    await reader('later@example.com');
    await reader('dropped@example.com');
    await reader('never@example.com', {
      consents: [{ channel: 'EMAIL', granted: false }],
      newsletterTopics: ['recipes'],
    });
    // Busy: four messages this week already (the contact budget).
    for (let i = 0; i < 4; i++) {
      const m = await ctx.q.transaction((q) =>
        queueMessage(q, clock.now(), {
          customerId: busy.id,
          kind: 'NOTICE',
          templateKey: 'points_expiring',
          dedupeKey: `busy:${i}`,
        }),
      );
      await t
        .db('messages')
        .where({ id: m.messageId })
        .update({ status: 'SENT', sent_at: new Date(clock.now().getTime() - (i + 1) * 24 * HOUR) });
    }

    const id = await newsletter('Porridge');
    expect(Object.keys(await byRecipient(id))).toHaveLength(14); // everyone with consent
    // After the fan-out, before the send: one withdraws consent, one leaves the topic.
    await updateContactPreferences(
      ctx,
      parseInput(UpdateContactPreferencesInput, {
        customerId: changedMind.id,
        consents: [{ channel: 'EMAIL', granted: false }],
      }),
    );
    await updateContactPreferences(
      ctx,
      parseInput(UpdateContactPreferencesInput, { customerId: leftTopic.id, newsletterTopics: [] }),
    );
    temporarilyRefused.add('later@example.com');

    const first = await run(id);
    expect(first).toMatchObject({ claimed: 14, more: false, unknown: [] });
    const after = await byRecipient(id);
    for (const name of plain) expect(after[`${name}@example.com`].status).toBe('SENT');
    expect(after['changed-mind@example.com']).toMatchObject({
      status: 'SUPPRESSED',
      error: 'no EMAIL consent',
    });
    expect(after['left-topic@example.com']).toMatchObject({
      status: 'SUPPRESSED',
      error: 'not subscribed to recipes',
    });
    expect(after['busy@example.com']).toMatchObject({
      status: 'SUPPRESSED',
      error: 'contact budget used up',
    });
    expect(after['tokyo@example.com']).toMatchObject({ status: 'DEFERRED', error: 'quiet hours' });
    expect(after['tokyo@example.com'].send_after.toISOString()).toBe('2026-03-02T23:00:00.000Z');
    expect(after['refused@example.com']).toMatchObject({
      status: 'FAILED',
      error: expect.stringMatching(/^SMTP 550/),
    });
    expect(after['dropped@example.com']).toMatchObject({
      status: 'UNKNOWN',
      error: expect.stringMatching(/outcome unknown/),
    });
    // 4xx: back to the queue with graphile-worker's backoff (e^1 s after the first attempt).
    expect(after['later@example.com']).toMatchObject({
      status: 'QUEUED',
      attempts: 1,
      error: expect.stringMatching(/451/),
    });
    expect(after['later@example.com'].send_after.getTime()).toBe(clock.now().getTime() + 2718);
    expect(after['never@example.com']).toBeUndefined();
    // The next waiting message is the retry, due in 2.7 s.
    expect(first.nextDueAt).toEqual(new Date(clock.now().getTime() + 2718));

    clock.advance(2000);
    expect(await run(id)).toMatchObject({ claimed: 0 }); // not yet due
    temporarilyRefused.clear();
    clock.advance(1000);
    expect(await run(id)).toMatchObject({ claimed: 1, outcomes: { sent: 1 } });
    expect((await byRecipient(id))['later@example.com']).toMatchObject({ status: 'SENT', attempts: 2 });
    clock.set('2026-03-02T23:00:00Z');
    expect(await run(id)).toMatchObject({ claimed: 1, outcomes: { sent: 1 }, nextDueAt: null });

    // One copy each for everyone sent (and for the dropped one, which is UNKNOWN); none to the
    // others.
    const sent = [...plain, 'later', 'tokyo', 'dropped'].map((n) => `${n}@example.com`).sort();
    expect([...copies.keys()].sort()).toEqual(sent);
    expect([...copies.values()].every((n) => n === 1)).toBe(true);
    expect(await run(id)).toMatchObject({ claimed: 0, nextDueAt: null });
    // Over the pool as one at a time: signed (DKIM over the one-click headers), its own Message-ID.
    const head = heads.get('ana@example.com')!.replace(/\r\n\s+/g, ' ');
    expect(head).toMatch(/^DKIM-Signature: .*d=corner\.example/m);
    expect(head.toLowerCase()).toMatch(/h=[^;]*list-unsubscribe:\s*list-unsubscribe-post/);
    expect(head).toMatch(/^Message-ID: <[\w-]+@corner\.example>$/m);
    expect(head).toMatch(/^Subject: Porridge, ana$/m);
  });

  it('a run that died is followed by one that sends what it had only claimed and calls UNKNOWN what it had handed over', async () => {
    topic = 'soup';
    const names = ['h1', 'h2', 'u1', 'u2', 'u3'];
    for (const n of names) await reader(`${n}@example.org`);
    const id = await newsletter('Soup');
    // As a run killed mid-batch leaves them: claimed by its job, two handed to SMTP.
    const rows = await byRecipient(id);
    const q = scoped(t.db, programId);
    await q('messages')
      .where({ newsletter_id: id })
      .update({ status: 'SENDING', claimed_by: 'job:7', attempts: 1, sent_at: clock.now() });
    const handed = await q('messages')
      .where({ newsletter_id: id })
      .whereIn(
        'customer_id',
        q('customers').whereIn('email', ['h1@example.org', 'h2@example.org']).select('id'),
      )
      .update({ handed_at: clock.now() })
      .returning('id');
    expect(Object.keys(rows)).toHaveLength(5);
    // The one-message path leaves a row a batch claimed alone.
    const unhanded = await q('messages').where({ newsletter_id: id }).whereNull('handed_at').first();
    expect(await deliverMessage(deps, { programId, messageId: unhanded.id })).toBe('claimed elsewhere');

    const r = await run(id, 'job:7');
    expect(r.unknown.sort()).toEqual(handed.map((h: { id: string }) => h.id).sort());
    expect(r).toMatchObject({ claimed: 3, outcomes: { released: 3, sent: 3 } });
    const after = await byRecipient(id);
    expect(Object.fromEntries(names.map((n) => [n, after[`${n}@example.org`].status]))).toEqual({
      h1: 'UNKNOWN',
      h2: 'UNKNOWN',
      u1: 'SENT',
      u2: 'SENT',
      u3: 'SENT',
    });
    for (const n of ['u1', 'u2', 'u3']) expect(after[`${n}@example.org`].attempts).toBe(1);
    for (const n of ['h1', 'h2']) expect(copies.get(`${n}@example.org`)).toBeUndefined();
  });

  it('the sweep puts rows a dead batch only claimed back in the queue, and finds their newsletter', async () => {
    topic = 'bread';
    await reader('swept@example.net');
    const id = await newsletter('Bread');
    const q = scoped(t.db, programId);
    await q('messages')
      .where({ newsletter_id: id })
      .update({
        status: 'SENDING',
        claimed_by: 'job:99',
        updated_at: new Date(clock.now().getTime() - HOUR),
      });
    expect(await sweepStaleSending(deps)).toBe(0); // none was handed over: none is unknown
    expect(await q('messages').where({ newsletter_id: id }).first()).toMatchObject({
      status: 'QUEUED',
      claimed_by: null,
    });
    expect(await waitingNewsletters(deps)).toContainEqual({ programId, newsletterId: id });
    expect(await run(id)).toMatchObject({ claimed: 1, outcomes: { sent: 1 } });
  });

  it('costs a fixed number of statements per batch, not per message', async () => {
    topic = 'jam';
    for (let i = 0; i < 20; i++) await reader(`bulk${i}@example.com`);
    const id = await newsletter('Jam');
    const seen: string[] = [];
    const listen = (q: { sql: string }) => seen.push(q.sql.replace(/\s+/g, ' ').trim());
    t.db.on('query', listen);
    const big = { ...deps, config: Object.freeze({ ...deps.config, DELIVERY_BATCH_SIZE: 25 }) };
    const r = await deliverNewsletter(big, { programId, newsletterId: id }, { claimedBy: 'run:bulk' });
    t.db.off('query', listen);
    expect(r).toMatchObject({ claimed: 20, outcomes: { sent: 20 } });
    const count = (re: RegExp) => seen.filter((s) => re.test(s)).length;
    // One claim, one lock statement, one facts statement, one write for all 20 messages (a
    // batch of 25 that did not fill: no second claim).
    expect(count(/FOR UPDATE SKIP LOCKED/)).toBe(1);
    expect(count(/pg_advisory_xact_lock/)).toBe(1);
    expect(count(/^SELECT \(SELECT json_build_object/)).toBe(1);
    expect(count(/^UPDATE messages m SET status = v\.status/)).toBe(1);
    // Hand-offs one per group of SMTP_POOL_SIZE (4) or more (groups grow when senders wait);
    // results marked per group or fewer.
    expect(count(/^UPDATE messages SET handed_at/)).toBeLessThanOrEqual(5);
    expect(count(/^UPDATE messages m SET status = r\.status/)).toBeLessThanOrEqual(10);
    // With the recovery before and the next-due read after, and BEGIN and COMMIT.
    expect(seen.length).toBeLessThanOrEqual(1 + 6 + 5 + 10 + 1);
  });
});
