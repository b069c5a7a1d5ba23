import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The budget of a test that starts one of our processes and waits for it: node loading our
 * TypeScript through tsx (~2 s idle), and on a first embedded start initdb, PostgreSQL, the
 * migrations and the demo seed: ~5 s on an idle 2-core machine, several times that when it
 * is busy (issue 10 measured load averages of 3 to 6; two suites at once with other builds
 * reached 16, and a test that runs the README's eight CLI commands then took over 120 s).
 * vitest's default 30 s is for tests that only talk to the database. This is a hang detector,
 * not a speed check: speed is measured by the benchmarks.
 */
export const PROCESS_TEST_TIMEOUT = 300_000;

/**
 * Runs a TypeScript entry point of ours as a real process (the way npm scripts do).
 * `nodeArgs` go before the entry (`--cpu-prof` for the bench: NODE_OPTIONS refuses it).
 */
export function spawnTs(
  entry: string,
  args: string[],
  env: Record<string, string>,
  nodeArgs: string[] = [],
): ChildProcess {
  return spawn(process.execPath, [...nodeArgs, '--import', 'tsx', entry, ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** What `child` prints from now on, on stdout and stderr (piped), as it comes. */
export function collectOutput(child: ChildProcess): { readonly stdout: string; readonly stderr: string } {
  const out = { stdout: '', stderr: '' };
  child.stdout!.on('data', (d) => {
    out.stdout += d;
  });
  child.stderr!.on('data', (d) => {
    out.stderr += d;
  });
  return out;
}

export function runTs(entry: string, args: string[], env: Record<string, string>): Promise<Finished> {
  const child = spawnTs(entry, args, env);
  const out = collectOutput(child);
  return new Promise((resolve) =>
    child.on('close', (code) => resolve({ code, stdout: out.stdout, stderr: out.stderr })),
  );
}

/**
 * Ends a server process we started, if it still runs: SIGTERM (it stops its embedded
 * PostgreSQL on the way out; SIGKILL would orphan it), then SIGKILL if it has not closed
 * within `ms`.
 */
export async function stopServer(child: ChildProcess | null, ms = 20_000): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const closed = new Promise((r) => child.on('close', r));
  child.kill('SIGTERM');
  await Promise.race([closed, new Promise((r) => setTimeout(r, ms))]);
  child.kill('SIGKILL');
}

/**
 * Resolves with everything printed once `pattern` appears on stdout. Its timeout is shorter than
 * PROCESS_TEST_TIMEOUT, so a slow start fails with what the process printed.
 */
export function waitForOutput(child: ChildProcess, pattern: RegExp, ms = 100_000): Promise<string> {
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`timed out waiting for ${pattern}; got:\n${out}\n${err}`)),
      ms,
    );
    child.stderr!.on('data', (d) => {
      err += d;
    });
    child.stdout!.on('data', (d) => {
      out += d;
      if (pattern.test(out)) {
        clearTimeout(timer);
        resolve(out);
      }
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before ${pattern}:\n${out}\n${err}`));
    });
  });
}
