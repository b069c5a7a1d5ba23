import { describe, expect, it } from 'vitest';
import { browserAvailable } from '../helpers/browser';
import { consoleWorldForTests, expectAccessible, FLOW_TIMEOUT, signedInAs } from '../helpers/console';
import { makeCustomer } from '../helpers/factories';

/**
 * The one form the console's pages share (console/src/form.tsx): the API's message at the field
 * that caused it (aria-invalid, described by the message), the rest at the top, Enter submits,
 * the button waits while it saves, and an added thing clears the form for the next.
 */
describe.skipIf(!browserAvailable())('the console’s shared form (issue 11)', () => {
  let customerId: string;

  const w = consoleWorldForTests(async () => {
    customerId = (await makeCustomer(w.t.db, w.programId, { firstName: 'Ada', lastName: 'Form' })).id;
  });

  it(
    'catalogue, tiers, customer notes and points, newsletter: errors at the field, cleared after adding',
    async () => {
      const { page, problems } = await signedInAs(w, 'admin', 'Ari Admin');

      // Catalogue: an empty name and a zero cost, each said at its field, by keyboard alone.
      await page.goto(`${w.s.url}/console/catalogue`);
      const add = page.getByRole('region', { name: 'Add a reward' });
      await add.getByLabel('Cost in points').fill('0');
      await add.getByLabel('Cost in points').press('Enter');
      const cost = add.getByLabel('Cost in points');
      const name = add.getByLabel('Name');
      await expect.poll(() => cost.getAttribute('aria-invalid')).toBe('true');
      await expect.poll(() => name.getAttribute('aria-invalid')).toBe('true');
      const described = await cost.getAttribute('aria-describedby');
      expect(await page.locator(`[id="${described}"]`).textContent()).toBeTruthy();
      await expect.poll(() => add.getByRole('alert').textContent()).toContain('Please correct the fields');
      await expectAccessible(page, 'the catalogue form with field errors');
      await name.fill('Oat latte');
      await cost.fill('80');
      await add.getByRole('button', { name: 'Add reward' }).click();
      await page.getByRole('status').filter({ hasText: 'Added Oat latte.' }).waitFor();
      // Cleared for the next one, no error left.
      await expect.poll(() => name.inputValue()).toBe('');
      expect(await cost.getAttribute('aria-invalid')).toBeNull();

      // Tiers: a negative grace period, at its field in the settings form.
      await page.goto(`${w.s.url}/console/tiers`);
      const settings = page.getByRole('region', { name: 'Moving down' });
      const grace = settings.getByLabel('Grace days before moving down');
      await grace.fill('-3');
      await settings.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => grace.getAttribute('aria-invalid')).toBe('true');
      await expectAccessible(page, 'the tier settings with a field error');

      // Customer: an empty note, then a note that clears the form; an adjustment without a reason.
      await page.goto(`${w.s.url}/console/customers/${customerId}`);
      const notes = page.getByRole('region', { name: 'Notes' });
      const note = notes.getByLabel('Add a note');
      await notes.getByRole('button', { name: 'Add note' }).click();
      await expect.poll(() => note.getAttribute('aria-invalid')).toBe('true');
      await note.fill('Prefers oat milk');
      await notes.getByLabel('Pin it to the top').check();
      await notes.getByRole('button', { name: 'Add note' }).click();
      await notes.getByText('Prefers oat milk').waitFor();
      await expect.poll(() => note.inputValue()).toBe('');
      expect(await notes.getByLabel('Pin it to the top').isChecked()).toBe(false);
      await page.getByRole('button', { name: 'Adjust points…' }).click();
      await page.getByLabel('Points (negative to take away)').fill('25');
      await page.getByRole('button', { name: 'Adjust', exact: true }).click();
      const reason = page.getByLabel('Reason (the customer sees it in their history)');
      await expect.poll(() => reason.getAttribute('aria-invalid')).toBe('true');
      await expectAccessible(page, 'the customer page with a field error');
      await reason.fill('Spilt coffee');
      await page.getByRole('button', { name: 'Adjust', exact: true }).click();
      await page.getByRole('status').filter({ hasText: 'Adjusted by +25 points.' }).waitFor();

      // Newsletter: no subject, at the subject; the draft is not created.
      await page.goto(`${w.s.url}/console/newsletters/new`);
      const draft = page.getByRole('form', { name: 'Newsletter draft' });
      await draft.getByLabel(/^Title/).fill('Winter menu');
      await draft.getByLabel('Body').fill('<p>Soup is back on Mondays.</p>');
      await draft.getByRole('button', { name: 'Create draft' }).click();
      const subject = draft.getByLabel('Subject');
      await expect.poll(() => subject.getAttribute('aria-invalid')).toBe('true');
      expect(page.url()).toMatch(/\/newsletters\/new$/);
      await expectAccessible(page, 'the newsletter composer with a field error');
      expect(problems).toEqual([]);
    },
    FLOW_TIMEOUT,
  );
});
