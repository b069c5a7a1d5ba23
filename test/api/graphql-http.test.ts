import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProgramWithKeys } from '../helpers/factories';
import { startTestServer, type TestServer } from '../helpers/server';

// The GraphQL-over-HTTP audit suite that ships with graphql-http, run against our server
// listening on a real socket, through Koa, authenticated with a real key. Every audit must
// pass: MUST, SHOULD and MAY (issue 10, defect 12: the MAY-400 audits for an invalid query,
// operationName, variables or extensions parameter used to fail under application/json).
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
  it('runs all 61 audits', () => {
    expect(audits).toHaveLength(61);
  });
  for (const audit of audits) {
    it(`${audit.id} ${audit.name}`, async () => {
      const result = await audit.fn();
      expect(result.status, 'reason' in result ? result.reason : '').toBe('ok');
    });
  }
});
