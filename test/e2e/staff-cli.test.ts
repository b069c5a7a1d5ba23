import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProgram } from '../helpers/factories';
import { PROCESS_TEST_TIMEOUT, runTs } from '../helpers/process';
import { startTestServer, type TestServer } from '../helpers/server';
import { CookieClient } from '../helpers/staff';

// Issue 11: `npm run cli -- staff invite …` prints a single-use sign-in link that works.
const SECRET = 's'.repeat(32);
let s: TestServer;

beforeAll(async () => {
  s = await startTestServer({ env: { UNSUBSCRIBE_SECRET: SECRET } });
});
afterAll(() => s.close());

const cli = (args: string[]) =>
  runTs('src/cli/index.ts', args, {
    DATABASE_URL: s.testDb.url,
    UNSUBSCRIBE_SECRET: SECRET,
    PUBLIC_URL: s.url,
  });

describe('staff CLI', () => {
  it(
    'invite prints the link; the link signs the person in once; list shows them',
    async () => {
      const p = await makeProgram(s.testDb.db, { slug: `cli-staff-${Date.now()}` });
      const bad = await cli(['staff', 'invite', '--program', p.slug, '--email', 'nope', '--role', 'chef']);
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toContain('input.email');
      expect(bad.stderr).toContain('input.role');

      const r = await cli([
        'staff',
        'invite',
        '--program',
        p.slug,
        '--email',
        'Ana@Example.com',
        '--role',
        'marketing',
        '--json',
      ]);
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out).toMatchObject({ email: 'ana@example.com', role: 'marketing', program: p.slug });
      expect(out.link).toMatch(new RegExp(`^${s.url}/console/accept\\?token=si_`));

      const token = new URL(out.link).searchParams.get('token')!;
      const b = new CookieClient(s.url);
      const accepted = await b.gql(
        'mutation($i: AcceptStaffInvitationInput!) { acceptStaffInvitation(input: $i) { staff { email role } } }',
        { i: { token, name: 'Ana', password: 'twelve chars at least' } },
      );
      expect(accepted.data!.acceptStaffInvitation.staff).toEqual({
        email: 'ana@example.com',
        role: 'MARKETING',
      });

      const list = await cli(['staff', 'list', '--program', p.slug, '--json']);
      expect(JSON.parse(list.stdout).staff).toMatchObject([
        { name: 'Ana', email: 'ana@example.com', role: 'marketing' },
      ]);
    },
    PROCESS_TEST_TIMEOUT,
  );
});
