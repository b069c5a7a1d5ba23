import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserAvailable } from '../helpers/browser';
import {
  consoleWorldForTests,
  expectAccessible,
  FLOW_TIMEOUT,
  mailTo,
  watchForErrors,
} from '../helpers/console';
import { PASSWORD } from '../helpers/staff';

/** What has the keyboard focus, as a person hears it: its label, text or aria-label. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return '';
    const label = (el as HTMLInputElement).labels?.[0]?.textContent;
    return (label ?? el.getAttribute('aria-label') ?? el.textContent ?? '').trim();
  });
}

/** Tab (only Tab) until the focused control's name matches: a keyboard user's way there. */
async function tabTo(page: Page, name: RegExp, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (name.test(await focused(page))) return;
  }
  throw new Error(`Tab never reached ${name} (last: "${await focused(page)}")`);
}

describe.skipIf(!browserAvailable())(
  'console: an admin invites a colleague, with the keyboard alone (issue 11)',
  () => {
    const w = consoleWorldForTests();

    it(
      'signs in, invites by email, signs out; the colleague accepts through the emailed link and is signed in; the link works once',
      async () => {
        const admin = await w.staff('admin', 'Ada Admin');
        const page = await (await w.context()).newPage();
        const problems = watchForErrors(page);

        // Every step below is keys: Tab, typing, arrows, Enter and Space. No clicks, no fills.
        await page.goto(`${w.s.url}/console`);
        await tabTo(page, /^Email$/);
        await page.keyboard.type(admin.email);
        await tabTo(page, /^Password$/);
        await page.keyboard.type(PASSWORD);
        await page.keyboard.press('Enter');
        await page.getByRole('navigation', { name: 'Console' }).waitFor();

        // The skip link comes first, then the navigation.
        await page.keyboard.press('Tab');
        expect(await focused(page)).toBe('Skip to content');
        await tabTo(page, /^Team$/);
        await page.keyboard.press('Enter');
        await page.getByRole('heading', { name: 'Team', level: 1 }).waitFor();
        // Arriving on a page puts the focus on its heading, for screen readers.
        expect(await focused(page)).toBe('Team');
        await expectAccessible(page, 'the team page');

        await tabTo(page, /^Email$/);
        await page.keyboard.type('new.colleague@example.com');
        await tabTo(page, /^Name \(optional\)$/);
        await page.keyboard.type('Nia <b>New</b>');
        await tabTo(page, /^Role$/);
        await page.keyboard.press('ArrowDown'); // Customer care → Marketing
        expect(await page.getByLabel('Role').inputValue()).toBe('MARKETING');
        await tabTo(page, /^Send invitation$/);
        await page.keyboard.press('Enter');
        await page
          .getByRole('status')
          .filter({ hasText: 'Invitation sent to new.colleague@example.com' })
          .waitFor();
        await page.getByText('Nia <b>New</b> <new.colleague@example.com>, marketing').waitFor();
        await expectAccessible(page, 'the team page with a pending invitation');
        await page.screenshot({ path: 'docs/console-team.png', fullPage: true });

        // Signing out: back to the sign-in form.
        await page.keyboard.press('Home');
        await tabTo(page, /^Sign out$/, 120);
        await page.keyboard.press('Enter');
        await page.getByRole('heading', { name: 'Sign in to Regulars' }).waitFor();
        await page.getByText('You have signed out.').waitFor();

        // The colleague, in their own browser, opens the emailed link.
        const mail = await mailTo(w, 'new.colleague@example.com', /invitation/i);
        const link = /http:\/\/127\.0\.0\.1:\d+\/console\/accept\?token=\S+/.exec(mail.text ?? '')?.[0];
        expect(link, mail.text).toBeDefined();
        const theirs = await (await w.context({ phone: true })).newPage();
        const theirProblems = watchForErrors(theirs);
        await theirs.goto(link!);
        await theirs.getByRole('heading', { name: 'Join your colleagues on Regulars' }).waitFor();
        await expectAccessible(theirs, 'the invitation page');
        await tabTo(theirs, /^Your name/);
        await theirs.keyboard.type('Nia New');
        await tabTo(theirs, /^Choose a password/);
        await theirs.keyboard.type('spring rhubarb terrace');
        await theirs.keyboard.press('Enter');
        await theirs.getByRole('navigation', { name: 'Console' }).waitFor();
        expect(await theirs.locator('.me').textContent()).toContain('Nia New');
        expect(await theirs.locator('.me').textContent()).toContain('(marketing)');
        // Marketing: no Team page in the menu.
        expect(
          await theirs
            .getByRole('navigation', { name: 'Console' })
            .getByRole('link', { name: 'Team' })
            .count(),
        ).toBe(0);
        await expectAccessible(theirs, 'the overview on a phone');
        await theirs.screenshot({ path: 'docs/console-phone.png', fullPage: true });

        // The link works once: opened again, it says so, beside nothing but the form.
        const again = await (await w.context()).newPage();
        await again.goto(link!);
        await again.getByLabel('Your name').fill('Someone');
        await again.getByLabel('Choose a password').fill('another long password');
        await again.getByRole('button', { name: 'Create account and sign in' }).click();
        await again.getByRole('alert').filter({ hasText: 'This invitation has already been used' }).waitFor();
        await expectAccessible(again, 'a reused invitation');

        expect(problems).toEqual([]);
        expect(theirProblems).toEqual([]);
      },
      FLOW_TIMEOUT,
    );
  },
);
