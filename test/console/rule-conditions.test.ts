import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserAvailable } from '../helpers/browser';
import { consoleWorldForTests, expectAccessible, FLOW_TIMEOUT, signedInAs } from '../helpers/console';

const RULES = `{ rewardRules { id name definition } }`;

/** The row of one condition ("Condition 2.1"), where its own arguments are. */
const row = (page: Page, name: string): Locator =>
  page.locator('.block-row').filter({ has: page.getByLabel(name, { exact: true }) });

/** Nested condition groups (all / any) are edited in the rule form, saved, and read back. */
describe.skipIf(!browserAvailable())('console: nested rule conditions (issue 11)', () => {
  const w = consoleWorldForTests();

  it(
    'builds “3+ visits and (away 30 days or 10+ visits)”, sees a nested field’s error beside it, saves and reopens it',
    async () => {
      const { page, problems } = await signedInAs(w, 'marketing', 'Maya Marketing');
      await page.goto(`${w.s.url}/console/rules/new`);
      await page.getByRole('heading', { name: 'New reward rule' }).waitFor();
      await page.getByLabel('Name (for staff)').fill('Welcome back');
      await page.getByLabel('Label (what the customer sees)').fill('Good to see you again');
      await page.getByLabel('Trigger').selectOption('PURCHASE_RECORDED');

      await page.getByRole('button', { name: 'Add a condition' }).click();
      await page.getByLabel('Condition 1', { exact: true }).selectOption('visit_count_at_least');
      await row(page, 'Condition 1').getByLabel('Count').fill('3');
      await page.getByRole('button', { name: 'Add a group (all or any of several)' }).click();
      const group = page.getByRole('group', { name: /^Group 2/ });
      await group.getByLabel('Match in group 2').selectOption('any');
      await page.getByLabel('Condition 2.1', { exact: true }).selectOption('days_since_last_visit_at_least');
      // A number the API refuses, in the nested group.
      await row(page, 'Condition 2.1').getByLabel('Days').fill('0');
      await group.getByRole('button', { name: 'Add a condition to group 2' }).click();
      await page.getByLabel('Condition 2.2', { exact: true }).selectOption('visit_count_at_least');
      await row(page, 'Condition 2.2').getByLabel('Count').fill('10');
      await page.getByLabel('Action 1').selectOption('AWARD_POINTS');
      await page.getByLabel('Points (optional)', { exact: true }).fill('20');

      await page.getByRole('button', { name: 'Create draft' }).click();
      const days = row(page, 'Condition 2.1').getByLabel('Days');
      await expect.poll(() => days.getAttribute('aria-invalid')).toBe('true');
      await expectAccessible(page, 'the rule editor with a nested group and its error');
      await days.fill('30');
      // Valid again: the API reads the nested conditions back in words.
      await expect
        .poll(() => page.locator('.reading').textContent(), { timeout: 20_000 })
        .toMatch(/Reads as/);
      await page.getByRole('button', { name: 'Create draft' }).click();
      await page.getByRole('heading', { name: 'Welcome back' }).waitFor();

      const saved = await w.s.gql(RULES, {}, w.keys.admin);
      const rule = saved.data!.rewardRules[0];
      expect(rule.definition.conditions).toEqual({
        all: [
          { condition: 'visit_count_at_least', args: { count: 3 } },
          {
            any: [
              { condition: 'days_since_last_visit_at_least', args: { days: 30 } },
              { condition: 'visit_count_at_least', args: { count: 10 } },
            ],
          },
        ],
      });

      // Reopened, the group is in the form, editable (not kept as JSON).
      await page.reload();
      await page.getByRole('heading', { name: 'Welcome back' }).waitFor();
      await expect.poll(() => page.getByLabel('Match in group 2').inputValue()).toBe('any');
      expect(await row(page, 'Condition 2.2').getByLabel('Count').inputValue()).toBe('10');
      await page.getByRole('button', { name: 'Remove condition 2.2' }).click();
      await page.getByRole('button', { name: 'Save draft' }).click();
      await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
      const after = await w.s.gql(RULES, {}, w.keys.admin);
      expect(after.data!.rewardRules[0].definition.conditions.all[1]).toEqual({
        any: [{ condition: 'days_since_last_visit_at_least', args: { days: 30 } }],
      });
      expect(problems).toEqual([]);
    },
    FLOW_TIMEOUT,
  );
});
