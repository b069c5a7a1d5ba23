import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listeningUrl, loadConfig, withListeningPort } from '../../src/config';
import { freePort } from '../../src/db/embedded';
import { surveyUrl } from '../../src/modules/feedback/surveys.service';
import { messageLinks } from '../../src/modules/messaging/links';
import { createTestDb, type TestDb } from '../helpers/db';
import { PROCESS_TEST_TIMEOUT, spawnTs, waitForOutput } from '../helpers/process';
import { LISTENING } from '../helpers/processes';

// Issue 10, defect 3: with PORT set and no PUBLIC_URL, links pointed at port 4000.
const ids = {
  programId: '00000000-0000-4000-8000-000000000001',
  customerId: '00000000-0000-4000-8000-000000000002',
  messageId: '00000000-0000-4000-8000-000000000003',
};

describe('PUBLIC_URL defaults to where the API listens (issue 10, defect 3)', () => {
  it('PORT=4581 and no PUBLIC_URL: survey, unsubscribe, preferences and feedback links use 4581', () => {
    const config = loadConfig({ NODE_ENV: 'test', PORT: '4581', UNSUBSCRIBE_SECRET: 'x'.repeat(32) });
    expect(config.PUBLIC_URL).toBe('http://127.0.0.1:4581');
    const links = messageLinks(config, { ...ids, channel: 'EMAIL', topic: null }, true);
    for (const url of [links.unsubscribeUrl, links.preferencesUrl, links.usefulYesUrl!]) {
      expect(url.startsWith('http://127.0.0.1:4581/')).toBe(true);
    }
    expect(surveyUrl(config, ids.programId, ids.messageId)).toMatch(/^http:\/\/127\.0\.0\.1:4581\/s\//);
  });

  it('a given PUBLIC_URL wins; PORT=0 takes the port bound; any-interface hosts become loopback', () => {
    const given = loadConfig({ NODE_ENV: 'test', PORT: '0', PUBLIC_URL: 'https://club.example.com' });
    expect(withListeningPort(given, 39123).PUBLIC_URL).toBe('https://club.example.com');
    const derived = loadConfig({ NODE_ENV: 'test', PORT: '0', HOST: '0.0.0.0' });
    expect(withListeningPort(derived, 39123).PUBLIC_URL).toBe('http://127.0.0.1:39123');
    expect(listeningUrl('::', 4000)).toBe('http://[::1]:4000');
  });

  describe('the real server (src/main.ts)', () => {
    let t: TestDb;
    beforeAll(async () => {
      t = await createTestDb();
    });
    afterAll(() => t.drop());

    for (const which of ['a chosen port', 'PORT=0'] as const) {
      it(
        `links follow the port actually listened on: ${which}`,
        async () => {
          const port = which === 'PORT=0' ? 0 : await freePort();
          const server = spawnTs('src/main.ts', ['--api'], { DATABASE_URL: t.url, PORT: String(port) });
          const exited = new Promise<number | null>((r) => server.on('close', (code) => r(code)));
          try {
            const out = await waitForOutput(server, /Links in messages point at (\S+)/);
            const graphiql = LISTENING.exec(out)![1]!;
            const links = /Links in messages point at (\S+)/.exec(out)![1]!;
            expect(links).toBe(graphiql);
            const bound = Number(new URL(links).port);
            if (port) expect(bound).toBe(port);
            else expect(bound).not.toBe(4000);
            // It is the address of this server.
            expect((await fetch(`${links}/healthz`)).status).toBe(200);
          } finally {
            server.kill('SIGTERM');
            await exited;
          }
        },
        PROCESS_TEST_TIMEOUT,
      );
    }
  });
});
