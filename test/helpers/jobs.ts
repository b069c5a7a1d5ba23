import type { Knex } from 'knex';
import { loadConfig } from '../../src/config';
import type { JobDeps } from '../../src/jobs/job';
import { JOBS } from '../../src/jobs/registry';
import { createLogger } from '../../src/logger';
import { EVENT_TASK } from '../../src/modules/events/events';
import type { Clock } from '../../src/shared/clock';
import { createTestDb, type TestDb } from './db';
import { makeProgramWithKeys, type ProgramKeys } from './factories';
import { startTestServer, type TestServer } from './server';

/** What the worker gives a job: the config of `env` on this database, the clock, a silent log. */
export function jobDeps(
  t: { db: Knex; url: string },
  clock: Clock,
  env: Record<string, string> = {},
): JobDeps {
  return {
    config: loadConfig({ ...env, DATABASE_URL: t.url }),
    db: t.db,
    clock,
    log: createLogger('silent'),
  };
}

/**
 * Runs what the outbox holds through the real job definitions (payload re-parsed), oldest
 * first, as the relay and worker would — but only rows already due on the deps' clock, and
 * only `task`'s when given. Returns the tasks run, in order.
 */
export async function runDueJobs(deps: JobDeps, task?: string): Promise<string[]> {
  const ran: string[] = [];
  for (;;) {
    const due = deps
      .db('outbox')
      .where((w) => w.whereNull('run_at').orWhere('run_at', '<=', deps.clock.now()))
      .orderBy('created_at')
      .limit(50);
    const rows = await (task ? due.where({ task }) : due);
    if (!rows.length) return ran;
    await deps
      .db('outbox')
      .whereIn(
        'id',
        rows.map((r) => r.id),
      )
      .del();
    for (const r of rows) {
      // Domain events are not jobs: the relay records and fans them out (not needed here).
      if (r.task === EVENT_TASK) continue;
      const job = JOBS[r.task]!;
      await job.run(deps, job.payload.parse(r.payload), {} as never);
      ran.push(r.task);
    }
  }
}

export interface ServerWithJobs {
  s: TestServer;
  t: TestDb;
  deps: JobDeps;
  programId: string;
  keys: ProgramKeys;
}

/**
 * The app over HTTP and what the worker gives a job, on one database of their own, both with
 * `env` on `clock`; and a program (in UTC) with a key of every role. The caller closes the
 * server and drops the database.
 */
export async function startServerWithJobs(
  clock: Clock,
  env: Record<string, string>,
): Promise<ServerWithJobs> {
  const t = await createTestDb();
  const s = await startTestServer({ clock, env, testDb: t });
  const deps = jobDeps(t, clock, env);
  const p = await makeProgramWithKeys(t.db, { timeZone: 'UTC' });
  return { s, t, deps, programId: p.program.id, keys: p.keys };
}
