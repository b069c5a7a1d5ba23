import type { ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROCESS_TEST_TIMEOUT, runTs, spawnTs, stopServer, waitForOutput } from '../helpers/process';
import { LISTENING } from '../helpers/processes';

// `npm start` on the embedded default, as a user runs it: first start seeds the demo and
// prints keys; the CLI attaches to the running instance; a restart keeps the data.
let dataDir: string;
let server: ChildProcess | null = null;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'regulars-e2e-'));
  await chmod(dataDir, 0o755);
});
afterAll(async () => {
  // After a failed test the server may still run.
  await stopServer(server);
  await rm(dataDir, { recursive: true, force: true });
}, 30_000);

const env = () => ({ REGULARS_DATA_DIR: dataDir, PORT: '0' });
const cli = (...args: string[]) => runTs('src/cli/index.ts', args, env());

async function start(): Promise<{ url: string; output: string }> {
  server = spawnTs('src/main.ts', [], env());
  const output = await waitForOutput(server, LISTENING);
  return { url: LISTENING.exec(output)![1]!, output };
}

async function stop(): Promise<number | null> {
  const s = server!;
  const exited = new Promise<number | null>((r) => s.on('close', (code) => r(code)));
  s.kill('SIGTERM');
  server = null;
  return exited;
}

async function programName(url: string, key: string) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query: '{ program { name } customer(externalId: "card-0001") { firstName } }' }),
  });
  return (await res.json()) as { data?: { program: { name: string }; customer: { firstName: string } } };
}

describe('npm start on the embedded default', () => {
  let adminKey: string;

  it(
    'first start: migrates, seeds the demo café, prints an admin and a POS key, serves GraphiQL',
    async () => {
      const { url, output } = await start();
      adminKey = /admin key: (\S+)/.exec(output)![1]!;
      expect(output).toMatch(/POS key: +rk_/);
      const page = await fetch(`${url}/graphql`, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('GraphiQL');
      const r = await programName(url, adminKey);
      expect(r.data).toEqual({ program: { name: 'The Corner Café' }, customer: { firstName: 'Ada' } });
    },
    PROCESS_TEST_TIMEOUT,
  );

  it(
    'the CLI attaches to the running instance instead of failing on its lock',
    async () => {
      const list = await cli('program', 'list', '--json');
      expect(list.code).toBe(0);
      expect(JSON.parse(list.stdout).programs.map((p: { slug: string }) => p.slug)).toEqual(['corner-cafe']);

      const created = await cli(
        'program',
        'create',
        '--slug',
        'hardware',
        '--name',
        'Hardware Store',
        '--currency',
        'KWD',
        '--json',
      );
      expect(created.code).toBe(0);
      expect(Object.keys(JSON.parse(created.stdout))).toEqual(expect.arrayContaining(['id', 'slug']));
      const key = await cli('apikey', 'create', '--program', 'hardware', '--role', 'pos', '--json');
      expect(key.code).toBe(0);
      const { id, key: secret } = JSON.parse(key.stdout);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(secret).toMatch(/^rk_/);
    },
    PROCESS_TEST_TIMEOUT,
  );

  it(
    'the CLI refuses bad input with a clear message and a non-zero exit',
    async () => {
      const bad = await cli('program', 'create', '--slug', 'Bad Slug', '--name', 'x', '--currency', 'EURO');
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toMatch(/slug: .*Lower-case/);
      expect(bad.stderr).toMatch(/currency/);
      const unknown = await cli('frobnicate');
      expect(unknown.code).not.toBe(0);
      expect(unknown.stderr).toMatch(/Unknown command/);
      const noProgram = await cli('apikey', 'create', '--program', 'nope', '--role', 'pos', '--json');
      expect(noProgram.code).toBe(1);
      expect(JSON.parse(noProgram.stdout).error.code).toBe('NOT_FOUND');
    },
    PROCESS_TEST_TIMEOUT,
  );

  it(
    'stops gracefully on SIGTERM and a second start reuses the data without seeding again',
    async () => {
      expect(await stop()).toBe(0);
      const { url, output } = await start();
      expect(output).not.toMatch(/admin key/);
      const r = await programName(url, adminKey);
      expect(r.data?.program.name).toBe('The Corner Café');
      expect(await stop()).toBe(0);
    },
    PROCESS_TEST_TIMEOUT,
  );

  it(
    'a bad environment value stops start-up with a message naming the variable',
    async () => {
      const r = await runTs('src/main.ts', [], { ...env(), PORT: 'eighty', LOG_LEVEL: 'loud' });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/PORT/);
      expect(r.stderr).toMatch(/LOG_LEVEL/);
    },
    PROCESS_TEST_TIMEOUT,
  );
});
