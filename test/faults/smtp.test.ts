import type { Socket } from 'node:net';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { startWorker, type Worker } from '../../src/jobs/worker';
import { createLogger } from '../../src/logger';
import { systemClock } from '../../src/shared/clock';
import { createTestDb, type TestDb } from '../helpers/db';
import { makeProgram } from '../helpers/factories';
import { jobsDrained, pendingJobs, queueThankYous, statusCounts } from '../helpers/messages';
import { PROCESS_TEST_TIMEOUT } from '../helpers/process';

import { eventually } from '../helpers/wait';

// Issue 17 defects 5 and 6, against a real SMTP server (the smtp-server package) that
// misbehaves, and the real worker.
let t: TestDb;
const servers: SMTPServer[] = [];
const workers: Worker[] = [];

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  for (const w of workers) await w.stop();
  for (const s of servers) await new Promise<void>((r) => s.close(() => r()));
  await t.drop();
});

async function listen(server: SMTPServer): Promise<number> {
  servers.push(server);
  server.on('error', () => {}); // the connections these tests drop on purpose
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.server.address() as { port: number }).port;
}

async function worker(env: Record<string, string>): Promise<void> {
  const config = loadConfig({ DATABASE_URL: t.url, ...env });
  workers.push(
    await startWorker({
      config,
      db: t.db,
      clock: systemClock,
      log: createLogger('silent'),
      databaseUrl: t.url,
    }),
  );
}

const PLAIN = { authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false };

describe('SMTP faults', () => {
  it('a connection dropped after DATA: one copy, recorded as outcome unknown, never retried', {
    timeout: PROCESS_TEST_TIMEOUT,
  }, async () => {
    const copies: string[] = [];
    const server = new SMTPServer({
      ...PLAIN,
      onData(stream, session: SMTPServerSession, _callback) {
        let data = '';
        stream.on('data', (d) => {
          data += d;
        });
        stream.on('end', () => {
          copies.push(/^Message-ID: (.*)$/im.exec(data)?.[1] ?? '?');
          // The reply is lost: the connection drops before the server answers.
          for (const c of server.connections as Set<{ id: string; _socket: Socket }>)
            if (c.id === session.id) c._socket.destroy();
        });
      },
    });
    const port = await listen(server);
    const program = await makeProgram(t.db);
    await worker({ SMTP_URL: `smtp://127.0.0.1:${port}` });
    const [id] = await queueThankYous(t.db, program.id, 1, 'drop');

    await eventually(
      () => statusCounts(t.db, program.id),
      (c) => !c.QUEUED && !c.SENDING,
      30_000,
    );
    // graphile-worker's first retry would come after ~3 s and the second after ~10 s.
    await new Promise((r) => setTimeout(r, 12_000));
    const m = await t.db('messages').where({ id }).first();
    expect({ copies: copies.length, status: m.status }).toEqual({ copies: 1, status: 'UNKNOWN' });
    expect(m.error).toMatch(/outcome unknown/);
    expect(copies[0]).toBe(`<${id}@regulars.localhost>`);
    expect(await pendingJobs(t.db, 'deliver_message')).toBe(0);
    await workers.pop()!.stop();
  });

  it('an SMTP server that never answers does not stop other kinds of jobs', async () => {
    const server = new SMTPServer({
      ...PLAIN,
      onConnect(_session, _callback) {
        // Never greets, never answers.
      },
    });
    const port = await listen(server);
    const program = await makeProgram(t.db);
    await worker({
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      // Long enough that the sends are still hanging when expiry is done, however busy the
      // machine: what is checked is order (expiry finished while delivery was stuck), not time.
      SMTP_GREETING_TIMEOUT_MS: '60000',
      JOB_CONCURRENCY: '2',
      DELIVERY_CONCURRENCY: '2',
    });
    await queueThankYous(t.db, program.id, 6, 'hang');
    await eventually(
      () => statusCounts(t.db, program.id),
      (c) => (c.SENDING ?? 0) >= 2,
      60_000,
    );
    const hung: string[] = await t
      .db('messages')
      .where({ program_id: program.id, status: 'SENDING' })
      .pluck('id');
    // Both delivery slots wait on the silent server; expiry still runs meanwhile.
    await t.db.raw(`SELECT graphile_worker.add_job('expire_points', '{}'::json)`);
    const left = await jobsDrained(t.db, 'expire_points');
    expect(left).toBe(0);
    const stillHung = () => t.db('messages').whereIn('id', hung).where({ status: 'SENDING' }).pluck('id');
    expect((await stillHung()).sort()).toEqual(hung.sort());
    // And those sends give their slots back after the greeting timeout, to be retried (the
    // next messages then take the slots and hang in turn: the server never answers anyone).
    expect(await eventually(stillHung, (ids) => ids.length === 0, 150_000)).toEqual([]);
    await workers.pop()!.stop();
  }, 240_000);
});
