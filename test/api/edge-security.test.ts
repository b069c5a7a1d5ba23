import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config';
import { LINK_SECRET_FILE, linkSecret } from '../../src/modules/messaging/links';
import { unsubscribeToken } from '../../src/modules/messaging/unsubscribe-token';
import { makeCustomer, makeProgramWithKeys } from '../helpers/factories';
import { startTestServer, type TestServer } from '../helpers/server';

// The constant that used to sign every development install's links (issue 17, defect 7).
const OLD_PUBLIC_SECRET = 'regulars-development-link-secret';

describe('link signing secret without UNSUBSCRIBE_SECRET (issue 17 defect 7)', () => {
  let s: TestServer;
  let dataDir: string;
  let ids: { p: string; c: string };

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'regulars-secret-'));
    s = await startTestServer({ env: { REGULARS_DATA_DIR: dataDir } });
    const { program } = await makeProgramWithKeys(s.testDb.db);
    const customer = await makeCustomer(s.testDb.db, program.id);
    ids = { p: program.id, c: customer.id };
  });
  afterAll(async () => {
    await s.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('a link forged with the old public constant is refused', async () => {
    const forged = unsubscribeToken(OLD_PUBLIC_SECRET, { ...ids, ch: 'EMAIL' });
    const res = await fetch(`${s.url}/u/${forged}`, { method: 'POST' });
    expect(res.status).toBe(400);
  });

  it('a random secret is made once, kept in the data dir with mode 0600, and signs the links', async () => {
    const config = loadConfig({ NODE_ENV: 'test', REGULARS_DATA_DIR: dataDir });
    const secret = linkSecret(config);
    expect(secret).not.toBe(OLD_PUBLIC_SECRET);
    expect(secret.length).toBeGreaterThanOrEqual(32);
    const file = path.join(dataDir, LINK_SECRET_FILE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, 'utf8').trim()).toBe(secret);
    const genuine = unsubscribeToken(secret, { ...ids, ch: 'EMAIL' });
    expect((await fetch(`${s.url}/u/${genuine}`, { method: 'POST' })).status).toBe(200);
    // Another install (another data dir) has another secret.
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'regulars-secret-'));
    try {
      expect(linkSecret(loadConfig({ NODE_ENV: 'test', REGULARS_DATA_DIR: other }))).not.toBe(secret);
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });

  it('production with DATABASE_URL and no secret refuses to start, naming the variable', () => {
    expect(() =>
      loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/regulars' }),
    ).toThrow(ConfigError);
    expect(() =>
      loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/regulars' }),
    ).toThrow(/UNSUBSCRIBE_SECRET: Required in production/);
  });
});

describe('limits by client address, before authentication (issue 17 defect 8)', () => {
  it('300 made-up keys: after the failure burst, 429 without a lookup', async () => {
    const s = await startTestServer({ env: { AUTH_FAILURE_BURST: '20', AUTH_FAILURES_PER_MINUTE: '30' } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 300; i++) {
        const res = await fetch(`${s.url}/graphql`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer rk_made-up-${i}`,
          },
          body: JSON.stringify({ query: '{ program { id } }' }),
        });
        statuses.push(res.status);
        await res.arrayBuffer();
      }
      expect(statuses.filter((x) => x === 401).length).toBeLessThanOrEqual(21);
      expect(statuses.filter((x) => x === 429).length).toBeGreaterThanOrEqual(279);
    } finally {
      await s.close();
    }
  });

  it('the address limit applies before authentication, to /graphql and to the link routes', async () => {
    const s = await startTestServer({
      env: { RATE_LIMIT_PER_ADDRESS_PER_SECOND: '1', RATE_LIMIT_PER_ADDRESS_BURST: '5' },
    });
    try {
      const { keys } = await makeProgramWithKeys(s.testDb.db);
      const seen: Record<string, number[]> = {};
      for (const route of ['/s/x.y', '/u/x.y', '/f/x.y?useful=yes', '/p/x.y']) {
        seen[route] = [];
        for (let i = 0; i < 3; i++) {
          const res = await fetch(`${s.url}${route}`);
          seen[route]!.push(res.status);
          await res.arrayBuffer();
        }
      }
      // 12 requests from one address, burst 5: the last ones are refused, whatever the route.
      expect(
        Object.values(seen)
          .flat()
          .filter((x) => x === 429).length,
      ).toBeGreaterThanOrEqual(6);
      expect(seen['/p/x.y']).toEqual([429, 429, 429]);
      const r = await s.gql('{ program { id } }', {}, keys.admin);
      expect(r.status).toBe(429);
      expect(r.errors![0]!.extensions.code).toBe('RATE_LIMITED');
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      // Health checks are not limited.
      expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
    } finally {
      await s.close();
    }
  });
});
