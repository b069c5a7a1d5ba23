import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll } from 'vitest';
import { createTestDb, type TestDb } from './db';
import { spawnTs, waitForOutput } from './process';

/** The line our API process prints once it listens; group 1 is its base URL. */
export const LISTENING = /GraphiQL at (http:\/\/\S+)\/graphql/;

/** Waits for our API process to say where it listens; returns its base URL. */
export async function listeningAt(child: ChildProcess): Promise<string> {
  const out = await waitForOutput(child, LISTENING);
  return LISTENING.exec(out)![1]!;
}

export interface ProcessesOnTestDb {
  /** The file's database (made before all tests). */
  readonly t: TestDb;
  /** `spawnTs`, the process kept to be ended after all tests. */
  spawn(entry: string, args: string[], env: Record<string, string>): ChildProcess;
}

/**
 * For a test file that runs our processes on a database of its own: the database is made before
 * all tests; after them every process started with `spawn` gets `signal`, then `afterKill`
 * runs (e.g. closing a server they talked to) and the database is dropped.
 */
export function processesOnTestDb(
  signal: NodeJS.Signals,
  opts: { afterKill?: () => Promise<void>; timeout?: number } = {},
): ProcessesOnTestDb {
  const children: ChildProcess[] = [];
  let t: TestDb | undefined;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    for (const c of children) c.kill(signal);
    await opts.afterKill?.();
    await t?.drop();
  }, opts.timeout);
  return {
    get t() {
      return t!;
    },
    spawn(entry, args, env) {
      const child = spawnTs(entry, args, env);
      children.push(child);
      return child;
    },
  };
}
