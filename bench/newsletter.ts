/**
 * `npm run bench:newsletter`: a newsletter to BENCH_RECIPIENTS (default 100,000) returning
 * customers on a fresh embedded PostgreSQL, delivered to a local SMTP sink (`smtp-server`, in
 * this process). Phases, in one run:
 *
 *   baseline   a plain INSERT of the same message rows, FANOUT_BATCH per statement, one
 *              transaction per batch (the database's rate for writing them)
 *   fan-out    the newsletter_fanout job's batches, called here one after another: audience,
 *              message rows with dedupe keys and the delivery jobs, one statement per batch
 *   end to end a second newsletter to the same audience, sent with `sendNewsletter` while
 *              BENCH_WORKERS worker processes (`src/main.ts --worker`) run: fan-out jobs,
 *              batched delivery over pooled SMTP, until every recipient's message has an
 *              outcome; a progress bar on stderr
 *
 * The sink counts copies per recipient: a second copy fails the run. Results go to
 * bench/results/newsletter-<timestamp>.json and a summary to stdout. Run it on a quiet machine
 * (`uptime` is recorded): the figures are rates on 2 shared cores.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { progressBar } from '../src/cli/progress';
import { loadConfig } from '../src/config';
import { scoped } from '../src/db/scoped';
import { createLogger } from '../src/logger';
import {
  CreateNewsletterInput,
  createNewsletter,
  FANOUT_BATCH,
  fanOutBatch,
  newsletterProgress,
  SendNewsletterInput,
  sendNewsletter,
} from '../src/modules/messaging/newsletters.service';
import { systemClock } from '../src/shared/clock';
import { parseInput } from '../src/shared/errors';
import { makeProgram } from '../test/helpers/factories';
import { sinkSmtp } from '../test/helpers/smtp';
import { postgresMs, postmasterPid, selfMs, treeMs } from './cpu';
import { openBenchDatabase, resetStatements, topStatements } from './harness';

const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS ?? 100_000);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 1);
/** Extra environment for the worker processes (`KEY=value,KEY=value`). */
const WORKER_ENV = Object.fromEntries(
  (process.env.BENCH_WORKER_ENV ?? '')
    .split(',')
    .filter(Boolean)
    .map((kv) => kv.split('=') as [string, string]),
);

/** A directory for the workers' CPU profiles (`node --cpu-prof`), read with bench/cpu-top.ts. */
const WORKER_PROFILE = process.env.BENCH_WORKER_PROFILE;

const load = () => os.loadavg().map((l) => Math.round(l * 100) / 100);

async function main() {
  const loadAtStart = load();
  const copies = new Map<string, number>();
  let received = 0;
  const sink = sinkSmtp(0, (to) => {
    received++;
    for (const r of to) copies.set(r, (copies.get(r) ?? 0) + 1);
  });
  const smtpUrl = await sink.start();

  const bench = await openBenchDatabase(6);
  const { db } = bench;
  const workers: ChildProcess[] = [];
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
    await db.raw('VACUUM ANALYZE');
    process.stderr.write(`seeded ${RECIPIENTS} returning customers\n`);

    const ids: string[] = (await db('customers').where({ program_id: p }).orderBy('id').select('id')).map(
      (r) => r.id,
    );

    // Baseline: the same rows written as plainly as possible, as many per statement as the fan-out.
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
            data: '{"newsletter":{"title":"Winter porridge","topic":"recipes"}}',
            status: 'QUEUED',
            dedupe_key: `nl:${fakeNewsletter}:${customerId}`,
            queued_at: new Date(),
            updated_at: new Date(),
          })),
        );
        await trx('outbox').insert({
          program_id: p,
          task: 'deliver_newsletter',
          payload: JSON.stringify({ programId: p, newsletterId: fakeNewsletter }),
        });
      });
    }
    const baselineS = (performance.now() - t) / 1000;
    await db('messages').where({ program_id: p, newsletter_id: fakeNewsletter }).delete();
    await db('outbox').delete();
    await db.raw('VACUUM ANALYZE messages');

    const actor = { kind: 'system' as const, id: 'bench', role: 'admin' };
    const ctx = {
      programId: p,
      q: scoped(db, p),
      viewer: { kind: 'api_key' as const, programId: p, role: 'admin' as const, keyId: 'bench' },
      actor,
      clock: systemClock,
    };
    const issue = (title: string) =>
      createNewsletter(
        ctx,
        parseInput(CreateNewsletterInput, {
          title,
          topic: 'recipes',
          subject: `${title}, and our holiday hours`,
          body: '<p>Hi {{ customer.firstName }}, soak 80 g of oats overnight in 250 ml of milk.</p><p>Open 8:00–14:00 on 24 December.</p>',
          audience: { minPurchases: 2, purchasedWithinDays: 30 },
        }),
      );

    // Fan-out, its batches called one after another here (the job runner is not running yet).
    const config = loadConfig({ DATABASE_URL: bench.url, LOG_LEVEL: 'silent', SMTP_URL: smtpUrl });
    const deps = { config, db, clock: systemClock, log: createLogger('silent') };
    const first = await issue('Winter porridge');
    await sendNewsletter(ctx, parseInput(SendNewsletterInput, { newsletterId: first.id }));
    await db('outbox').delete();
    t = performance.now();
    let after: string | null = null;
    let fanned = 0;
    for (;;) {
      const n = await fanOutBatch(deps, { programId: p, newsletterId: first.id, after });
      fanned += n;
      if (n < FANOUT_BATCH) break;
      after = ids[fanned - 1]!; // the fan-out walks the audience in id order
    }
    const fanoutS = (performance.now() - t) / 1000;
    // Not delivered: its rows and jobs go, so the second issue meets the same table.
    await db('messages').where({ program_id: p, newsletter_id: first.id }).delete();
    await db('outbox').delete();
    await db.raw('VACUUM ANALYZE messages');
    process.stderr.write(
      `baseline ${Math.round(ids.length / baselineS)} rows/s, fan-out ${Math.round(fanned / fanoutS)} rows/s\n`,
    );

    // End to end: real worker processes, the newsletter sent as the API would.
    const env = {
      ...process.env,
      DATABASE_URL: bench.url,
      SMTP_URL: smtpUrl,
      LOG_LEVEL: 'warn',
      UNSUBSCRIBE_SECRET: 'bench-unsubscribe-secret-0123456789',
      ...WORKER_ENV,
    };
    for (let i = 0; i < WORKERS; i++) {
      const profile = WORKER_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${WORKER_PROFILE}`] : [];
      const w = spawn(process.execPath, [...profile, '--import', 'tsx', 'src/main.ts', '--worker'], {
        env,
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      workers.push(w);
    }
    // Started when their heartbeat rows appear (graphile-worker migrated, runners up).
    for (;;) {
      const { rows } = await db.raw('SELECT count(*)::int AS n FROM worker_heartbeats');
      if (rows[0].n >= WORKERS * 2) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const second = await issue('Soup season');
    const loadBefore = load();
    // CPU per message on each side: the workers, PostgreSQL, and this process (the SMTP sink).
    const pgPid = postmasterPid((await db.raw('SHOW data_directory')).rows[0].data_directory);
    const cpu = () => {
      const pgNow = postgresMs(pgPid);
      return {
        workers: workers.reduce((sum, w) => sum + treeMs(w.pid!), 0),
        postgres: pgNow.backends + pgNow.background,
        sink: selfMs(),
      };
    };
    await resetStatements(db);
    const cpuBefore = cpu();
    const t0 = performance.now();
    await sendNewsletter(ctx, parseInput(SendNewsletterInput, { newsletterId: second.id }));
    const bar = progressBar('newsletter', RECIPIENTS, 'messages');
    let progress = await newsletterProgress(ctx, second);
    for (;;) {
      const done = progress.delivered + progress.suppressed + progress.failed + progress.unknown;
      bar.update(done, done, `queued ${progress.queued}`);
      if (progress.fannedOut && progress.queued === 0 && progress.deferred === 0) break;
      // Every 2 s: the progress count reads every message of the newsletter (130 ms at 100,000),
      // and polled twice a second it was a fifth of PostgreSQL's time per message.
      await new Promise((r) => setTimeout(r, 2000));
      progress = await newsletterProgress(ctx, (await db('newsletters').where({ id: second.id }).first())!);
    }
    const endToEndS = (performance.now() - t0) / 1000;
    const loadAfter = load();
    const cpuAfter = cpu();
    bar.finish(progress.delivered, progress.delivered, `in ${endToEndS.toFixed(1)} s`);
    const [times] = (
      await db.raw(
        `SELECT extract(epoch FROM max(queued_at) - min(queued_at)) AS fanout_s,
                extract(epoch FROM max(updated_at) FILTER (WHERE status = 'SENT')
                                 - min(sent_at) FILTER (WHERE status = 'SENT')) AS deliver_s,
                count(*) FILTER (WHERE status = 'SENT')::int AS sent
           FROM messages WHERE program_id = ? AND newsletter_id = ?`,
        [p, second.id],
      )
    ).rows;
    const doubled = [...copies.values()].filter((n) => n > 1).length;

    const results = {
      at: new Date().toISOString(),
      node: process.version,
      cpus: os.cpus().length,
      load: { atStart: loadAtStart, beforeEndToEnd: loadBefore, afterEndToEnd: loadAfter },
      recipients: RECIPIENTS,
      workers: WORKERS,
      workerEnv: WORKER_ENV,
      baselineInsertPerS: Math.round(ids.length / baselineS),
      fanoutPerS: Math.round(fanned / fanoutS),
      fanoutVsBaseline: Math.round((fanned / fanoutS / (ids.length / baselineS)) * 100) / 100,
      endToEnd: {
        seconds: Math.round(endToEndS * 10) / 10,
        fanoutSeconds: Math.round(Number(times.fanout_s) * 10) / 10,
        deliverSeconds: Math.round(Number(times.deliver_s) * 10) / 10,
        deliverPerS: Math.round(times.sent / Number(times.deliver_s)),
        /** CPU ms per message delivered: what a message costs on each side (noise-resistant). */
        cpuMsPerMessage: Object.fromEntries(
          (['workers', 'postgres', 'sink'] as const).map((k) => [
            k,
            Math.round(((cpuAfter[k] - cpuBefore[k]) / Math.max(1, progress.delivered)) * 1000) / 1000,
          ]),
        ),
        progress,
      },
      sink: { received, recipients: copies.size, doubled },
      /** BENCH_PG_STATEMENTS=1: where PostgreSQL's time went, per message delivered. */
      statements: await topStatements(db, Math.max(1, progress.delivered)),
      seconds: { baseline: baselineS, fanout: fanoutS },
    };
    await writeFile(
      path.join('bench/results', `newsletter-${results.at.replace(/[:.]/g, '-')}.json`),
      `${JSON.stringify(results, null, 2)}\n`,
    );
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    if (doubled) throw new Error(`${doubled} recipients got more than one copy`);
  } finally {
    for (const w of workers) {
      const closed = new Promise((r) => w.once('close', r));
      w.kill('SIGTERM');
      await closed;
    }
    await bench.close();
    await sink.close();
  }
}

main().catch((err) => {
  process.stderr.write(`${err?.stack ?? err}\n`);
  process.exit(1);
});
