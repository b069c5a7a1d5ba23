import type { ChildProcess } from 'node:child_process';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db';
import { makeProgram } from '../helpers/factories';
import { pendingJobs, queueThankYous, statusCounts } from '../helpers/messages';
import { PROCESS_TEST_TIMEOUT, spawnTs } from '../helpers/process';
import { eventually } from '../helpers/wait';

// Issue 17 defect 4: jobs locked by a killed process waited for graphile-worker's four-hour
// lock timeout. A worker process is killed with -9 while it delivers through a slow (real)
// SMTP server; a second worker, with a short recovery interval, must finish the work.
let t: TestDb;
let smtp: SMTPServer;
const received = new Map<string, number>();
const children: ChildProcess[] = [];

beforeAll(async () => {
  t = await createTestDb();
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      stream.resume();
      stream.on('end', () => {
        const to = session.envelope.rcptTo[0]!.address;
        received.set(to, (received.get(to) ?? 0) + 1);
        setTimeout(() => callback(), 300); // a slow provider: sends are in flight at the kill
      });
    },
  });
  smtp.on('error', () => {}); // a killed client resets its connection: expected here
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
});
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await new Promise<void>((r) => smtp.close(() => r()));
  await t.drop();
});

const RECOVERY_MS = 3000;

function startWorkerProcess(): ChildProcess {
  const port = (smtp.server.address() as { port: number }).port;
  const child = spawnTs('src/main.ts', ['--worker'], {
    DATABASE_URL: t.url,
    SMTP_URL: `smtp://127.0.0.1:${port}`,
    WORKER_RECOVERY_MS: String(RECOVERY_MS),
    DELIVERY_CONCURRENCY: '4',
  });
  children.push(child);
  return child;
}

describe('a worker killed mid-delivery', () => {
  it('nobody gets two copies; the rest is delivered within the recovery interval; in-flight ones are UNKNOWN', {
    timeout: PROCESS_TEST_TIMEOUT,
  }, async () => {
    const program = await makeProgram(t.db);
    const ids = await queueThankYous(t.db, program.id, 40, 'kill');
    const first = startWorkerProcess();
    await eventually(
      () => statusCounts(t.db, program.id),
      (c) => (c.SENT ?? 0) >= 8 && (c.SENDING ?? 0) > 0,
      60_000,
    );
    first.kill('SIGKILL');
    const killedAt = Date.now();
    await new Promise((r) => first.once('close', r));
    const atKill = await statusCounts(t.db, program.id);

    startWorkerProcess();
    const done = await eventually(
      () => statusCounts(t.db, program.id),
      (c) => (c.SENT ?? 0) + (c.UNKNOWN ?? 0) === ids.length,
      90_000,
    );
    const recoverySeconds = (Date.now() - killedAt) / 1000;
    expect((done.SENT ?? 0) + (done.UNKNOWN ?? 0)).toBe(ids.length);
    // Only what was in flight at the kill (at most one per delivery slot) is unknown.
    expect(done.UNKNOWN ?? 0).toBeLessThanOrEqual(4);
    expect(done.UNKNOWN ?? 0).toBe(atKill.SENDING ?? 0);
    const doubled = [...received.values()].filter((n) => n > 1).length;
    expect(doubled).toBe(0);
    expect(recoverySeconds).toBeLessThan(60);
    // The jobs end too (a job's row goes a moment after its message's outcome is written).
    expect(
      await eventually(
        () => pendingJobs(t.db, 'deliver_message'),
        (n) => n === 0,
        30_000,
      ),
    ).toBe(0);
    console.log(
      'worker-kill figures',
      JSON.stringify({
        messages: ids.length,
        atKill,
        done,
        copies: [...received.values()].reduce((a, b) => a + b, 0),
        doubled,
        recoverySeconds,
      }),
    );
  });
});
