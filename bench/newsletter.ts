/**
 * `npm run bench:newsletter`: a newsletter fanned out to BENCH_RECIPIENTS (default 100,000)
 * returning customers on a fresh embedded PostgreSQL, beside a plain batch insert of the same
 * message rows (the database's limit for writing them). Phases:
 *
 *   baseline   INSERT of the same rows, 500 per statement, in one transaction per batch
 *   fan-out    the newsletter_fanout job's batches: audience query + message rows + outbox rows
 *   deliver    the deliver_message job for every message (policy checks, render, claim, SMTP
 *              to a local smtp-server sink over a pooled connection), BENCH_CONCURRENCY at once
 *
 * Results go to bench/results/newsletter-<timestamp>.json and a summary to stdout.
 */
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { loadConfig } from '../src/config';
import { scoped } from '../src/db/scoped';
import { createLogger } from '../src/logger';
import { deliverMessage } from '../src/modules/messaging/messaging.delivery';
import {
  createNewsletter,
  FANOUT_BATCH,
  fanOutBatch,
  sendNewsletter,
} from '../src/modules/messaging/newsletters.service';
import { systemClock } from '../src/shared/clock';
import { makeProgram } from '../test/helpers/factories';
import { openBenchDatabase } from './harness';

const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS ?? 100_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
/** Deliver only this many (delivery is the slow phase; its rate does not depend on the total). */
const DELIVER = Number(process.env.BENCH_DELIVER ?? Number.POSITIVE_INFINITY);
const POOL = CONCURRENCY + 2;

async function main() {
  let received = 0;
  const sink = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _s, cb) {
      stream.on('data', () => {});
      stream.on('end', () => {
        received++;
        cb();
      });
    },
  });
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
  const smtpPort = (sink.server.address() as AddressInfo).port;

  const bench = await openBenchDatabase(POOL);
  const { db } = bench;
  try {
    const program = await makeProgram(db, { slug: 'bench', currency: 'USD' });
    const p = program.id;
    await db.raw(
      `INSERT INTO customers (program_id, external_id, email, first_name, enrolled_at, updated_at)
       SELECT ?, 'bench-' || g, 'c' || g || '@example.com', 'Customer ' || g, now(), now()
         FROM generate_series(1, ?) g`,
      [p, RECIPIENTS],
    );
    await db.raw(
      `INSERT INTO contact_consents (program_id, customer_id, channel, state, source, changed_at)
       SELECT program_id, id, 'EMAIL', 'GRANTED', 'bench', now() FROM customers WHERE program_id = ?`,
      [p],
    );
    await db.raw(
      `INSERT INTO contact_preferences (program_id, customer_id, newsletter_topics, updated_at)
       SELECT program_id, id, '{recipes}', now() FROM customers WHERE program_id = ?`,
      [p],
    );
    // Returning customers: two purchases each.
    await db.raw(
      `INSERT INTO purchases (program_id, customer_id, external_id, store_code, occurred_at, recorded_at,
                              currency, total_minor, earn_weight, points_earned)
       SELECT c.program_id, c.id, c.external_id || '-' || n, 'main', now() - n * interval '3 days', now(),
              'USD', 900, 900, 9
         FROM customers c, generate_series(1, 2) n WHERE c.program_id = ?`,
      [p],
    );
    await db.raw('ANALYZE');
    process.stdout.write(`seeded ${RECIPIENTS} returning customers\n`);

    const ids: string[] = (await db('customers').where({ program_id: p }).orderBy('id').select('id')).map(
      (r) => r.id,
    );

    // Baseline: the same rows written as plainly as possible.
    let t = performance.now();
    const fakeNewsletter = randomUUID();
    for (let i = 0; i < ids.length; i += FANOUT_BATCH) {
      await db.transaction(async (trx) => {
        await trx('messages').insert(
          ids.slice(i, i + FANOUT_BATCH).map((customerId) => ({
            program_id: p,
            customer_id: customerId,
            channel: 'EMAIL',
            kind: 'NEWSLETTER',
            topic: 'recipes',
            newsletter_id: fakeNewsletter,
            template_key: `newsletter:${fakeNewsletter}`,
            data: '{}',
            status: 'QUEUED',
            dedupe_key: `base:${customerId}`,
            queued_at: new Date(),
            updated_at: new Date(),
          })),
        );
      });
    }
    const baselineS = (performance.now() - t) / 1000;
    await db('messages').where({ program_id: p, newsletter_id: fakeNewsletter }).delete();
    await db.raw('VACUUM ANALYZE messages');

    const actor = { kind: 'system' as const, id: 'bench', role: 'admin' };
    const ctx = {
      programId: p,
      q: scoped(db, p),
      viewer: { kind: 'api_key' as const, programId: p, role: 'admin' as const, keyId: 'bench' },
      actor,
      clock: systemClock,
    };
    const nl = await createNewsletter(ctx, {
      title: 'Winter porridge',
      topic: 'recipes',
      subject: 'Winter porridge, and our holiday hours',
      body: '<p>Hi {{ customer.firstName }}, soak 80 g of oats overnight in 250 ml of milk.</p><p>Open 8:00–14:00 on 24 December.</p>',
      audience: { minPurchases: 2, purchasedWithinDays: 30 },
    });
    await sendNewsletter(ctx, { newsletterId: nl.id });
    await db('outbox').delete(); // the fan-out is driven here, batch after batch

    const config = loadConfig({
      DATABASE_URL: bench.url,
      ...(process.env.BENCH_NO_SMTP
        ? {}
        : { SMTP_URL: `smtp://127.0.0.1:${smtpPort}/?pool=true&maxConnections=${CONCURRENCY}` }),
      LOG_LEVEL: 'silent',
    });
    const deps = { config, db, clock: systemClock, log: createLogger('silent') };
    t = performance.now();
    let after: string | null = null;
    let fanned = 0;
    for (;;) {
      const n = await fanOutBatch(deps, { programId: p, newsletterId: nl.id, after });
      fanned += n;
      if (n < FANOUT_BATCH) break;
      after = ids[fanned - 1]!; // fan-out walks the audience in id order
    }
    const fanoutS = (performance.now() - t) / 1000;
    await db('outbox').delete();

    const messageIds: string[] = (
      await db('messages').where({ program_id: p, newsletter_id: nl.id }).select('id')
    )
      .map((r) => r.id)
      .slice(0, DELIVER);
    t = performance.now();
    let next = 0;
    const outcomes: Record<string, number> = {};
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < messageIds.length) {
          const id = messageIds[next++]!;
          const o = await deliverMessage(deps, { programId: p, messageId: id }).catch((e) => `error: ${e}`);
          outcomes[o] = (outcomes[o] ?? 0) + 1;
        }
      }),
    );
    const deliverS = (performance.now() - t) / 1000;
    await db('outbox').delete();

    const results = {
      at: new Date().toISOString(),
      recipients: RECIPIENTS,
      fannedOut: fanned,
      delivered: messageIds.length,
      concurrency: CONCURRENCY,
      baselineInsertPerS: Math.round(ids.length / baselineS),
      fanoutPerS: Math.round(fanned / fanoutS),
      fanoutVsBaseline: Math.round((fanned / fanoutS / (ids.length / baselineS)) * 100) / 100,
      deliverPerS: Math.round(messageIds.length / deliverS),
      deliverVsBaseline: Math.round((messageIds.length / deliverS / (ids.length / baselineS)) * 1000) / 1000,
      received,
      outcomes,
      seconds: { baseline: baselineS, fanout: fanoutS, deliver: deliverS },
    };
    await writeFile(
      path.join('bench/results', `newsletter-${results.at.replace(/[:.]/g, '-')}.json`),
      `${JSON.stringify(results, null, 2)}\n`,
    );
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  } finally {
    await bench.close();
    await new Promise((r) => sink.close(() => r(null)));
  }
}

main().catch((err) => {
  process.stderr.write(`${err?.stack ?? err}\n`);
  process.exit(1);
});
