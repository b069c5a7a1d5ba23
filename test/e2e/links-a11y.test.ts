import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { messageLinks } from '../../src/modules/messaging/links';
import { browserAvailable, launchBrowser } from '../helpers/browser';
import { makeCustomer, makeProgramWithKeys } from '../helpers/factories';
import { startTestServer, type TestServer } from '../helpers/server';

const require = createRequire(import.meta.url);
const env = { UNSUBSCRIBE_SECRET: 'a11y-link-secret-of-length', PUBLIC_URL: 'https://regulars.example' };

// The unsubscribe and preferences pages (defect 5), as the survey page: axe-core in headless
// Chromium, JavaScript off, and used with the keyboard alone.
describe.skipIf(!browserAvailable())('unsubscribe and preferences pages: accessible, keyboard-usable', () => {
  let s: TestServer;
  let browser: import('playwright-core').Browser;
  let unsubscribeUrl: string;
  let preferencesUrl: string;
  let customerId: string;

  beforeAll(async () => {
    s = await startTestServer({ env });
    const { program, keys } = await makeProgramWithKeys(s.testDb.db, { name: 'The Corner Café' });
    const c = await makeCustomer(s.testDb.db, program.id, { email: 'a11y-links@example.com' });
    customerId = c.id;
    const r = await s.gql(
      `mutation($input: UpdateContactPreferencesInput!) { updateContactPreferences(input: $input) { preferredChannel } }`,
      {
        input: {
          customerId: c.id,
          consents: [{ channel: 'EMAIL', granted: true }],
          newsletterTopics: ['seasonal-menu', 'events'],
        },
      },
      keys.staff,
    );
    expect(r.errors).toBeUndefined();
    const config = loadConfig({ NODE_ENV: 'test', ...env });
    const l = messageLinks(
      config,
      { programId: program.id, customerId: c.id, channel: 'EMAIL', topic: 'seasonal-menu', messageId: 'm' },
      false,
    );
    unsubscribeUrl = l.unsubscribeUrl.replace('https://regulars.example', s.url);
    preferencesUrl = l.preferencesUrl.replace('https://regulars.example', s.url);
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  /** axe needs script; the pages do not: each check loads the page's own HTML in a JS context. */
  async function axe(html: string) {
    const context = await browser.newContext({ javaScriptEnabled: true });
    const page = await context.newPage();
    await page.setContent(html);
    await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
    const violations = await page.evaluate(async () => {
      const r = await (globalThis as any).axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      });
      return r.violations.map((v: any) => ({ id: v.id, nodes: v.nodes.map((n: any) => n.html) }));
    });
    await context.close();
    return violations;
  }

  const topics = async () =>
    (await s.testDb.db('contact_preferences').where({ customer_id: customerId }).first()).newsletter_topics;

  it('unsubscribe: the page and its confirmation have no violations; Tab + Enter presses the button, without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(unsubscribeUrl);
    expect(await page.locator('h1').textContent()).toBe('Unsubscribe?');
    expect(await axe(await page.content())).toEqual([]);
    expect(await topics()).toEqual(['seasonal-menu', 'events']); // opening it changed nothing

    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Unsubscribe');
    await Promise.all([page.waitForURL(unsubscribeUrl), page.keyboard.press('Enter')]);
    expect(await page.locator('h1').textContent()).toBe('You are unsubscribed');
    expect(await topics()).toEqual(['events']);
    expect(await axe(await page.content())).toEqual([]);
    // Every request stayed on our server: no CDN.
    expect(requests.every((u) => u.startsWith(s.url))).toBe(true);
    await context.close();
  }, 120_000);

  it('preferences: no violations before and after a change; a keyboard user turns the topic back on', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(preferencesUrl);
    expect(await page.locator('h1').textContent()).toBe('What The Corner Café sends you');
    expect(await axe(await page.content())).toEqual([]);

    // Tab through the buttons to the one for the topic, as a keyboard user would.
    const label = 'Turn “Seasonal menu” back on';
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate(() => document.activeElement?.textContent)) === label) break;
    }
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(label);
    await Promise.all([page.waitForURL(preferencesUrl), page.keyboard.press('Space')]);
    expect(await page.getByRole('status').textContent()).toBe('Done: “Seasonal menu” is on again.');
    expect(await topics()).toEqual(['events', 'seasonal-menu']);
    expect(await axe(await page.content())).toEqual([]);
    await context.close();
  }, 120_000);
});
