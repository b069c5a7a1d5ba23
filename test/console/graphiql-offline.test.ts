import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser } from '../helpers/browser';
import { FLOW_TIMEOUT } from '../helpers/console';
import { makeProgramWithKeys } from '../helpers/factories';
import { startTestServer, type TestServer } from '../helpers/server';
import { makeStaffUser, PASSWORD } from '../helpers/staff';

describe.skipIf(!browserAvailable())('GraphiQL with no internet (issue 11)', () => {
  let s: TestServer;
  let browser: import('playwright-core').Browser;

  beforeAll(async () => {
    s = await startTestServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it(
    'loads /graphql with every non-local request blocked, shows the editor and breaks no CSP rule',
    async () => {
      const context = await browser.newContext();
      const blocked: string[] = [];
      // The machine may well be online: make sure nothing is fetched from anywhere but this server.
      await context.route(
        (url) => url.hostname !== '127.0.0.1' && url.hostname !== 'localhost',
        (route) => {
          blocked.push(route.request().url());
          return route.abort('internetdisconnected');
        },
      );
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' && !/favicon/.test(m.text())) problems.push(m.text());
      });
      page.on('pageerror', (e) => problems.push(String(e)));
      const res = await page.goto(`${s.url}/graphql`);
      expect(res?.status()).toBe(200);
      expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
      // The query editor (Monaco) is on the page once GraphiQL has started from local files.
      await page.locator('.graphiql-query-editor .monaco-editor').first().waitFor({ timeout: 90_000 });
      expect(await page.title()).toBe('Regulars');
      await expect.poll(() => page.locator('#root').textContent()).not.toContain('Loading');
      // It works, too: run the default query (no key: the API says so in the result pane).
      await page.locator('.graphiql-execute-button').click();
      await expect
        .poll(async () => page.locator('.result-window').textContent(), { timeout: 60_000 })
        .toContain('UNAUTHENTICATED');
      expect(blocked).toEqual([]);
      expect(problems).toEqual([]);
      await context.close();
    },
    FLOW_TIMEOUT,
  );

  it(
    'signed in through the console, GraphiQL runs queries as that person (cookie and CSRF header)',
    async () => {
      const { program } = await makeProgramWithKeys(s.testDb.db, { name: 'Graphiql Café' });
      const u = await makeStaffUser(s.testDb.db, program.id, { role: 'marketing', name: 'Gita' });
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${s.url}/console`);
      await page.getByLabel('Email').fill(u.email);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('navigation', { name: 'Console' }).waitFor();
      await page.goto(`${s.url}/graphql`);
      await page.locator('.graphiql-query-editor .monaco-editor').first().waitFor({ timeout: 90_000 });
      await page.locator('.graphiql-execute-button').click();
      await expect
        .poll(async () => page.locator('.result-window').textContent(), { timeout: 60_000 })
        // Monaco draws spaces as no-break spaces.
        .toMatch(/Graphiql\sCafé/);
      await context.close();
    },
    FLOW_TIMEOUT,
  );

  it('its assets are immutable and compressed', async () => {
    const html = await (await fetch(`${s.url}/graphql`, { headers: { accept: 'text/html' } })).text();
    const js = /src="(\/console\/assets\/graphiql-app-[^"]+\.js)"/.exec(html)?.[1];
    expect(js).toBeDefined();
    const get = () => fetch(`${s.url}${js}`, { headers: { 'accept-encoding': 'gzip' } });
    const res = await get();
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    // Compressed off the event loop: served as is until the gzip copy is ready.
    await expect
      .poll(async () => (await get()).headers.get('content-encoding'), { timeout: 30_000 })
      .toBe('gzip');
  });
});
