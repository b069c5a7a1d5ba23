import { describe, expect, it } from 'vitest';
import { makeProgramWithKeys } from '../helpers/factories';
import { PROCESS_TEST_TIMEOUT, runTs } from '../helpers/process';
import { listeningAt, processesOnTestDb } from '../helpers/processes';

// Issue 12: each API process keeps verified keys in memory. A key revoked through one process
// (here: the CLI, a third process) is refused by every running process within a second.
const procs = processesOnTestDb('SIGTERM');

async function startApi(): Promise<string> {
  return listeningAt(procs.spawn('src/main.ts', ['--api'], { DATABASE_URL: procs.t.url, PORT: '0' }));
}

const ping = (url: string, key: string) =>
  fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query: '{ program { id } }' }),
  }).then((r) => r.status);

describe('revoking a key with two API processes running', () => {
  it('both refuse it within a second of the revocation', { timeout: PROCESS_TEST_TIMEOUT }, async () => {
    const { program, keys } = await makeProgramWithKeys(procs.t.db);
    const [a, b] = await Promise.all([startApi(), startApi()]);
    // Both have verified (and cached) the key.
    for (let i = 0; i < 3; i++) {
      expect(await ping(a, keys.pos)).toBe(200);
      expect(await ping(b, keys.pos)).toBe(200);
    }
    const row = await procs.t.db('api_keys').where({ program_id: program.id, role: 'pos' }).first();
    const revoked = await runTs(
      'src/cli/index.ts',
      ['apikey', 'revoke', '--program', program.slug, '--id', row.id, '--json'],
      { DATABASE_URL: procs.t.url },
    );
    expect(revoked.code, revoked.stderr).toBe(0);
    // The CLI has committed: its NOTIFY reached both listeners before the requests below.
    await new Promise((r) => setTimeout(r, 1000));
    expect([await ping(a, keys.pos), await ping(b, keys.pos)]).toEqual([401, 401]);
    // Other keys are unaffected.
    expect([await ping(a, keys.admin), await ping(b, keys.admin)]).toEqual([200, 200]);
  });
});
