import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { scoped } from '../../src/db/scoped';
import { CRONTAB, JOBS } from '../../src/jobs/registry';
import { startWorker, type Worker } from '../../src/jobs/worker';
import { createLogger } from '../../src/logger';
import { UpdateContactPreferencesInput } from '../../src/modules/customers/customers.inputs';
import { updateContactPreferences } from '../../src/modules/customers/customers.service';
import { queueMessage } from '../../src/modules/messaging/messaging.service';
import { systemClock } from '../../src/shared/clock';
import { parseInput } from '../../src/shared/errors';
import { createTestDb, type TestDb } from '../helpers/db';
import { makeCustomer, makeProgramWithKeys } from '../helpers/factories';
import { startTestServer, type TestServer } from '../helpers/server';
import { eventually } from '../helpers/wait';

// The embedded default: no SMTP_URL and no WEBHOOK_URL, so the real worker (registry, outbox
// relay, graphile-worker) delivers into the local outbox, which the API lists.
let t: TestDb;
let s: TestServer;
let worker: Worker;

beforeAll(async () => {
  t = await createTestDb();
  s = await startTestServer({ testDb: t });
  const config = loadConfig({ DATABASE_URL: t.url });
  worker = await startWorker(
    { config, db: t.db, clock: systemClock, log: createLogger('silent'), databaseUrl: t.url },
    { concurrency: 2 },
  );
});
afterAll(async () => {
  await worker.stop();
  await s.close();
  await t.drop();
});

describe('messages through the worker, into the local outbox', () => {
  it('every crontab task is a registered job', () => {
    const tasks = CRONTAB.split('\n')
      .map((l) => l.replace(/#.*/, '').trim())
      .filter(Boolean)
      .map((l) => l.split(/\s+/)[5]);
    expect(tasks.length).toBeGreaterThan(0);
    for (const task of tasks) expect(Object.keys(JOBS)).toContain(task);
  });

  it('a thank-you committed with its cause is delivered once; a rolled-back one never', async () => {
    const { program, keys } = await makeProgramWithKeys(t.db);
    const q = scoped(t.db, program.id);
    const actor = { kind: 'system' as const, id: 'test', role: null };
    const customers: { id: string }[] = [];
    for (const email of ['local1@example.com', 'local2@example.com']) {
      const c = await makeCustomer(t.db, program.id, { email, firstName: 'Lu' });
      await updateContactPreferences(
        { programId: program.id, q, viewer: null, actor, clock: systemClock },
        parseInput(UpdateContactPreferencesInput, {
          customerId: c.id,
          consents: [{ channel: 'EMAIL', granted: true }],
        }),
      );
      customers.push(c);
    }
    await q.transaction((trx) =>
      queueMessage(trx, new Date(), {
        customerId: customers[0]!.id,
        kind: 'THANK_YOU',
        templateKey: 'thank_you',
        dedupeKey: 'thanks:committed',
      }),
    );
    await q
      .transaction(async (trx) => {
        await queueMessage(trx, new Date(), {
          customerId: customers[1]!.id,
          kind: 'THANK_YOU',
          templateKey: 'thank_you',
          dedupeKey: 'thanks:rolled-back',
        });
        throw new Error('the purchase failed');
      })
      .catch(() => {});

    const OUTBOX = `{ localOutbox(first: 10) { edges { node { recipient subject text status transport attempts } } } }`;
    const r = await eventually(
      () => s.gql(OUTBOX, {}, keys.marketing),
      (r) => (r.data?.localOutbox.edges.length ?? 0) > 0,
    );
    expect(r.data!.localOutbox.edges).toEqual([
      {
        node: expect.objectContaining({
          recipient: 'local1@example.com',
          subject: 'Thank you, Lu',
          status: 'SENT',
          transport: 'local',
          attempts: 1,
        }),
      },
    ]);
    expect(r.data!.localOutbox.edges[0].node.text).toMatch(/Unsubscribe: http:\/\/127\.0\.0\.1:4000\/u\//);
    await new Promise((r) => setTimeout(r, 300));
    expect(await t.db('messages').where({ program_id: program.id })).toHaveLength(1);
  });
});
