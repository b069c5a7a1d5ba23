import { describe, expect, it } from 'vitest';
import { browserAvailable } from '../helpers/browser';
import { consoleWorldForTests, expectAccessible, FLOW_TIMEOUT, signedInAs } from '../helpers/console';
import { makeCustomer } from '../helpers/factories';
import { purchaseInput, RECORD, UPSERT_ITEM } from '../helpers/ledger';

const DAY = 86_400_000;

describe.skipIf(!browserAvailable())('console: marketing builds a 5th-visit rule (issue 11)', () => {
  let ana: { id: string };

  const w = consoleWorldForTests(async () => {
    const item = await w.s.gql(
      UPSERT_ITEM,
      { input: { name: 'Free pastry', costPoints: 80, validDays: 30 } },
      w.keys.admin,
    );
    expect(item.errors).toBeUndefined();
    // Ana has four visits; Ben had five in the last weeks, which the dry run will find.
    ana = await makeCustomer(w.t.db, w.programId, { firstName: 'Ana', email: 'ana@example.com' });
    const ben = await makeCustomer(w.t.db, w.programId, { firstName: 'Ben' });
    for (const [c, n] of [
      [ana, 4],
      [ben, 5],
    ] as const) {
      for (let i = 0; i < n; i++) {
        const occurredAt = new Date(Date.now() - (20 - i * 3) * DAY).toISOString();
        const r = await w.s.gql(RECORD, { input: purchaseInput(c.id, { occurredAt }) }, w.keys.pos);
        expect(r.errors).toBeUndefined();
      }
    }
  });

  it(
    'signs in, builds "5th visit → free pastry", sees the API refuse a bad field beside it, dry-runs, activates; a purchase through the API issues the reward',
    async () => {
      const { page, problems } = await signedInAs(w, 'marketing', 'Maya Marketing');

      await page.getByRole('link', { name: 'Reward rules' }).click();
      await page.getByRole('heading', { name: 'Reward rules' }).waitFor();
      await expectAccessible(page, 'the rules list (empty)');
      await page.getByRole('link', { name: 'New rule' }).click();
      await page.getByRole('heading', { name: 'New reward rule' }).waitFor();

      await page.getByLabel('Name (for staff)').fill('Fifth visit pastry');
      await page.getByLabel('Label (what the customer sees)').fill('Thank you for your 5th visit!');
      await page.getByLabel('Trigger').selectOption('VISIT_MILESTONE');
      // A visit number the API refuses: its message appears beside the field, from the API.
      await page.getByLabel('Visit', { exact: true }).fill('0');
      await page.getByLabel('Action 1').selectOption('ISSUE_REWARD');
      await page.getByLabel('Catalogue item').selectOption({ label: 'Free pastry (80 points)' });
      await page.getByRole('button', { name: 'Create draft' }).click();
      const visit = page.getByLabel('Visit', { exact: true });
      await expect.poll(() => visit.getAttribute('aria-invalid')).toBe('true');
      const describedBy = (await visit.getAttribute('aria-describedby'))!;
      expect(await page.locator(`[id="${describedBy.split(' ').pop()}"]`).textContent()).toMatch(
        />=\s*1|at least 1|too small/i,
      );
      await expectAccessible(page, 'the rule editor showing a field error');

      await visit.fill('5');
      await page.getByRole('button', { name: 'Create draft' }).click();
      await page.getByRole('heading', { name: 'Fifth visit pastry' }).waitFor();
      await expect.poll(() => page.locator('.page-head .badge').textContent()).toBe('Draft');
      await expect.poll(() => page.locator('.reading').textContent()).toContain('Visit milestone');

      // Dry run over the last 30 days: Ben's fifth visit matches.
      await page
        .getByLabel('From', { exact: true })
        .fill(new Date(Date.now() - 30 * DAY).toISOString().slice(0, 10));
      await page.getByRole('button', { name: 'Run the dry run' }).click();
      const result = page.locator('.simulation');
      await result.waitFor();
      const stat = (name: string) =>
        result.locator('dl.stats div', { hasText: name }).locator('dd').textContent();
      expect(await stat('Purchases replayed')).toBe('9');
      expect(await stat('Matches')).toBe('1');
      expect(await stat('Rewards')).toBe('1');
      expect(await result.getByRole('img').first().getAttribute('aria-label')).toMatch(
        /^1 matches and 0 budget hits/,
      );
      expect(await result.getByRole('cell', { name: /Visit 5/ }).count()).toBe(1);
      await expectAccessible(page, 'the rule editor with a dry-run result');

      await page.getByRole('button', { name: 'Activate' }).click();
      await expect.poll(() => page.locator('.page-head .badge').textContent()).toBe('Active');
      await page.getByRole('status').filter({ hasText: 'Rule activated.' }).waitFor();
      await page.screenshot({ path: 'docs/console-rule.png', fullPage: true });

      await page.getByRole('link', { name: 'All rules' }).click();
      await page.getByRole('cell', { name: /Fifth visit pastry/ }).waitFor();
      expect(await page.getByRole('row', { name: /Fifth visit pastry/ }).textContent()).toContain('Active');
      await expectAccessible(page, 'the rules list');

      // The till: Ana's fifth visit, recorded through the API, issues the pastry with the rule's label.
      const r = await w.s.gql(RECORD, { input: purchaseInput(ana.id) }, w.keys.pos);
      expect(r.errors).toBeUndefined();
      const issued = await w.t.db('issued_rewards').where({ program_id: w.programId, customer_id: ana.id });
      expect(issued).toHaveLength(1);
      expect(r.data!.recordPurchase.rewardsIssued).toHaveLength(1);

      // And the customer page shows it, with why.
      await page.goto(`${w.s.url}/console/customers/${ana.id}`);
      const rewards = page.getByRole('region', { name: 'Rewards', exact: true });
      await rewards.waitFor();
      expect(await rewards.textContent()).toContain('Thank you for your 5th visit!');
      expect(problems).toEqual([]);
    },
    FLOW_TIMEOUT,
  );
});
