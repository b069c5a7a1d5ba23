import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db';
import { makeProgramWithKeys } from '../helpers/factories';
import { PROCESS_TEST_TIMEOUT, runTs, spawnTs, waitForOutput } from '../helpers/process';

// Issue 12: each API process keeps verified keys in memory. A key revoked through one process
// (here: the CLI, a third process) is refused by every running process within a second.
let t: TestDb;
const servers: ChildProcess[] = [];

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  for (const s of servers) s.kill('SIGTERM');
  await t.drop();
});

async function startApi(): Promise<string> {
  const child = spawnTs('src/main.ts', ['--api'], { DATABASE_URL: t.url, PORT: '0' });
  servers.push(child);
  const out = await waitForOutput(child, /GraphiQL at (http:\/\/\S+)\/graphql/);
  return /GraphiQL at (http:\/\/\S+)\/graphql/.exec(out)![1]!;
}

const ping = (url: string, key: string) =>
  fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query: '{ program { id } }' }),
  }).then((r) => r.status);

describe('revoking a key with two API processes running', () => {
  it('both refuse it within a second of the revocation', { timeout: PROCESS_TEST_TIMEOUT }, async () => {
    const { program, keys } = await makeProgramWithKeys(t.db);
    const [a, b] = await Promise.all([startApi(), startApi()]);
    // Both have verified (and cached) the key.
    for (let i = 0; i < 3; i++) {
      expect(await ping(a, keys.pos)).toBe(200);
      expect(await ping(b, keys.pos)).toBe(200);
    }
    const row = await t.db('api_keys').where({ program_id: program.id, role: 'pos' }).first();
    const revoked = await runTs(
      'src/cli/index.ts',
      ['apikey', 'revoke', '--program', program.slug, '--id', row.id, '--json'],
      { DATABASE_URL: t.url },
    );
    expect(revoked.code, revoked.stderr).toBe(0);
    // The CLI has committed: its NOTIFY reached both listeners before the requests below.
    await new Promise((r) => setTimeout(r, 1000));
    expect([await ping(a, keys.pos), await ping(b, keys.pos)]).toEqual([401, 401]);
    // Other keys are unaffected.
    expect([await ping(a, keys.admin), await ping(b, keys.admin)]).toEqual([200, 200]);
  });
});
