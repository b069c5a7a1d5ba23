import type { ChildProcess } from 'node:child_process';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db';
import { makeProgramWithKeys } from '../helpers/factories';
import { purchaseInput, RECORD } from '../helpers/ledger';
import { pendingJobs } from '../helpers/messages';
import { PROCESS_TEST_TIMEOUT, runTs, spawnTs } from '../helpers/process';
import { listeningAt } from '../helpers/processes';
import { eventually } from '../helpers/wait';

// Issue 13: any number of API processes (`--api`) and workers (`--worker`) on one database.
// Two of each: purchases through both APIs (with retries of the same keys), a survey job and
// a survey email per purchase, a newsletter sent from the CLI and watched through the other
// API. Nothing lost or doubled — purchases, points, emails at a real SMTP server — and every
// job, as the workers' own logs record it, done exactly once.
const BUYERS = 60;
const READERS = 440; // returning customers seeded directly: the rest of the newsletter's audience

let t: TestDb;
const children: ChildProcess[] = [];
/** Copies per message id (its X-Regulars-Message-Id) at the SMTP server, and to whom. */
const copies = new Map<string, { to: string; n: number }>();
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, session, cb) {
    let head = '';
    stream.on('data', (d: Buffer) => {
      if (head.length < 4000) head += d.toString();
    });
    stream.on('end', () => {
      const id = /^X-Regulars-Message-Id: (.+)$/im.exec(head)?.[1]?.trim() ?? '?';
      copies.set(id, { to: session.envelope.rcptTo[0]!.address, n: (copies.get(id)?.n ?? 0) + 1 });
      cb();
    });
  },
});

beforeAll(async () => {
  t = await createTestDb();
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
});
afterAll(async () => {
  await Promise.all(
    children.map(async (c) => {
      if (c.exitCode !== null) return;
      const closed = new Promise((r) => c.once('close', r));
      c.kill('SIGTERM');
      await Promise.race([closed, new Promise((r) => setTimeout(r, 20_000))]);
      c.kill('SIGKILL');
    }),
  );
  await new Promise<void>((r) => smtp.close(() => r()));
  await t.drop();
}, 60_000);

const env = () => ({
  DATABASE_URL: t.url,
  SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as { port: number }).port}`,
  UNSUBSCRIBE_SECRET: 'unsubscribe-secret-for-tests',
  RATE_LIMIT_PER_SECOND: '10000',
  RATE_LIMIT_BURST: '10000',
});

async function startApi(): Promise<string> {
  const child = spawnTs('src/main.ts', ['--api'], { ...env(), PORT: '0' });
  children.push(child);
  return await listeningAt(child);
}

/** A worker whose debug log (graphile-worker's "Completed task 12 (send_survey, …)") we read. */
function startWorker(name: string, log: { worker: string; msg: string }[]): ChildProcess {
  const child = spawnTs('src/main.ts', ['--worker'], { ...env(), LOG_LEVEL: 'debug' });
  children.push(child);
  let buffered = '';
  child.stdout!.on('data', (d) => {
    buffered += d;
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) {
      try {
        log.push({ worker: name, msg: String(JSON.parse(line).msg ?? '') });
      } catch {}
    }
  });
  child.stderr!.resume();
  return child;
}

async function gql(url: string, key: string, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: any; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

describe('two API processes and two workers on one database', () => {
  it('purchases and a newsletter: nothing lost or doubled, every job done once', {
    timeout: PROCESS_TEST_TIMEOUT,
  }, async () => {
    const { program, keys } = await makeProgramWithKeys(t.db);
    const log: { worker: string; msg: string }[] = [];
    startWorker('w1', log);
    startWorker('w2', log);
    const [a, b] = await Promise.all([startApi(), startApi()]);
    const apis = [a, b];

    await gql(
      a,
      keys.admin,
      `mutation($input: UpdateSurveySettingsInput!) { updateSurveySettings(input: $input) { enabled } }`,
      {
        input: { enabled: true, scale: 'CSAT', delayMinutes: 0, samplePercent: 100 },
      },
    );
    // Buyers: enrolled and consenting through alternating APIs.
    const buyers: string[] = [];
    for (let i = 0; i < BUYERS; i++) {
      const api = apis[i % 2]!;
      const e = await gql(
        api,
        keys.pos,
        `mutation($input: EnrollCustomerInput!) { enrollCustomer(input: $input) { customer { id } } }`,
        {
          input: { externalId: `buyer-${i}`, email: `buyer${i}@example.com`, firstName: `Buyer${i}` },
        },
      );
      const id = e.enrollCustomer.customer.id;
      await gql(
        api,
        keys.staff,
        `mutation($input: UpdateContactPreferencesInput!) { updateContactPreferences(input: $input) { preferredChannel } }`,
        {
          input: {
            customerId: id,
            consents: [{ channel: 'EMAIL', granted: true }],
            newsletterTopics: ['news'],
          },
        },
      );
      buyers.push(id);
    }
    // One purchase each, sent to one API; a third of them retried with the same key on the
    // other (a till that did not see the answer), all at once.
    const inputs = buyers.map((id) => purchaseInput(id));
    const results = await Promise.all([
      ...inputs.map((input, i) => gql(apis[i % 2]!, keys.pos, RECORD, { input })),
      ...inputs
        .filter((_, i) => i % 3 === 0)
        .map((input, i) => gql(apis[(i + 1) % 2]!, keys.pos, RECORD, { input })),
    ]);
    expect(results.filter((r) => !r.recordPurchase.replayed)).toHaveLength(BUYERS);
    // The rest of the audience: returning readers of the topic.
    await t.db.raw(
      `WITH c AS (
         INSERT INTO customers (program_id, external_id, email, first_name, enrolled_at, updated_at)
         SELECT ?, 'reader-' || g, 'reader' || g || '@example.com', 'Reader', now(), now()
           FROM generate_series(1, ?) g RETURNING program_id, id, external_id
       ), consent AS (
         INSERT INTO contact_consents (program_id, customer_id, channel, state, source, changed_at)
         SELECT program_id, id, 'EMAIL', 'GRANTED', 'test', now() FROM c
       ), prefs AS (
         INSERT INTO contact_preferences (program_id, customer_id, newsletter_topics, updated_at)
         SELECT program_id, id, '{news}', now() FROM c
       )
       INSERT INTO purchases (program_id, customer_id, external_id, store_code, occurred_at, recorded_at,
                              currency, total_minor, earn_weight, points_earned)
       SELECT program_id, id, external_id, 'main', now(), now(), 'USD', 900, 900, 9 FROM c`,
      [program.id, READERS],
    );

    const created = await gql(
      b,
      keys.marketing,
      `mutation($input: CreateNewsletterInput!) { createNewsletter(input: $input) { id audienceCount } }`,
      {
        input: {
          title: 'Opening hours',
          topic: 'news',
          subject: 'Our holiday opening hours',
          body: '<p>Open 8:00–14:00 on 24 December, closed on the 25th.</p>',
        },
      },
    );
    const newsletterId = created.createNewsletter.id;
    expect(created.createNewsletter.audienceCount).toBe(BUYERS + READERS);
    // Sent from the CLI, which waits with a progress bar; watched meanwhile through API a.
    const cli = runTs(
      'src/cli/index.ts',
      ['newsletter', 'send', '--program', program.slug, '--id', newsletterId, '--wait', '--json'],
      {
        DATABASE_URL: t.url,
      },
    );
    const PROGRESS = `query($id: ID!) { newsletter(id: $id) { status progress { audience messages queued deferred delivered suppressed failed unknown fannedOut } } }`;
    const watched = await eventually(
      () => gql(a, keys.marketing, PROGRESS, { id: newsletterId }),
      (d) => d.newsletter.status === 'SENT',
      120_000,
    );
    expect(watched.newsletter.progress).toEqual({
      audience: BUYERS + READERS,
      messages: BUYERS + READERS,
      queued: 0,
      deferred: 0,
      delivered: BUYERS + READERS,
      suppressed: 0,
      failed: 0,
      unknown: 0,
      fannedOut: true,
    });
    const sent = await cli;
    expect(sent.code, sent.stderr).toBe(0);
    expect(JSON.parse(sent.stdout)).toMatchObject({
      id: newsletterId,
      delivered: BUYERS + READERS,
      queued: 0,
    });
    expect(sent.stderr).toMatch(/sending \[#+\] 100%/);

    // Every survey email out, every job finished.
    await eventually(
      () =>
        t
          .db('messages')
          .where({ program_id: program.id, kind: 'SURVEY', status: 'SENT' })
          .count<{ n: string }[]>('* as n'),
      (r) => Number(r[0]!.n) === BUYERS,
      120_000,
    );
    expect(
      await eventually(
        () => pendingJobs(t.db),
        (n) => n === 0,
        60_000,
      ),
    ).toBe(0);
    const one = async (q: PromiseLike<Record<string, unknown>[]>) =>
      Number(Object.values((await q)[0]!)[0] ?? 0);
    expect(await one(t.db('outbox').count('* as n'))).toBe(0);

    // Purchases and points once each.
    expect(
      await one(
        t.db('purchases').where({ program_id: program.id }).whereIn('customer_id', buyers).count('* as n'),
      ),
    ).toBe(BUYERS);
    const points = await one(t.db('point_balances').where({ program_id: program.id }).sum('points as s'));
    const earned = await one(t.db('ledger_entries').where({ program_id: program.id }).sum('points as s'));
    expect(points).toBe(earned);
    expect(earned).toBe(results[0].recordPurchase.pointsEarned * BUYERS);

    // One copy of every email, none missing: a survey per buyer, the newsletter per reader.
    const messages: { id: string; kind: string; status: string; recipient: string }[] = await t
      .db('messages')
      .where({ program_id: program.id })
      .select('id', 'kind', 'status', 'recipient');
    expect(messages.filter((m) => m.status !== 'SENT')).toEqual([]);
    expect([...copies.values()].filter((c) => c.n > 1)).toEqual([]);
    expect([...copies.keys()].sort()).toEqual(messages.map((m) => m.id).sort());
    for (const m of messages) expect(copies.get(m.id)?.to).toBe(m.recipient);
    const kinds = (kind: string) => messages.filter((m) => m.kind === kind).map((m) => m.recipient);
    expect(new Set(kinds('NEWSLETTER')).size).toBe(BUYERS + READERS);
    expect(kinds('SURVEY').sort()).toEqual(buyers.map((_, i) => `buyer${i}@example.com`).sort());

    // Every job the workers ran, by their own logs: each id completed once, none failed, and
    // both workers did some of the work.
    const completed = log.flatMap((l) => {
      const m = /^Completed task (\d+) \((\w+),/.exec(l.msg);
      return m ? [{ id: m[1]!, task: m[2]!, worker: l.worker }] : [];
    });
    const byId = new Map<string, number>();
    for (const c of completed) byId.set(c.id, (byId.get(c.id) ?? 0) + 1);
    expect([...byId.entries()].filter(([, n]) => n > 1)).toEqual([]);
    expect(log.filter((l) => /^Failed task/.test(l.msg))).toEqual([]);
    const tasks = (task: string) => completed.filter((c) => c.task === task).length;
    expect(tasks('send_survey')).toBe(BUYERS);
    expect(tasks('deliver_message')).toBe(BUYERS);
    expect(tasks('newsletter_fanout')).toBe(1);
    expect(tasks('deliver_newsletter')).toBeGreaterThanOrEqual(1);
    expect(new Set(completed.map((c) => c.worker))).toEqual(new Set(['w1', 'w2']));
    console.log(
      'processes figures',
      JSON.stringify({
        jobs: completed.length,
        byWorker: Object.fromEntries(
          ['w1', 'w2'].map((w) => [w, completed.filter((c) => c.worker === w).length]),
        ),
        byTask: Object.fromEntries([...new Set(completed.map((c) => c.task))].map((k) => [k, tasks(k)])),
        emails: copies.size,
        purchases: BUYERS,
        retried: results.length - BUYERS,
      }),
    );
  });
});
