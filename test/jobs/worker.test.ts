import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig } from '../../src/config';
import { scoped } from '../../src/db/scoped';
import { defineJob } from '../../src/jobs/job';
import { outbox, relayOutbox } from '../../src/jobs/outbox';
import { startWorker, type Worker } from '../../src/jobs/worker';
import { createLogger } from '../../src/logger';
import { recordAudit } from '../../src/modules/audit/audit.repo';
import { systemClock } from '../../src/shared/clock';
import { createTestDb, type TestDb } from '../helpers/db';
import { makeProgram } from '../helpers/factories';
import { eventually } from '../helpers/wait';

let t: TestDb;
let worker: Worker;
let programId: string;
const seen: unknown[] = [];

const jobs = {
  record_ping: defineJob({
    name: 'record_ping',
    payload: z.object({ programId: z.uuid(), n: z.number().int() }),
    async run(deps, p) {
      seen.push(p);
      await recordAudit(
        scoped(deps.db, p.programId),
        { kind: 'system', id: 'worker', role: null },
        deps.clock.now(),
        {
          action: 'ping',
          targetType: 'test',
          targetId: String(p.n),
        },
      );
    },
  }),
};

beforeAll(async () => {
  t = await createTestDb();
  programId = (await makeProgram(t.db)).id;
  const config = loadConfig({ DATABASE_URL: t.url });
  worker = await startWorker(
    { config, db: t.db, clock: systemClock, log: createLogger('silent'), databaseUrl: t.url },
    { jobs, concurrency: 2 },
  );
});
afterAll(async () => {
  await worker.stop();
  await t.drop();
});

describe('outbox → relay → worker', () => {
  it('runs work recorded in a committed transaction, and never work of a rolled-back one', async () => {
    const q = scoped(t.db, programId);
    await q.transaction(async (trx) => {
      await outbox(trx, 'record_ping', { n: 1 });
    });
    await q
      .transaction(async (trx) => {
        await outbox(trx, 'record_ping', { n: 2 });
        throw new Error('rolled back');
      })
      .catch(() => {});
    const rows = await eventually(
      () => t.db('audit_log').where({ action: 'ping' }).select('target_id'),
      (r) => r.length >= 1,
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(rows.map((r) => r.target_id)).toEqual(['1']);
    expect(await t.db('outbox').count('* as c').first()).toEqual({ c: 0 });
  });

  it('moves a batch of rows into jobs with one call; a payload of the wrong shape is dropped, not retried', async () => {
    const q = scoped(t.db, programId);
    await q.transaction(async (trx) => {
      for (let n = 10; n < 20; n++) await outbox(trx, 'record_ping', { n });
      await outbox(trx, 'record_ping', { n: 'not a number' });
    });
    const rows = await eventually(
      () =>
        t
          .db('audit_log')
          .where({ action: 'ping' })
          .whereIn(
            'target_id',
            Array.from({ length: 10 }, (_, i) => String(10 + i)),
          ),
      (r) => r.length === 10,
    );
    expect(rows).toHaveLength(10);
    // Every job, the malformed one included, is worked off and none is left to retry.
    const left = await eventually(
      () => t.db('graphile_worker._private_jobs').select('task_id', 'attempts', 'last_error'),
      (r) => r.length === 0,
    );
    expect(left).toEqual([]);
    expect(await relayOutbox(t.db)).toBe(0);
  });
});
