import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { scoped } from '../../src/db/scoped';
import type { StaffUserRole } from '../../src/modules/auth/viewer';
import { hashPassword } from '../../src/modules/staff/password';
import { insertStaffUser } from '../../src/modules/staff/staff.repo';
import type { GqlResult } from './server';

export const PASSWORD = 'correct horse battery';

/** A console account, made directly (invitations have their own tests). */
export async function makeStaffUser(
  db: Knex,
  programId: string,
  overrides: { email?: string; name?: string; role?: StaffUserRole; password?: string } = {},
) {
  return insertStaffUser(scoped(db, programId), {
    name: overrides.name ?? 'Sam Staff',
    email: overrides.email ?? `staff-${randomBytes(4).toString('hex')}@example.com`,
    role: overrides.role ?? 'staff',
    passwordHash: await hashPassword(overrides.password ?? PASSWORD),
    at: new Date(),
  });
}

export const SIGN_IN = `mutation($input: SignInInput!) {
  signIn(input: $input) { expiresAt staff { id name email role } }
}`;

/**
 * A browser in miniature: keeps the session cookie it is given (as a browser would, by name),
 * and sends it with the CSRF header the console always adds.
 */
export class CookieClient {
  cookie: string | null = null;
  lastSetCookie: string | null = null;
  csrf = true;
  userAgent = 'vitest-browser';

  constructor(private readonly url: string) {}

  async gql<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GqlResult<T>> {
    const res = await fetch(`${this.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json',
        'user-agent': this.userAgent,
        ...(this.csrf ? { 'x-graphql-yoga-csrf': '1' } : {}),
        ...(this.cookie ? { cookie: `regulars_session=${this.cookie}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    const set = res.headers.get('set-cookie');
    this.lastSetCookie = set;
    if (set) {
      const value = /^regulars_session=([^;]*)/.exec(set)?.[1] ?? '';
      this.cookie = /Max-Age=0/.test(set) || !value ? null : value;
    }
    const body = (await res.json()) as { data?: any; errors?: any };
    return { status: res.status, headers: res.headers, data: body.data ?? null, errors: body.errors };
  }

  async signIn(email: string, password = PASSWORD, program?: string) {
    const r = await this.gql(SIGN_IN, { input: { email, password, ...(program ? { program } : {}) } });
    if (r.errors) throw new Error(`sign-in failed: ${JSON.stringify(r.errors)}`);
    return r;
  }
}
