import type { ChildProcess } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeProgram } from '../helpers/factories';
import { jobsDrained, queueThankYous, statusCounts } from '../helpers/messages';
import { PROCESS_TEST_TIMEOUT } from '../helpers/process';
import { processesOnTestDb } from '../helpers/processes';
import { sinkSmtp } from '../helpers/smtp';
import { eventually } from '../helpers/wait';

// Issue 17 defect 4: jobs locked by a killed process waited for graphile-worker's four-hour
// lock timeout. A worker process is killed with -9 while it delivers through a slow (real)
// SMTP server; a second worker, with a short recovery interval, must finish the work.
const received = new Map<string, number>();
// A slow provider: sends are in flight at the kill.
const smtp = sinkSmtp(300, ([to]) => received.set(to!, (received.get(to!) ?? 0) + 1));
let smtpUrl: string;
const procs = processesOnTestDb('SIGKILL', { afterKill: () => smtp.close() });

beforeAll(async () => {
  smtpUrl = await smtp.start();
});

const RECOVERY_MS = 3000;

function startWorkerProcess(): ChildProcess {
  return procs.spawn('src/main.ts', ['--worker'], {
    DATABASE_URL: procs.t.url,
    SMTP_URL: smtpUrl,
    WORKER_RECOVERY_MS: String(RECOVERY_MS),
    DELIVERY_CONCURRENCY: '4',
  });
}

describe('a worker killed mid-delivery', () => {
  it('nobody gets two copies; the rest is delivered within the recovery interval; in-flight ones are UNKNOWN', {
    timeout: PROCESS_TEST_TIMEOUT,
  }, async () => {
    const program = await makeProgram(procs.t.db);
    const ids = await queueThankYous(procs.t.db, program.id, 40, 'kill');
    const first = startWorkerProcess();
    await eventually(
      () => statusCounts(procs.t.db, program.id),
      (c) => (c.SENT ?? 0) >= 8 && (c.SENDING ?? 0) > 0,
      60_000,
    );
    first.kill('SIGKILL');
    const killedAt = Date.now();
    await new Promise((r) => first.once('close', r));
    const atKill = await statusCounts(procs.t.db, program.id);

    startWorkerProcess();
    const done = await eventually(
      () => statusCounts(procs.t.db, program.id),
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
    expect(await jobsDrained(procs.t.db, 'deliver_message')).toBe(0);
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
