import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/knex';
import { createTestDb, type TestDb } from '../helpers/db';
import { makeProgramWithKeys } from '../helpers/factories';
import { startTestServer, type TestServer } from '../helpers/server';
import { TcpProxy } from '../helpers/tcp-proxy';
import { eventually } from '../helpers/wait';

// The database goes away and comes back: /readyz turns 503 and requests fail with
// INTERNAL_SERVER_ERROR, and both recover by themselves.
let direct: TestDb;
let proxy: TcpProxy;
let s: TestServer;
let key: string;

beforeAll(async () => {
  direct = await createTestDb();
  key = (await makeProgramWithKeys(direct.db)).keys.pos;
  const target = new URL(direct.url);
  proxy = new TcpProxy(target.hostname, Number(target.port));
  await proxy.start();
  const viaProxy = new URL(direct.url);
  viaProxy.port = String(proxy.port);
  const db = createDb(viaProxy.toString(), { poolMax: 4 });
  s = await startTestServer({ testDb: { ...direct, db, url: viaProxy.toString() } });
});
afterAll(async () => {
  await s.close();
  await s.testDb.db.destroy();
  await proxy.stop();
  await direct.drop();
});

async function readyz() {
  const res = await fetch(`${s.url}/readyz`);
  return { status: res.status, body: await res.json() };
}

describe('readiness', () => {
  it('is ready with the database up and migrations current', async () => {
    expect(await readyz()).toEqual({ status: 200, body: { status: 'ready' } });
    expect((await s.gql('{ program { id } }', {}, key)).status).toBe(200);
  });

  it('turns 503 and masks errors while the database is away, then recovers by itself', async () => {
    await proxy.stop();
    const down = await readyz();
    expect(down.status).toBe(503);
    expect(down.body.status).toBe('unavailable');
    const failed = await s.gql('{ program { id } }', {}, key);
    expect(failed.errors![0]!.extensions.code).toBe('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(failed)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|connect/);
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200); // the process itself is fine

    await proxy.start(); // same port
    const up = await eventually(readyz, (r) => r.status === 200);
    expect(up.status).toBe(200);
    const after = await eventually(
      () => s.gql('{ program { id } }', {}, key),
      (r) => !r.errors,
    );
    expect(after.errors).toBeUndefined();
  });
});
