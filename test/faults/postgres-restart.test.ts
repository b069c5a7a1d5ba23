import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db';
import { makeProgramWithKeys } from '../helpers/factories';
import {
  backends,
  endReasons,
  jobStates,
  jobsDrained,
  queueThankYous,
  statusCounts,
} from '../helpers/messages';
import { PROCESS_TEST_TIMEOUT, spawnTs } from '../helpers/process';
import { listeningAt } from '../helpers/processes';
import { TcpProxy } from '../helpers/tcp-proxy';
import { eventually } from '../helpers/wait';

// Issue 17 defect 3: PostgreSQL restarting while jobs run ended the default (API + worker)
// process: graphile-worker could not record failed jobs, its runner rejected, nothing handled
// it. The database is taken away by a proxy that cuts every connection, while deliveries run.
let t: TestDb;
let proxy: TcpProxy;
let server: ChildProcess | null = null;

beforeAll(async () => {
  t = await createTestDb();
  const u = new URL(t.url);
  proxy = new TcpProxy(u.hostname, Number(u.port));
  await proxy.start();
});
afterAll(async () => {
  server?.kill('SIGKILL');
  await proxy.stop();
  await t.drop();
});

describe('PostgreSQL restart under the combined process', () => {
  it('survives, says 503 while the database is away, reconnects and drains the jobs', {
    timeout: PROCESS_TEST_TIMEOUT + 120_000,
  }, async () => {
    const { program } = await makeProgramWithKeys(t.db);
    const u = new URL(t.url);
    u.port = String(proxy.port);
    server = spawnTs('src/main.ts', [], { DATABASE_URL: u.toString(), PORT: '0', LOG_LEVEL: 'warn' });
    let exitCode: number | null | undefined;
    let stderr = '';
    server.stderr!.on('data', (d) => {
      stderr += d;
    });
    server.on('close', (code) => {
      exitCode = code;
    });
    const url = await listeningAt(server);
    const ids = await queueThankYous(t.db, program.id, 120, 'pg');

    // Deliveries are running: take the database away twice, like two restarts.
    for (let restart = 0; restart < 2; restart++) {
      const before = await eventually(
        () => statusCounts(t.db, program.id),
        (c) => (c.SENT ?? 0) >= 10 * (restart + 1),
        60_000,
      );
      expect(before.SENT ?? 0, `deliveries before cut ${restart + 1}`).toBeGreaterThanOrEqual(
        10 * (restart + 1),
      );
      await proxy.stop();
      await new Promise((r) => setTimeout(r, 3000));
      expect(exitCode, stderr.slice(-3000)).toBeUndefined();
      expect((await fetch(`${url}/readyz`)).status).toBe(503);
      await proxy.start();
      await new Promise((r) => setTimeout(r, 1500));
      expect(exitCode).toBeUndefined();
    }

    const ready = await eventually(
      () => fetch(`${url}/readyz`).then((r) => r.status),
      (s) => s === 200,
      60_000,
    );
    expect(ready).toBe(200);
    // Every message leaves QUEUED: sent, or (the few in flight at a cut) outcome unknown.
    // A job that failed during a cut waits out graphile-worker's backoff (exp(attempts) s:
    // 55 s after a fourth attempt, 148 s after a fifth), so on a busy machine the last ones
    // can take minutes; a job still locked by the dead runner would never come, and fails here.
    const counts = await eventually(
      () => statusCounts(t.db, program.id),
      (c) => (c.SENT ?? 0) + (c.UNKNOWN ?? 0) === ids.length,
      200_000,
    );
    expect(
      (counts.SENT ?? 0) + (counts.UNKNOWN ?? 0),
      JSON.stringify({
        counts,
        ended: await endReasons(t.db, program.id),
        jobs: await jobStates(t.db),
        backends: await backends(t.db),
        log: stderr.slice(-4000),
      }),
    ).toBe(ids.length);
    expect(counts.UNKNOWN ?? 0).toBeLessThanOrEqual(8);
    expect(await jobsDrained(t.db, 'deliver_message')).toBe(0);
    expect(exitCode).toBeUndefined();
    console.log('postgres-restart figures', JSON.stringify({ messages: ids.length, ...counts }));
  });
});
