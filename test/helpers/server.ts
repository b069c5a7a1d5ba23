import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { startAuthCache } from '../../src/modules/auth/auth.cache';
import { startLiveEvents } from '../../src/modules/events/live';
import { type Clock, systemClock } from '../../src/shared/clock';
import { createTestDb, type TestDb } from './db';

export interface GqlResult<T = Record<string, any>> {
  status: number;
  headers: Headers;
  data: T | null;
  errors?: {
    message: string;
    path?: string[];
    extensions: { code: string; issues?: { path: string; message: string }[] };
  }[];
}

export interface TestServer {
  url: string;
  testDb: TestDb;
  gql<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<GqlResult<T>>;
  close(): Promise<void>;
}

/** The real app over real HTTP on an ephemeral port, on its own cloned database. */
export async function startTestServer(
  opts: { clock?: Clock; env?: Record<string, string>; testDb?: TestDb } = {},
): Promise<TestServer> {
  const testDb = opts.testDb ?? (await createTestDb());
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: testDb.url,
    RATE_LIMIT_PER_SECOND: '10000',
    RATE_LIMIT_BURST: '10000',
    RATE_LIMIT_PER_ADDRESS_PER_SECOND: '10000',
    RATE_LIMIT_PER_ADDRESS_BURST: '10000',
    ...opts.env,
  });
  const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  // The token cache as in production: a revocation reaches it by NOTIFY, not at once.
  const auth = await startAuthCache({ url: testDb.url, log });
  const live = await startLiveEvents({ url: testDb.url, log });
  const { app } = buildApp({
    config,
    db: testDb.db,
    clock: opts.clock ?? systemClock,
    log,
    authCache: auth.cache,
    live: live.live,
  });
  const server = http.createServer(app.callback());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    testDb,
    async gql(query, variables, token) {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: any; errors?: any };
      return { status: res.status, headers: res.headers, data: body.data ?? null, errors: body.errors };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await auth.stop();
      await live.stop();
      if (!opts.testDb) await testDb.drop();
    },
  };
}
