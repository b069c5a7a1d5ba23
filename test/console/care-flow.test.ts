import { describe, expect, it } from 'vitest';
import { browserAvailable } from '../helpers/browser';
import {
  consoleWorldForTests,
  expectAccessible,
  FLOW_TIMEOUT,
  mailTo,
  signIn,
  watchForErrors,
} from '../helpers/console';
import { makeCustomer } from '../helpers/factories';
import { purchaseInput, RECORD } from '../helpers/ledger';

const PREFS = `mutation($input: UpdateContactPreferencesInput!) { updateContactPreferences(input: $input) { preferredChannel } }`;
const SETTINGS = `mutation($input: UpdateSurveySettingsInput!) { updateSurveySettings(input: $input) { enabled } }`;
const SESSION = `mutation($input: CreateCustomerSessionInput!) { createCustomerSession(input: $input) { token } }`;
const FEEDBACK = `mutation($input: SendFeedbackInput!) { sendFeedback(input: $input) { id } }`;
const NOTE = `mutation($input: AddCustomerNoteInput!) { addCustomerNote(input: $input) { id } }`;

const COMMENT = '<b>Cold</b> coffee and a long wait';
const MESSAGE = 'The flat white was cold today <img src=x onerror="alert(1)">';
const REPLY = 'Sorry about the coffee, Ana. The next one is on us.';

describe.skipIf(!browserAvailable())('console: customer care answers a low score (issue 11)', () => {
  let ana: { id: string };

  const w = consoleWorldForTests(async () => {
    const settings = await w.s.gql(
      SETTINGS,
      { input: { enabled: true, scale: 'CSAT', delayMinutes: 0, taskSlaHours: 24 } },
      w.keys.admin,
    );
    expect(settings.errors).toBeUndefined();
    ana = await makeCustomer(w.t.db, w.programId, {
      firstName: 'Ana',
      lastName: '<i>Lopez</i>',
      email: 'ana@example.com',
      phone: '+15551234567',
    });
    await makeCustomer(w.t.db, w.programId, {
      firstName: 'Anders',
      email: 'anders@example.com',
      phone: '+15559876543',
    });
    const prefs = await w.s.gql(
      PREFS,
      {
        input: {
          customerId: ana.id,
          preferredChannel: 'EMAIL',
          consents: [{ channel: 'EMAIL', granted: true }],
        },
      },
      w.keys.staff,
    );
    expect(prefs.errors).toBeUndefined();
    await w.s.gql(
      NOTE,
      { input: { customerId: ana.id, body: 'Ask about the new dog <script>x</script>', pinned: true } },
      w.keys.staff,
    );

    // A visit; the worker mails the survey; Ana answers it through the emailed link with a 2.
    const bought = await w.s.gql(RECORD, { input: purchaseInput(ana.id) }, w.keys.pos);
    expect(bought.errors).toBeUndefined();
    const survey = await mailTo(w, 'ana@example.com', /^How was your visit/);
    const link = /http:\/\/127\.0\.0\.1:\d+\/s\/[A-Za-z0-9_.-]+/.exec(survey.text ?? '')?.[0];
    expect(link).toBeDefined();
    const answered = await fetch(link!, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ score: '2', comment: COMMENT }).toString(),
    });
    expect(answered.status).toBeLessThan(400);
    // And writes in from the app.
    const token = (await w.s.gql(SESSION, { input: { customerId: ana.id } }, w.keys.pos)).data!
      .createCustomerSession.token;
    const fb = await w.s.gql(FEEDBACK, { input: { topic: 'visit', message: MESSAGE } }, token);
    expect(fb.errors).toBeUndefined();
  });

  it(
    'finds Ana by phone, reads her survey answer, resolves the low-score task and replies; the reply reaches the mailbox',
    async () => {
      const care = await w.staff('staff', 'Cara Care');
      const page = await (await w.context()).newPage();
      const problems = watchForErrors(page);
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await signIn(w, page, care.email);

      // The care role has no reward rules or newsletters: not even the links.
      const nav = page.getByRole('navigation', { name: 'Console' });
      expect(await nav.getByRole('link', { name: 'Reward rules' }).count()).toBe(0);
      expect(await nav.getByRole('link', { name: 'Newsletters' }).count()).toBe(0);

      await nav.getByRole('link', { name: 'Customers' }).click();
      await page.getByLabel('Find a customer').fill('(555) 123-4567');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.getByRole('status').filter({ hasText: 'for “(555) 123-4567”' }).waitFor();
      const rows = page.getByRole('table').getByRole('row');
      expect(await rows.count()).toBe(2); // the header and Ana
      // HTML in a name is text.
      const link = page.getByRole('link', { name: 'Ana <i>Lopez</i>' });
      await link.waitFor();
      await expectAccessible(page, 'the customer search');
      await page.screenshot({ path: 'docs/console-customers.png', fullPage: true });
      await link.click();

      await page.getByRole('heading', { name: 'Ana <i>Lopez</i>', level: 1 }).waitFor();
      const fb = page.getByRole('region', { name: 'Surveys and feedback' });
      await fb.getByText('2 of 5').waitFor();
      expect(await fb.locator('.survey blockquote').textContent()).toBe(COMMENT);
      expect(await page.locator('main b, main i, main img, main script').count()).toBe(0);
      await expectAccessible(page, 'the customer page');

      // The low-score task: assign, comment, resolve.
      const task = fb.getByRole('article', { name: /Low survey score/ });
      expect(await task.textContent()).toContain(COMMENT);
      await task.getByText('Assign, comment or resolve').click();
      await task.getByRole('button', { name: 'Assign to me' }).click();
      await expect.poll(() => task.locator('dl.facts').textContent()).toContain('Cara Care');
      await task.getByLabel('Comment').fill('Called at 10:40; she was kind about it.');
      await task.getByRole('button', { name: 'Add comment' }).click();
      await task.getByText('Called at 10:40; she was kind about it.').waitFor();
      expect(await task.locator('ol.replies').textContent()).toContain('Cara Care');
      await task.getByLabel('Outcome').fill('Apologised; a coffee on us next visit.');
      await task.getByRole('button', { name: 'Resolve task' }).click();
      await expect.poll(() => task.locator('h3 .badge, h2 .badge').first().textContent()).toBe('Resolved');

      // The reply to her message, by her preferred channel.
      const thread = fb.getByRole('article', { name: /visit/ });
      expect(await thread.locator('blockquote p').textContent()).toBe(MESSAGE);
      await thread.getByLabel('Reply to Ana <i>Lopez</i>').fill(REPLY);
      await thread.getByRole('button', { name: 'Send reply' }).click();
      await thread.getByRole('status').filter({ hasText: 'Reply sent.' }).waitFor();
      await expect.poll(() => thread.locator('ol.replies').textContent()).toContain('Cara Care');
      await expectAccessible(page, 'the customer page after the reply');
      await page.screenshot({ path: 'docs/console-customer.png', fullPage: true });

      const mail = await mailTo(w, 'ana@example.com', /^Re: visit/);
      expect(mail.text).toContain(REPLY);

      // The Feedback pages list the same answer and the resolved task.
      await nav.getByRole('link', { name: 'Feedback' }).click();
      await page.getByRole('heading', { name: 'Feedback inbox' }).waitFor();
      await expectAccessible(page, 'the feedback inbox');
      await page.getByRole('link', { name: 'Survey answers' }).click();
      await page.getByRole('heading', { name: 'Survey answers' }).waitFor();
      await page.getByText(COMMENT).waitFor();
      await expectAccessible(page, 'the survey answers');
      await page.getByRole('link', { name: 'Follow-up tasks' }).click();
      await page.getByRole('heading', { name: 'Follow-up tasks' }).waitFor();
      await page.getByLabel('Show').selectOption('resolved');
      await page.getByRole('article', { name: /Low survey score/ }).waitFor();
      await expectAccessible(page, 'the follow-up tasks');
      await page.screenshot({ path: 'docs/console-feedback.png', fullPage: true });

      expect(dialogs).toEqual([]);
      expect(problems).toEqual([]);
    },
    FLOW_TIMEOUT,
  );
});
