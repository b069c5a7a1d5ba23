import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config';
import { scoped } from '../../src/db/scoped';
import { LINK_SECRET_FILE, linkSecret, messageLinks } from '../../src/modules/messaging/links';
import { queueMessage } from '../../src/modules/messaging/messaging.service';
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
    // One refill a minute: the bound below allows for however long a busy machine takes.
    const s = await startTestServer({ env: { AUTH_FAILURE_BURST: '20', AUTH_FAILURES_PER_MINUTE: '1' } });
    try {
      const started = Date.now();
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
      const allowed = 20 + Math.ceil((Date.now() - started) / 60_000);
      expect(statuses.filter((x) => x === 401).length).toBeLessThanOrEqual(allowed);
      expect(statuses.filter((x) => x === 429).length).toBeGreaterThanOrEqual(300 - allowed);
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

describe('production defaults (issue 17, defect 10)', () => {
  const PROD = { NODE_ENV: 'production', UNSUBSCRIBE_SECRET: 'prod-link-secret-0123456789' };
  const INTROSPECT = '{ __schema { queryType { name } } }';
  const graphiql = (url: string) =>
    fetch(`${url}/graphql`, { headers: { accept: 'text/html' } }).then(async (r) => ({
      status: r.status,
      html: (await r.text()).includes('GraphiQL'),
    }));

  it('production: introspection and GraphiQL off, /metrics not served without a token', async () => {
    const s = await startTestServer({ env: PROD });
    try {
      const { keys } = await makeProgramWithKeys(s.testDb.db);
      const r = await s.gql(INTROSPECT, {}, keys.admin);
      expect(r.data).toBeNull();
      expect(r.errors![0]!.message).toMatch(/introspection/i);
      expect((await graphiql(s.url)).html).toBe(false);
      expect((await fetch(`${s.url}/metrics`)).status).toBe(404);
    } finally {
      await s.close();
    }
  });

  it('development: introspection and GraphiQL on; either can be turned off', async () => {
    const s = await startTestServer({ env: { NODE_ENV: 'development' } });
    const off = await startTestServer({
      env: { NODE_ENV: 'development', GRAPHQL_INTROSPECTION: 'false', GRAPHIQL: 'false' },
    });
    try {
      const { keys } = await makeProgramWithKeys(s.testDb.db);
      expect((await s.gql(INTROSPECT, {}, keys.admin)).data).toEqual({
        __schema: { queryType: { name: 'Query' } },
      });
      expect(await graphiql(s.url)).toEqual({ status: 200, html: true });
      expect((await off.gql(INTROSPECT)).errors![0]!.message).toMatch(/introspection/i);
      expect((await graphiql(off.url)).html).toBe(false);
    } finally {
      await s.close();
      await off.close();
    }
  });

  it('METRICS_TOKEN: /metrics needs it as a bearer token', async () => {
    const s = await startTestServer({ env: { ...PROD, METRICS_TOKEN: 'metrics-token-0123456789' } });
    try {
      expect((await fetch(`${s.url}/metrics`)).status).toBe(401);
      const wrong = await fetch(`${s.url}/metrics`, {
        headers: { authorization: 'Bearer nope-nope-nope-nope' },
      });
      expect(wrong.status).toBe(401);
      const ok = await fetch(`${s.url}/metrics`, {
        headers: { authorization: 'Bearer metrics-token-0123456789' },
      });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('regulars_http_request_duration_seconds');
    } finally {
      await s.close();
    }
  });

  it('CORS: only configured origins, and none by default', async () => {
    const preflight = (url: string, origin: string) =>
      fetch(`${url}/graphql`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type',
        },
      });
    const plain = await startTestServer();
    const configured = await startTestServer({ env: { CORS_ORIGINS: 'https://console.example.com' } });
    try {
      const none = await preflight(plain.url, 'https://evil.example');
      expect(none.headers.get('access-control-allow-origin')).toBeNull();
      const evil = await preflight(configured.url, 'https://evil.example');
      expect(evil.headers.get('access-control-allow-origin')).not.toBe('https://evil.example');
      expect(evil.headers.get('access-control-allow-origin')).not.toBe('*');
      const good = await preflight(configured.url, 'https://console.example.com');
      expect(good.headers.get('access-control-allow-origin')).toBe('https://console.example.com');
    } finally {
      await plain.close();
      await configured.close();
    }
  });

  it('a form-encoded POST runs nothing', async () => {
    const s = await startTestServer();
    try {
      const { keys } = await makeProgramWithKeys(s.testDb.db);
      const query = 'mutation { enrollCustomer(input: { externalId: "from-a-form" }) { created } }';
      for (const type of [
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'text/plain',
      ]) {
        const res = await fetch(`${s.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': type, authorization: `Bearer ${keys.admin}` },
          body: type.startsWith('multipart')
            ? `--x\r\nContent-Disposition: form-data; name="query"\r\n\r\n${query}\r\n--x--\r\n`
            : new URLSearchParams({ query }).toString(),
        });
        expect(res.status, type).toBe(415);
      }
      const [row] = await s.testDb.db('customers').count<{ count: number }[]>('* as count');
      expect(row!.count).toBe(0);
    } finally {
      await s.close();
    }
  });

  it('"was this useful?": a GET (a scanner\'s prefetch) records nothing; the page\'s button does', async () => {
    const s = await startTestServer({ env: { UNSUBSCRIBE_SECRET: 'feedback-link-secret-0123' } });
    try {
      const { program } = await makeProgramWithKeys(s.testDb.db);
      const c = await makeCustomer(s.testDb.db, program.id, { email: 'ada@example.com' });
      const { messageId } = await scoped(s.testDb.db, program.id).transaction((q) =>
        queueMessage(q, new Date(), {
          customerId: c.id,
          kind: 'THANK_YOU',
          templateKey: 'thank_you',
          data: {},
          dedupeKey: 'useful-1',
        }),
      );
      const config = loadConfig({
        NODE_ENV: 'test',
        UNSUBSCRIBE_SECRET: 'feedback-link-secret-0123',
        PUBLIC_URL: s.url,
      });
      const links = messageLinks(
        config,
        { programId: program.id, customerId: c.id, messageId, channel: 'EMAIL', topic: null },
        true,
      );
      const answers = () => s.testDb.db('message_feedback').where({ message_id: messageId });

      const page = await fetch(links.usefulNoUrl!);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(await answers()).toEqual([]);
      const form = /<form method="post" action="([^"]+)">/.exec(html);
      expect(form).not.toBeNull();
      expect(html).toMatch(/<button type="submit">Send my answer<\/button>/);
      expect(html).toContain('<html lang="en">');

      const posted = await fetch(new URL(form![1]!.replace(/&amp;/g, '&'), s.url), { method: 'POST' });
      expect(posted.status).toBe(200);
      expect((await answers()).map((a: { useful: boolean }) => a.useful)).toEqual([false]);

      const forged = links.usefulYesUrl!.replace(/\/f\/[^.]+/, '/f/eyJmIjoxfQ');
      expect((await fetch(forged)).status).toBe(400);
    } finally {
      await s.close();
    }
  });
});
