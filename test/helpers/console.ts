import { createRequire } from 'node:module';
import type { ParsedMail } from 'mailparser';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { loadConfig } from '../../src/config';
import { startWorker, type Worker } from '../../src/jobs/worker';
import { createLogger } from '../../src/logger';
import type { StaffUserRole } from '../../src/modules/auth/viewer';
import { systemClock } from '../../src/shared/clock';
import { launchBrowser } from './browser';
import { createTestDb, type TestDb } from './db';
import { makeProgramWithKeys } from './factories';
import { startTestServer, type TestServer } from './server';
import { mailServer } from './smtp';
import { makeStaffUser, PASSWORD } from './staff';
import { eventually } from './wait';

const require = createRequire(import.meta.url);

/** A browser flow's budget: a busy 2-core machine builds the console and starts chromium. */
export const FLOW_TIMEOUT = 240_000;

export type Keys = Awaited<ReturnType<typeof makeProgramWithKeys>>['keys'];

export interface ConsoleWorld {
  s: TestServer;
  t: TestDb;
  browser: Browser;
  programId: string;
  slug: string;
  keys: Keys;
  /** Mails received by the real SMTP server the API and the worker send to. */
  mails: ParsedMail[];
  /** A console account with the shared test password. */
  staff(role: StaffUserRole, name?: string): Promise<{ email: string; name: string }>;
  /** A fresh browser context (its own cookies), phone-sized or not. */
  context(opts?: { phone?: boolean }): Promise<BrowserContext>;
  close(): Promise<void>;
}

/**
 * The real thing for a console flow: the app over HTTP on its own database, the job worker
 * (so messages really go out), an SMTP server that parses what it gets, and headless chromium.
 */
async function startConsoleWorld(opts: { program?: Record<string, string> } = {}): Promise<ConsoleWorld> {
  const smtp = mailServer();
  const env = {
    SMTP_URL: await smtp.start(),
    MAIL_FROM: 'Test Café <hello@cafe.example>',
    UNSUBSCRIBE_SECRET: 'console-flow-link-secret',
  };
  const t = await createTestDb();
  const s = await startTestServer({ testDb: t, env });
  // Links in mails point at the server under test.
  const config = loadConfig({ ...env, NODE_ENV: 'test', DATABASE_URL: t.url, PUBLIC_URL: s.url });
  const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const worker: Worker = await startWorker(
    { config, db: t.db, clock: systemClock, log, databaseUrl: t.url },
    { concurrency: 2 },
  );
  const { program, keys } = await makeProgramWithKeys(t.db, { timeZone: 'UTC', ...opts.program });
  const browser = await launchBrowser();
  const contexts: BrowserContext[] = [];
  return {
    s,
    t,
    browser,
    programId: program.id,
    slug: program.slug,
    keys,
    mails: smtp.mails,
    async staff(role, name) {
      const n = name ?? `${role[0]!.toUpperCase()}${role.slice(1)} Person`;
      const u = await makeStaffUser(t.db, program.id, {
        role,
        name: n,
        email: `${role}-${Date.now()}@cafe.example`,
      });
      return { email: u.email, name: n };
    },
    async context(o = {}) {
      const c = await browser.newContext(
        o.phone
          ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 }
          : { viewport: { width: 1280, height: 900 } },
      );
      contexts.push(c);
      return c;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
      await worker.stop();
      await s.close();
      await t.drop();
      await smtp.close();
    },
  };
}

/**
 * The console world of a describe block: started before its tests, then `seed` runs (in the same
 * hook and budget); closed after them. Usable at once: it stands for the world the hook starts.
 */
export function consoleWorldForTests(seed: () => Promise<void> = async () => {}): ConsoleWorld {
  let world: ConsoleWorld | undefined;
  beforeAll(async () => {
    world = await startConsoleWorld();
    await seed();
  }, FLOW_TIMEOUT);
  afterAll(() => world?.close());
  return new Proxy({} as ConsoleWorld, {
    get(_, prop) {
      if (!world) throw new Error('the console world is not started yet (used outside a test or hook?)');
      return world[prop as keyof ConsoleWorld];
    },
  });
}

/** Opens the console and signs in through its form. */
export async function signIn(
  world: ConsoleWorld,
  page: Page,
  email: string,
  password = PASSWORD,
): Promise<void> {
  await page.goto(`${world.s.url}/console`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Console' }).waitFor();
}

/**
 * A new console account of `role` named `name`, signed in on a fresh page (its own cookies)
 * that is watched for script errors from the start: `problems`, as `watchForErrors` gives them.
 */
export async function signedInAs(
  world: ConsoleWorld,
  role: StaffUserRole,
  name: string,
): Promise<{ page: Page; problems: string[]; email: string }> {
  const { email } = await world.staff(role, name);
  const page = await (await world.context()).newPage();
  const problems = watchForErrors(page);
  await signIn(world, page, email);
  return { page, problems, email };
}

/** Fails the test on any script error or CSP violation the page reports. */
export function watchForErrors(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('console', (m) => {
    // A 4xx/5xx answer is the browser's own log line; the API's refusals are part of the flows.
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) problems.push(m.text());
  });
  return problems;
}

/** axe-core's WCAG 2.1 A/AA and best-practice rules: the violations, as {id, nodes}. */
export async function axe(page: Page): Promise<{ id: string; nodes: string[] }[]> {
  // Injected as the test's own script: the page's CSP governs the page, not the test driver.
  await page.evaluate(require('node:fs').readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  return page.evaluate(async () => {
    const r = await (globalThis as any).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return r.violations.map((v: any) => ({ id: v.id, nodes: v.nodes.map((n: any) => n.html) }));
  });
}

export async function expectAccessible(page: Page, what: string): Promise<void> {
  expect(await axe(page), `axe violations on ${what}`).toEqual([]);
}

/** A mail to `to` whose subject matches, once it has arrived. */
export async function mailTo(world: ConsoleWorld, to: string, subject: RegExp): Promise<ParsedMail> {
  const find = () =>
    world.mails.find(
      (m) => (m.to as { text?: string } | undefined)?.text?.includes(to) && subject.test(m.subject ?? ''),
    );
  const m = await eventually(
    async () => find(),
    (x) => x !== undefined,
    60_000,
  );
  expect(m, `a mail to ${to} matching ${subject}`).toBeDefined();
  return m!;
}
