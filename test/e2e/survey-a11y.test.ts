import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { scoped } from '../../src/db/scoped';
import { JOBS } from '../../src/jobs/registry';
import { createLogger } from '../../src/logger';
import { surveyUrl } from '../../src/modules/feedback/surveys.service';
import { browserAvailable, launchBrowser } from '../helpers/browser';
import { makeCustomer, makeProgramWithKeys } from '../helpers/factories';
import { purchaseInput, RECORD } from '../helpers/ledger';
import { startTestServer, type TestServer } from '../helpers/server';

const require = createRequire(import.meta.url);

describe.skipIf(!browserAvailable())('survey page accessibility (axe-core in headless Chromium)', () => {
  let s: TestServer;
  let url: string;
  let browser: import('playwright-core').Browser;

  beforeAll(async () => {
    s = await startTestServer({ env: { UNSUBSCRIBE_SECRET: 'a11y-link-secret-of-length' } });
    const db = s.testDb.db;
    const { program, keys } = await makeProgramWithKeys(db, { timeZone: 'UTC' });
    await s.gql(
      `mutation($input: UpdateSurveySettingsInput!) { updateSurveySettings(input: $input) { enabled } }`,
      { input: { enabled: true, scale: 'CSAT', delayMinutes: 0 } },
      keys.admin,
    );
    const c = await makeCustomer(db, program.id, { email: 'a11y@example.com' });
    const r = await s.gql(RECORD, { input: purchaseInput(c.id) }, keys.pos);
    expect(r.errors).toBeUndefined();
    const config = loadConfig({ NODE_ENV: 'test', UNSUBSCRIBE_SECRET: 'a11y-link-secret-of-length' });
    const [row] = await db('outbox').where({ task: 'send_survey' });
    const job = JOBS.send_survey!;
    await job.run(
      { config, db, clock: { now: () => new Date() }, log: createLogger('silent') },
      job.payload.parse(row.payload),
      {} as never,
    );
    const [survey] = await scoped(db, program.id)('surveys').where({ customer_id: c.id });
    url = surveyUrl(config, program.id, survey.id).replace(config.PUBLIC_URL.replace(/\/+$/, ''), s.url);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  async function axe(page: import('playwright-core').Page) {
    await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
    return page.evaluate(async () => {
      const r = await (globalThis as any).axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      });
      return r.violations.map((v: any) => ({ id: v.id, nodes: v.nodes.map((n: any) => n.html) }));
    });
  }

  it('the form, its error state and the thank-you page have no violations; works without JavaScript', async () => {
    const context = await browser.newContext({
      javaScriptEnabled: true,
      viewport: { width: 480, height: 720 },
    });
    const page = await context.newPage();
    await page.goto(url);
    expect(await axe(page)).toEqual([]);
    await page.screenshot({ path: 'docs/survey-page.png', fullPage: true });

    // The error state (a post without a score: the browser's `required` normally stops it).
    const res = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'score=&comment=hi',
    });
    expect(res.status).toBe(400);
    const errPage = await context.newPage();
    await errPage.setContent(await res.text());
    expect(await axe(errPage)).toEqual([]);

    // The form itself needs no script: submit with JavaScript off.
    const noJs = await browser.newContext({ javaScriptEnabled: false });
    const p2 = await noJs.newPage();
    await p2.goto(url);
    await p2.getByLabel('2 (Poor)').check();
    await p2.getByLabel('Anything you would like to tell us? (optional)').fill('<b>cold</b> coffee');
    await p2.getByRole('button', { name: 'Send' }).click();
    await p2.waitForURL(url);
    expect(await p2.locator('h1').textContent()).toBe('Thank you');
    const thanks = await context.newPage();
    await thanks.goto(url);
    expect(await axe(thanks)).toEqual([]);
    await noJs.close();
    await context.close();
  });
});
