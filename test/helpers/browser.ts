import { existsSync } from 'node:fs';

/** Debian's chromium (`apt-get install -y chromium`); .ci/run installs it when missing. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Whether browser tests run here. Without a browser they skip on a developer's machine, but
 * under CI=true a missing browser is a failure: a skip there would hide that they never ran.
 */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI === 'true') {
    throw new Error(`CI=true and no browser at ${CHROMIUM}: install Debian's chromium (see .ci/run).`);
  }
  return false;
}

/** Headless Debian chromium, offline: no sync, updates or background requests. */
export async function launchBrowser(): Promise<import('playwright-core').Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
