import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoped } from '../../src/db/scoped';
import { createSession } from '../../src/modules/auth/auth.service';
import { ManualClock } from '../../src/shared/clock';
import { makeCustomer, makeProgramWithKeys } from '../helpers/factories';
import { startTestServer, type TestServer } from '../helpers/server';
import { eventually } from '../helpers/wait';

// Issue 12: a request authenticates without a database read once its token was verified;
// revocation, session end and expiry still take effect (NOTIFY from triggers on the tables).
const clock = new ManualClock(new Date('2026-12-02T10:00:00Z'));
let s: TestServer;
let authQueries = 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  s = await startTestServer({ clock });
  s.testDb.db.on('query', (q: { sql: string }) => {
    if (/\b(api_keys|customer_sessions)\b/.test(q.sql) && /^select/i.test(q.sql)) authQueries++;
  });
});
afterAll(() => s.close());

const ping = (token: string) => s.gql('{ program { id } }', {}, token);

describe('the token cache', () => {
  it('a key verified once is not read again; revoking it refuses it within a second', async () => {
    const { keys, program } = await makeProgramWithKeys(s.testDb.db);
    expect((await ping(keys.pos)).status).toBe(200);
    const before = authQueries;
    for (let i = 0; i < 5; i++) expect((await ping(keys.pos)).status).toBe(200);
    expect(authQueries - before).toBe(0);

    await s.testDb
      .db('api_keys')
      .where({ program_id: program.id, role: 'pos' })
      .update({ revoked_at: new Date() });
    await sleep(1000);
    expect((await ping(keys.pos)).status).toBe(401);
    // Still refused later: a refusal is never cached as a pass.
    expect((await ping(keys.pos)).status).toBe(401);
  });

  it('a session is served from memory until it expires (app clock) or its row goes', async () => {
    const { program } = await makeProgramWithKeys(s.testDb.db);
    const c = await makeCustomer(s.testDb.db, program.id, { firstName: 'Ada' });
    const q = scoped(s.testDb.db, program.id);
    const me = (t: string) => s.gql('{ me { id } }', {}, t);

    const short = await createSession(q, clock, c.id, 60);
    expect((await me(short.token)).data?.me?.id).toBe(c.id);
    const before = authQueries;
    expect((await me(short.token)).status).toBe(200);
    expect(authQueries - before).toBe(0);
    clock.advance(61_000);
    expect((await me(short.token)).status).toBe(401);

    const other = await createSession(q, clock, c.id, 3600);
    expect((await me(other.token)).status).toBe(200);
    await s.testDb.db('customer_sessions').where({ program_id: program.id }).delete();
    await sleep(1000);
    expect((await me(other.token)).status).toBe(401);
  });

  it('a revocation made while the listener is away is not missed; caching resumes after', async () => {
    const { keys, program } = await makeProgramWithKeys(s.testDb.db);
    expect((await ping(keys.marketing)).status).toBe(200);
    const pids = () =>
      s.testDb.db
        .raw(
          `SELECT pid FROM pg_stat_activity
            WHERE application_name = 'regulars-listen-regulars_auth' AND datname = current_database()`,
        )
        .then((r) => (r.rows as { pid: number }[]).map((x) => x.pid));
    // Every listener on the auth channel (the token cache's, and live subscriptions' own).
    const old = await pids();
    expect(old.length).toBeGreaterThan(0);
    await s.testDb.db.raw('SELECT pg_terminate_backend(pid) FROM unnest(?::int[]) pid', [old]);
    // Nobody hears this one: the listeners' connections are gone.
    await s.testDb
      .db('api_keys')
      .where({ program_id: program.id, role: 'marketing' })
      .update({ revoked_at: new Date() });
    // Back with new connections; what they missed was dropped from memory with the old ones.
    const now = await eventually(
      pids,
      (p) => p.length === old.length && p.every((pid) => !old.includes(pid)),
      20_000,
    );
    expect(now.filter((pid) => !old.includes(pid))).toHaveLength(old.length);
    expect((await ping(keys.marketing)).status).toBe(401);

    // The new connection shows in pg_stat_activity before its LISTEN has answered, and the
    // cache fills only once it has: caching resumes within moments, not necessarily at once.
    const readsForSecondPing = async () => {
      expect((await ping(keys.admin)).status).toBe(200);
      const before = authQueries;
      expect((await ping(keys.admin)).status).toBe(200);
      return authQueries - before;
    };
    expect(await eventually(readsForSecondPing, (n) => n === 0, 20_000)).toBe(0);
  });
});
