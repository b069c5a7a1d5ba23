import { describe, expect, it } from 'vitest';
import { browserAvailable } from '../helpers/browser';
import { consoleWorldForTests, expectAccessible, FLOW_TIMEOUT, mailTo, signedInAs } from '../helpers/console';
import { makeCustomer } from '../helpers/factories';
import { purchaseInput, RECORD } from '../helpers/ledger';

const PREFS = `mutation($input: UpdateContactPreferencesInput!) { updateContactPreferences(input: $input) { preferredChannel } }`;

describe.skipIf(!browserAvailable())('console: the newsletter composer (issue 11)', () => {
  const w = consoleWorldForTests(async () => {
    // One returning customer who takes email.
    const c = await makeCustomer(w.t.db, w.programId, { firstName: 'Noor', email: 'noor@example.com' });
    await w.s.gql(
      PREFS,
      { input: { customerId: c.id, consents: [{ channel: 'EMAIL', granted: true }] } },
      w.keys.staff,
    );
    const r = await w.s.gql(RECORD, { input: purchaseInput(c.id) }, w.keys.pos);
    expect(r.errors).toBeUndefined();
  });

  it(
    'refuses a salesy draft and highlights why; the reworded issue goes out and reports back',
    async () => {
      const { page, problems } = await signedInAs(w, 'marketing', 'Maya Marketing');
      await page
        .getByRole('navigation', { name: 'Console' })
        .getByRole('link', { name: 'Newsletters' })
        .click();
      await page.getByRole('link', { name: 'New newsletter' }).click();
      await page.getByRole('heading', { name: 'New newsletter' }).waitFor();

      await page.getByLabel(/^Title/).fill('Spring at the café');
      await page.getByLabel('Subject').fill('LAST CHANCE: 50% off');
      await page.getByLabel('Body').fill('<p>Huge sale! 50% off everything. Buy now, limited time only!</p>');

      // The live check says no, and why, phrase by phrase.
      const check = page.getByRole('region', { name: 'Useful, not sales?' });
      await check.getByText('Reads as sales material').waitFor();
      const marks = check.locator('.highlighted mark');
      await expect.poll(() => marks.count()).toBeGreaterThanOrEqual(3);
      const marked = await marks.allTextContents();
      expect(marked).toEqual(expect.arrayContaining(['LAST CHANCE', 'Buy now', 'limited time']));
      // A phrase two detectors found carries both reasons ("buy-now call to action; sales wording").
      expect(await marks.filter({ hasText: 'Buy now' }).getAttribute('title')).toContain(
        'buy-now call to action',
      );
      expect(await check.getByRole('listitem').filter({ hasText: 'LAST CHANCE' }).textContent()).toContain(
        'urgency or scarcity',
      );
      // The preview is the email itself, in a frame that runs nothing.
      const frame = page.frameLocator('iframe.preview');
      await frame.getByText('Was this useful?').waitFor();
      expect(await page.locator('iframe.preview').getAttribute('sandbox')).toBe('');
      await expectAccessible(page, 'the composer with a blocked draft');
      await page.screenshot({ path: 'docs/console-newsletter.png', fullPage: true });

      await page.getByRole('button', { name: 'Create draft' }).click();
      await page.getByRole('heading', { name: 'Spring at the café' }).waitFor();
      const send = page.getByRole('region', { name: 'Send' });
      await send.getByText('reads as sales material, so it will be refused').waitFor();
      // A marketing account has no override: the field is not there.
      expect(await send.getByLabel(/Reason to send it/).count()).toBe(0);
      await send.getByRole('button', { name: /^Send to 1 customers/ }).click();
      const refusal = send.getByRole('alert');
      await refusal.waitFor();
      expect(await refusal.textContent()).toContain('The newsletter reads as sales material');
      expect(await refusal.textContent()).toContain('"Buy now" (buy-now call to action)');
      await expectAccessible(page, 'the refused send');

      // Reworded as news: the check passes, the draft is saved, it goes out and reports back.
      await page.getByLabel('Subject').fill('Spring at the café');
      await page
        .getByLabel('Body')
        .fill(
          '<p>Hello {{ customer.firstName }}, rhubarb crumble is back on the menu and the terrace opens on Saturday. From April we open at 8 and close at 18.</p>',
        );
      await check.getByText('Reads as useful information').waitFor();
      expect(await check.locator('mark').count()).toBe(0);
      await page.getByRole('button', { name: 'Save draft' }).click();
      await page.getByRole('status').filter({ hasText: 'Draft saved.' }).waitFor();
      await send.getByRole('button', { name: 'Send to 1 customers' }).click();
      await page.getByRole('heading', { name: 'Report' }).waitFor();

      const mail = await mailTo(w, 'noor@example.com', /^Spring at the café$/);
      expect(mail.text).toContain('Hello Noor, rhubarb crumble is back');
      await expect
        .poll(
          async () => {
            await page.reload();
            await page.getByRole('heading', { name: 'Report' }).waitFor();
            return page.locator('dl.stats div', { hasText: 'Delivered' }).locator('dd').textContent();
          },
          { timeout: 30_000, interval: 1000 },
        )
        .toBe('1');
      await expectAccessible(page, 'the report after sending');
      await page.getByRole('link', { name: 'All newsletters' }).click();
      await page.getByRole('cell', { name: /Spring at the café/ }).waitFor();
      await expectAccessible(page, 'the newsletters list');
      expect(problems).toEqual([]);
    },
    FLOW_TIMEOUT,
  );

  it(
    'an admin may send a blocked draft with a reason, scheduled for later; the reason is on the issue',
    async () => {
      const create = await w.s.gql(
        `mutation($input: CreateNewsletterInput!) { createNewsletter(input: $input) { id } }`,
        {
          input: { title: 'Clearance', subject: 'LAST CHANCE', body: '<p>50% off everything, buy now!</p>' },
        },
        w.keys.admin,
      );
      expect(create.errors).toBeUndefined();
      const { page, problems } = await signedInAs(w, 'admin', 'Ada Admin');
      await page.goto(`${w.s.url}/console/newsletters/${create.data!.createNewsletter.id}`);
      const send = page.getByRole('region', { name: 'Send' });
      const reason = send.getByLabel(/Reason to send it although the check blocks it/);
      await reason.waitFor();
      const later = new Date(Date.now() + 3 * 86_400_000);
      const local = new Date(later.getTime() - later.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
      await send.getByLabel(/^Send at/).fill(local);
      await reason.fill('Annual clearance, agreed with the owner');
      await send.getByRole('button', { name: 'Schedule' }).click();
      await page.getByRole('heading', { name: 'Report' }).waitFor();
      expect(await page.locator('.page-head .badge').textContent()).toBe('scheduled');
      expect(await page.locator('main').textContent()).toContain('“Annual clearance, agreed with the owner”');
      await expectAccessible(page, 'a scheduled issue');
      expect(problems).toEqual([]);
    },
    FLOW_TIMEOUT,
  );
});
