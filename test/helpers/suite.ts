/** A test file's shared fixtures, made before all its tests and removed after them. */
import { afterAll, beforeAll } from 'vitest';
import type { Clock } from '../../src/shared/clock';
import { makeProgramWithKeys, type ProgramWithKeys } from './factories';
import { startTestServer, type TestServer } from './server';

/**
 * The file's test server (`startTestServer(opts)` before all tests, closed after them). Usable
 * at the top of the file: it stands for the server the hooks start.
 */
export function serverForFile(opts: { clock?: Clock; env?: Record<string, string> } = {}): TestServer {
  let s: TestServer | undefined;
  beforeAll(async () => {
    s = await startTestServer(opts);
  });
  afterAll(() => s?.close());
  const started = () => {
    if (!s) throw new Error('the file’s test server is not started yet (used outside a test or hook?)');
    return s;
  };
  return {
    get url() {
      return started().url;
    },
    get testDb() {
      return started().testDb;
    },
    gql: (query, variables, token) => started().gql(query, variables, token),
    close: () => started().close(),
  };
}

/**
 * A program with a key of every role on `s`'s database, made before all tests (after the
 * server): the objects returned are filled in then.
 */
export function programForFile(s: TestServer): ProgramWithKeys {
  const p = { program: {}, keys: {} } as ProgramWithKeys;
  beforeAll(async () => {
    const made = await makeProgramWithKeys(s.testDb.db);
    Object.assign(p.program, made.program);
    Object.assign(p.keys, made.keys);
  });
  return p;
}
