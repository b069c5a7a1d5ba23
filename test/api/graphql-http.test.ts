import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProgramWithKeys } from '../helpers/factories';
import { startTestServer, type TestServer } from '../helpers/server';

// The GraphQL-over-HTTP audit suite that ships with graphql-http, run against our server
// through Koa, authenticated with a real key.
let s: TestServer;
let key: string;

beforeAll(async () => {
  s = await startTestServer();
  key = (await makeProgramWithKeys(s.testDb.db)).keys.pos;
});
afterAll(() => s.close());

describe('GraphQL over HTTP (graphql-http serverAudits)', () => {
  const audits = serverAudits({
    url: () => `${s.url}/graphql`,
    fetchFn: (input: RequestInfo | URL, init?: RequestInit) => {
      const headers = new Headers(init?.headers);
      headers.set('authorization', `Bearer ${key}`);
      return fetch(input, { ...init, headers });
    },
  });
  for (const audit of audits) {
    it(`${audit.id} ${audit.name}`, async () => {
      const result = await audit.fn();
      if (audit.name.startsWith('MUST') || audit.name.startsWith('SHOULD')) {
        expect(result.status, 'reason' in result ? result.reason : '').toBe('ok');
      }
    });
  }
});
