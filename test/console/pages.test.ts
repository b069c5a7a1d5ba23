import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserAvailable } from '../helpers/browser';
import {
  consoleWorldForTests,
  expectAccessible,
  FLOW_TIMEOUT,
  signedInAs,
  signIn,
  watchForErrors,
} from '../helpers/console';
import { makeCustomer } from '../helpers/factories';
import { purchaseInput, RECORD, UPSERT_ITEM } from '../helpers/ledger';
import { CookieClient, PASSWORD } from '../helpers/staff';

const DAY = 86_400_000;
const TIER = `mutation($input: CreateTierInput!) { createTier(input: $input) { id } }`;
const RULE = `mutation($input: CreateRewardRuleInput!) { createRewardRule(input: $input) { id } }`;
const NEWSLETTER = `mutation($input: CreateNewsletterInput!) { createNewsletter(input: $input) { id } }`;
const NOTE = `mutation($input: AddCustomerNoteInput!) { addCustomerNote(input: $input) { id } }`;

/** Waits until the page has its heading and nothing is loading any more. */
async function settled(page: Page): Promise<void> {
  await page.locator('main h1').first().waitFor();
  await expect.poll(() => page.locator('.loading').count(), { timeout: 20_000 }).toBe(0);
}

describe.skipIf(!browserAvailable())('console pages (issue 11)', () => {
  let customerId: string;
  let ruleId: string;
  let newsletterId: string;

  const w = consoleWorldForTests(async () => {
    const gql = async (q: string, input: Record<string, unknown>, key = w.keys.admin) => {
      const r = await w.s.gql(q, { input }, key);
      expect(r.errors, q).toBeUndefined();
      return r.data!;
    };
    const item = await gql(UPSERT_ITEM, { name: 'Free cookie', costPoints: 50, validDays: 30 });
    await gql(TIER, {
      name: 'Regular',
      rank: 1,
      metric: 'VISITS',
      threshold: 3,
      window: { kind: 'ROLLING_DAYS', days: 90 },
      earnMultiplierPercent: 125,
      welcomeCatalogItemId: item.upsertCatalogItem.id,
    });
    const c = await makeCustomer(w.t.db, w.programId, {
      firstName: 'Mo',
      lastName: 'Lee',
      email: 'mo@example.com',
    });
    customerId = c.id;
    for (let i = 0; i < 4; i++) {
      const occurredAt = new Date(Date.now() - (10 - 2 * i) * DAY).toISOString();
      await gql(RECORD, purchaseInput(c.id, { occurredAt }), w.keys.pos);
    }
    await gql(NOTE, { customerId, body: 'Likes the window seat', pinned: true }, w.keys.staff);
    ruleId = (
      await gql(RULE, {
        name: 'Weekend double',
        label: 'Weekend thanks',
        definition: {
          trigger: { type: 'PURCHASE_RECORDED' },
          conditions: { all: [{ condition: 'weekday_in', args: { days: [6, 7] } }] },
          actions: [{ type: 'AWARD_POINTS', args: { percentOfBase: 100 } }],
          limits: { budget: { kind: 'POINTS', amount: 5000 } },
        },
      })
    ).createRewardRule.id;
    newsletterId = (
      await gql(NEWSLETTER, {
        title: 'Autumn hours',
        subject: 'Our autumn hours',
        body: '<p>We open at 8 from October.</p>',
      })
    ).createNewsletter.id;
  });

  it(
    'every page is axe-clean for an admin on a desktop, the main ones on a phone too, and none is wider than a phone',
    async () => {
      const admin = await w.staff('admin', 'Ada Admin');
      const paths = [
        ['/', 'overview'],
        ['/customers', null],
        [`/customers/${customerId}`, null],
        ['/rules', null],
        ['/rules/new', null],
        [`/rules/${ruleId}`, null],
        ['/tiers', 'tiers'],
        ['/catalogue', 'catalogue'],
        ['/newsletters', null],
        ['/newsletters/new', null],
        [`/newsletters/${newsletterId}`, null],
        ['/feedback', null],
        ['/feedback/tasks', null],
        ['/feedback/surveys', null],
        ['/team', null],
        ['/sessions', null],
        ['/accept?token=someone-elses', null],
        ['/no-such-page', null],
      ] as const;
      const PHONE_AXE = new Set<string>([
        '/',
        '/customers',
        `/customers/${customerId}`,
        `/rules/${ruleId}`,
        '/feedback',
      ]);
      for (const phone of [false, true]) {
        const page = await (await w.context({ phone })).newPage();
        const problems = watchForErrors(page);
        await signIn(w, page, admin.email);
        for (const [path, shot] of paths) {
          await page.goto(`${w.s.url}/console${path === '/' ? '' : path}`);
          await settled(page);
          // Every page on a desktop; on a phone (the same markup, narrower) the main ones.
          if (!phone || PHONE_AXE.has(path))
            await expectAccessible(page, `${path} (${phone ? 'phone' : 'desktop'})`);
          // Nothing wider than the screen but the tables, which scroll in their own region.
          if (phone) {
            const overflow = await page.evaluate(
              () => document.documentElement.scrollWidth - window.innerWidth,
            );
            expect(overflow, `${path} is wider than a phone`).toBeLessThanOrEqual(0);
          } else if (shot) {
            await page.screenshot({ path: `docs/console-${shot}.png`, fullPage: true });
          }
        }
        expect(problems).toEqual([]);
      }
      // The signed-out pages.
      const out = await (await w.context()).newPage();
      await out.goto(`${w.s.url}/console`);
      await out.getByRole('heading', { name: 'Sign in to Regulars' }).waitFor();
      await expectAccessible(out, 'the sign-in page');
      await out.getByLabel('Email').fill(admin.email);
      await out.getByLabel('Password').fill('not the password at all');
      await out.getByRole('button', { name: 'Sign in' }).click();
      await out.getByRole('alert').waitFor();
      await expectAccessible(out, 'a refused sign-in');
      await out.screenshot({ path: 'docs/console-sign-in.png' });
      await out.goto(`${w.s.url}/console/accept`);
      await out.getByRole('alert').filter({ hasText: 'no invitation token' }).waitFor();
      await expectAccessible(out, 'the invitation page without a token');
    },
    // 17 pages, twice, each through axe: about 2 minutes here when the machine is quiet.
    2 * FLOW_TIMEOUT,
  );

  it(
    'marketing edits the catalogue and the tiers; the API’s refusals appear at their fields',
    async () => {
      const { page, problems } = await signedInAs(w, 'marketing', 'Maya Marketing');

      await page.getByRole('link', { name: 'Catalogue' }).click();
      await page.getByRole('heading', { name: 'Rewards catalogue' }).waitFor();
      const add = page.getByRole('region', { name: 'Add a reward' });
      await add.getByLabel('Name').fill('Cinnamon bun');
      await add.getByLabel('Cost in points').fill('0');
      await add.getByRole('button', { name: 'Add reward' }).click();
      const cost = add.getByLabel('Cost in points');
      await expect.poll(() => cost.getAttribute('aria-invalid')).toBe('true');
      await expectAccessible(page, 'the catalogue with a field error');
      await cost.fill('120');
      await add.getByRole('button', { name: 'Add reward' }).click();
      await page.getByRole('status').filter({ hasText: 'Added Cinnamon bun.' }).waitFor();
      await page.getByRole('button', { name: 'Edit Cinnamon bun' }).click();
      const edit = page.getByRole('region', { name: 'Edit Cinnamon bun' });
      await edit.getByLabel('Active: customers can redeem it').uncheck();
      await edit.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('status').filter({ hasText: 'Saved Cinnamon bun.' }).waitFor();
      await expect
        .poll(() => page.getByRole('row', { name: /Cinnamon bun/ }).textContent())
        .toContain('Inactive');

      await page.getByRole('link', { name: 'Tiers' }).click();
      await page.getByRole('heading', { name: 'Tiers', level: 1 }).waitFor();
      const tier = page.getByRole('region', { name: 'Add a tier' });
      await tier.getByLabel('Name').fill('Gold');
      await tier.getByLabel('Rank (higher is better)').fill('1'); // Regular has rank 1 already
      await tier.getByLabel('Reached by').selectOption('SPEND');
      await tier.getByLabel('Threshold in USD').fill('250');
      await tier.getByRole('button', { name: 'Add tier' }).click();
      await tier.getByRole('alert').waitFor();
      await expectAccessible(page, 'the tiers page with an error');
      await tier.getByLabel('Rank (higher is better)').fill('2');
      await tier.getByRole('button', { name: 'Add tier' }).click();
      await page.getByRole('status').filter({ hasText: 'Added Gold.' }).waitFor();
      const gold = page.getByRole('row', { name: /Gold/ });
      await expect.poll(() => gold.textContent()).toContain('$250.00');
      await page.getByRole('button', { name: 'Edit Gold' }).click();
      const editTier = page.getByRole('region', { name: 'Edit Gold' });
      await editTier.getByLabel(/Points multiplier/).fill('150');
      await editTier.getByRole('button', { name: 'Save as a new version' }).click();
      await page.getByRole('status').filter({ hasText: 'Saved Gold' }).waitFor();
      await expect.poll(() => gold.textContent()).toContain('1.5×');
      expect(await gold.textContent()).toContain('version 2');
      expect(problems).toEqual([]);
    },
    FLOW_TIMEOUT,
  );

  it(
    'a role that may not: no button, and the API refuses; another role’s page says so',
    async () => {
      const marketing = await w.staff('marketing', 'Mia Marketing');
      const page = await (await w.context()).newPage();
      await signIn(w, page, marketing.email);
      await page.goto(`${w.s.url}/console/customers/${customerId}`);
      await settled(page);
      // Marketing reads notes but may not write them or move points.
      await page.getByText('Likes the window seat').waitFor();
      expect(await page.getByRole('button', { name: 'Add note' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Edit' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: /Adjust points/ }).count()).toBe(0);
      const api = new CookieClient(w.s.url);
      await api.signIn(marketing.email);
      const r = await api.gql(NOTE, { input: { customerId, body: 'sneaky' } });
      expect(r.errors?.[0]?.extensions.code).toBe('FORBIDDEN');

      await page.goto(`${w.s.url}/console/team`);
      await page.getByRole('heading', { name: 'Not for your role' }).waitFor();
      await expectAccessible(page, 'a page not for this role');
      // No inbox for marketing, but the survey answers are theirs to read.
      const nav = page.getByRole('navigation', { name: 'Console' });
      expect(await nav.getByRole('link', { name: 'Feedback' }).count()).toBe(0);
      await nav.getByRole('link', { name: 'Survey answers' }).click();
      await page.getByRole('heading', { name: 'Survey answers', level: 1 }).waitFor();
      await settled(page);
      await expectAccessible(page, 'the survey answers for marketing');
    },
    FLOW_TIMEOUT,
  );

  it(
    'a session ended in another tab sends this one to sign-in, saying why',
    async () => {
      const care = await w.staff('staff', 'Sol Staff');
      const here = await (await w.context()).newPage();
      await signIn(w, here, care.email);
      const there = await (await w.context()).newPage();
      await signIn(w, there, care.email);
      await there.getByRole('link', { name: 'Sol Staff' }).click();
      await there.getByRole('heading', { name: 'Your sessions' }).waitFor();
      await expectAccessible(there, 'the sessions page');
      await there.getByRole('button', { name: 'End this session' }).click();
      await expect.poll(() => there.getByRole('button', { name: 'End this session' }).count()).toBe(0);

      // The revocation reaches every API process by NOTIFY: within moments, not at once.
      await expect
        .poll(
          async () => {
            // Once the revocation lands the page shows sign-in and has no menu to click:
            // look before clicking, or the click waits out its own 30 s timeout.
            const ended = await here.getByText('Your session has ended').count();
            if (ended > 0) return ended;
            const link = here
              .getByRole('navigation', { name: 'Console' })
              .getByRole('link', { name: 'Customers' });
            if ((await link.count()) > 0) await link.click({ timeout: 2_000 }).catch(() => {});
            return here.getByText('Your session has ended').count();
          },
          { timeout: 20_000, interval: 500 },
        )
        .toBe(1);
      await here.getByRole('heading', { name: 'Sign in to Regulars' }).waitFor();
      await expectAccessible(here, 'sign-in after a revoked session');
      // Signing in again lands where they were going.
      await here.getByLabel('Email').fill(care.email);
      await here.getByLabel('Password').fill(PASSWORD);
      await here.getByRole('button', { name: 'Sign in' }).click();
      await here.getByRole('heading', { name: 'Customers', level: 1 }).waitFor();
    },
    FLOW_TIMEOUT,
  );

  it(
    'the API down: the console says so and retries until it answers',
    async () => {
      const care = await w.staff('staff', 'Ari Staff');
      const context = await w.context();
      const page = await context.newPage();
      await signIn(w, page, care.email);
      // The browser can no longer reach the API (the server gone, the network down).
      await context.route('**/graphql', (route) => route.abort('connectionrefused'));
      await page
        .getByRole('navigation', { name: 'Console' })
        .getByRole('link', { name: 'Customers' })
        .click();
      const banner = page.getByRole('alert').filter({ hasText: 'API unreachable — retrying' });
      await banner.waitFor();
      await expectAccessible(page, 'the API-unreachable state');
      await context.unroute('**/graphql');
      await page.getByRole('cell', { name: /Mo Lee/ }).waitFor({ timeout: 30_000 });
      await expect.poll(() => banner.count()).toBe(0);
    },
    FLOW_TIMEOUT,
  );
});
