import type { ChildProcess } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { scoped } from '../../src/db/scoped';
import {
  CreateNewsletterInput,
  createNewsletter,
  fanOutBatch,
  SendNewsletterInput,
  sendNewsletter,
} from '../../src/modules/messaging/newsletters.service';
import { systemClock } from '../../src/shared/clock';
import { parseInput } from '../../src/shared/errors';
import { makeProgram } from '../helpers/factories';
import { jobDeps } from '../helpers/jobs';
import { endReasons, jobsDrained, statusCounts } from '../helpers/messages';
import { PROCESS_TEST_TIMEOUT } from '../helpers/process';
import { processesOnTestDb } from '../helpers/processes';
import { sinkSmtp } from '../helpers/smtp';
import { eventually } from '../helpers/wait';

// Issue 13: a worker process killed with SIGKILL in the middle of a 2,000-recipient newsletter
// delivered in batches, then a second worker started. No recipient gets two copies (counted
// at a real SMTP server), nobody without consent gets any, every message that was not in
// flight at the kill is delivered, and the few in flight are recorded as outcome unknown.
const RECIPIENTS = 2000;
const NO_CONSENT = 100; // never consented: not in the audience
const WITHDRAWN = 50; // in the audience, withdrew before their message went
const POOL = 8;
const RECOVERY_MS = 3000;

const copies = new Map<string, number>();
// A provider that takes a moment: sends are in flight at the kill.
const smtp = sinkSmtp(10, (to) => {
  for (const r of to) copies.set(r, (copies.get(r) ?? 0) + 1);
});
let smtpUrl: string;
const procs = processesOnTestDb('SIGKILL', { afterKill: () => smtp.close(), timeout: 60_000 });

beforeAll(async () => {
  smtpUrl = await smtp.start();
});

function startWorker(): ChildProcess {
  return procs.spawn('src/main.ts', ['--worker'], {
    DATABASE_URL: procs.t.url,
    SMTP_URL: smtpUrl,
    UNSUBSCRIBE_SECRET: 'unsubscribe-secret-for-tests',
    WORKER_RECOVERY_MS: String(RECOVERY_MS),
    SMTP_POOL_SIZE: String(POOL),
  });
}

describe('a worker killed with -9 in the middle of a newsletter', () => {
  it('no copy twice, none without consent, the rest delivered, the in-flight few UNKNOWN', {
    timeout: PROCESS_TEST_TIMEOUT,
  }, async () => {
    const program = await makeProgram(procs.t.db);
    const p = program.id;
    const total = RECIPIENTS + NO_CONSENT;
    await procs.t.db.raw(
      `INSERT INTO customers (program_id, external_id, email, first_name, enrolled_at, updated_at)
       SELECT ?, 'k-' || g, 'k' || g || '@example.com', 'Reader ' || g, now(), now()
         FROM generate_series(1, ?) g`,
      [p, total],
    );
    await procs.t.db.raw(
      `INSERT INTO contact_consents (program_id, customer_id, channel, state, source, changed_at)
       SELECT program_id, id, 'EMAIL',
              CASE WHEN substring(external_id FROM 3)::int > ? THEN 'DENIED' ELSE 'GRANTED' END, 'test', now()
         FROM customers WHERE program_id = ?`,
      [RECIPIENTS, p],
    );
    await procs.t.db.raw(
      `INSERT INTO contact_preferences (program_id, customer_id, newsletter_topics, updated_at)
       SELECT program_id, id, '{recipes}', now() FROM customers WHERE program_id = ?`,
      [p],
    );
    await procs.t.db.raw(
      `INSERT INTO purchases (program_id, customer_id, external_id, store_code, occurred_at, recorded_at,
                              currency, total_minor, earn_weight, points_earned)
       SELECT program_id, id, external_id, 'main', now(), now(), 'USD', 900, 900, 9
         FROM customers WHERE program_id = ?`,
      [p],
    );
    const actor = { kind: 'system' as const, id: 'test', role: 'admin' };
    const ctx = { programId: p, q: scoped(procs.t.db, p), viewer: null, actor, clock: systemClock };
    const nl = await createNewsletter(
      ctx,
      parseInput(CreateNewsletterInput, {
        title: 'Porridge',
        topic: 'recipes',
        subject: 'Winter porridge, {{ customer.firstName }}',
        body: '<p>Hi {{ customer.firstName }}, soak 80 g of oats overnight in 250 ml of milk.</p>',
      }),
    );
    await sendNewsletter(ctx, parseInput(SendNewsletterInput, { newsletterId: nl.id }));
    // The fan-out here (its delivery jobs wait in the outbox for the worker), then some
    // readers withdraw their consent before anything is sent.
    const deps = jobDeps(procs.t, systemClock);
    expect(await fanOutBatch(deps, { programId: p, newsletterId: nl.id, after: null })).toBe(RECIPIENTS);
    const withdrawn: string[] = await procs.t
      .db('customers')
      .where({ program_id: p })
      .whereRaw('substring(external_id FROM 3)::int % 40 = 0 AND substring(external_id FROM 3)::int <= ?', [
        RECIPIENTS,
      ])
      .pluck('email');
    expect(withdrawn).toHaveLength(WITHDRAWN);
    await procs.t
      .db('contact_consents')
      .where({ program_id: p })
      .whereIn(
        'customer_id',
        procs.t.db('customers').where({ program_id: p }).whereIn('email', withdrawn).select('id'),
      )
      .update({ state: 'DENIED' });

    const first = startWorker();
    await eventually(
      () => statusCounts(procs.t.db, p),
      (c) => (c.SENT ?? 0) >= 300,
      120_000,
    );
    first.kill('SIGKILL');
    await new Promise((r) => first.once('close', r));
    const atKill = await statusCounts(procs.t.db, p);
    const rows = () =>
      procs.t
        .db('messages as m')
        .join('customers as c', function () {
          this.on('c.program_id', 'm.program_id').andOn('c.id', 'm.customer_id');
        })
        .where({ 'm.program_id': p, 'm.newsletter_id': nl.id });
    const inFlight: string[] = await rows()
      .where({ 'm.status': 'SENDING' })
      .whereNotNull('m.handed_at')
      .pluck('c.email');
    const claimedOnly: string[] = await rows()
      .where({ 'm.status': 'SENDING' })
      .whereNull('m.handed_at')
      .pluck('c.email');
    expect(atKill.SENT ?? 0).toBeLessThan(RECIPIENTS - WITHDRAWN); // killed in the middle

    startWorker();
    const done = await eventually(
      () => statusCounts(procs.t.db, p),
      (c) => !c.QUEUED && !c.SENDING && !c.DEFERRED,
      120_000,
    );
    const unknown: string[] = (await rows().where({ 'm.status': 'UNKNOWN' }).pluck('c.email')).sort();
    const sent: string[] = await rows().where({ 'm.status': 'SENT' }).pluck('c.email');

    // Nobody twice; nobody without consent.
    expect([...copies.entries()].filter(([, n]) => n > 1)).toEqual([]);
    for (const email of withdrawn) expect(copies.get(email)).toBeUndefined();
    for (let i = RECIPIENTS + 1; i <= total; i++) expect(copies.get(`k${i}@example.com`)).toBeUndefined();
    expect(done.SUPPRESSED).toBe(WITHDRAWN);
    // Exactly what was in flight (handed to SMTP, no result recorded) at the kill is UNKNOWN;
    // what had only been claimed was sent after all.
    expect(unknown).toEqual([...inFlight].sort());
    for (const email of claimedOnly) expect(sent).toContain(email);
    // Everything else was delivered, once.
    expect(done, await endReasons(procs.t.db, p)).toEqual({
      SENT: RECIPIENTS - WITHDRAWN - unknown.length,
      SUPPRESSED: WITHDRAWN,
      ...(unknown.length ? { UNKNOWN: unknown.length } : {}),
    });
    for (const email of sent) expect(copies.get(email)).toBe(1);
    // A few: the rows handed over (a group or two of the pool's size, up to four pools' worth
    // when the database is slow) and the results not yet marked; not the claimed batches.
    expect(unknown.length).toBeLessThanOrEqual(RECIPIENTS / 20);
    expect(unknown.length).toBeLessThan(claimedOnly.length + unknown.length);
    expect(await jobsDrained(procs.t.db, 'deliver_newsletter')).toBe(0);
    console.log(
      'newsletter-kill figures',
      JSON.stringify({
        recipients: RECIPIENTS,
        atKill,
        claimedOnlyAtKill: claimedOnly.length,
        done,
        unknown: unknown.map((e) => ({ email: e, copiesAtServer: copies.get(e) ?? 0 })),
      }),
    );
  });
});
