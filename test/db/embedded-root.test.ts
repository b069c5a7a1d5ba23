import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedPostgresError, startEmbeddedPostgres } from '../../src/db/embedded';
import { packagedBinaries, reachableBinaries } from '../../src/db/postgres-as-root';
import { PROCESS_TEST_TIMEOUT, runTs } from '../helpers/process';

const run = promisify(execFile);
const isRoot = process.getuid?.() === 0;
if (!isRoot) {
  console.warn(
    'test/db/embedded-root.test.ts SKIPPED: not running as root. These tests are about the `postgres` user PostgreSQL runs as when started by root (defect 11).',
  );
}

// Issue 10, defect 11: as root, from a clone in a directory the `postgres` user cannot
// traverse (a `mktemp -d`, /root), initdb failed with `spawn …/initdb EACCES`.
describe.skipIf(!isRoot)(
  'as root, from a clone in a private directory (defect 11; runs only as root)',
  () => {
    let privateDir: string;
    let openDir: string;
    let source: { nativeDir: string; version: string };

    beforeAll(async () => {
      privateDir = await mkdtemp(path.join(os.tmpdir(), 'regulars-private-')); // mode 0700
      openDir = await mkdtemp(path.join(os.tmpdir(), 'regulars-open-'));
      await chmod(openDir, 0o755);
      const packaged = await packagedBinaries();
      // The clone's binaries, where a clone in a private directory has them (hard links: fast).
      await run('cp', ['-al', packaged.nativeDir, path.join(privateDir, 'native')]);
      source = { nativeDir: path.join(privateDir, 'native'), version: packaged.version };
    });
    afterAll(async () => {
      await rm(privateDir, { recursive: true, force: true });
      await rm(openDir, { recursive: true, force: true });
    });

    it(
      'binaries the postgres user cannot reach: a verified copy under the temp directory runs instead',
      async () => {
        expect((await stat(privateDir)).mode & 0o777).toBe(0o700);
        const db = await startEmbeddedPostgres(path.join(openDir, 'data'), {
          database: 'postgres',
          persistent: false,
          binaries: source,
        });
        try {
          const client = new pg.Client({ connectionString: db.url });
          await client.connect();
          const { rows } = await client.query(`SELECT current_setting('server_version_num')::int AS v`);
          await client.end();
          expect(rows[0].v).toBeGreaterThanOrEqual(Number(source.version.split('.')[0]) * 10_000);
        } finally {
          await db.stop();
        }
      },
      PROCESS_TEST_TIMEOUT,
    );

    it(
      'the copy is root-owned, 0755, checked against the files it copies, and made again when changed',
      async () => {
        const cache = path.join(openDir, 'cache');
        await run('mkdir', ['-m', '755', cache]);
        const dir = await reachableBinaries(source, cache);
        expect(path.dirname(dir)).toBe(cache);
        expect(path.basename(dir)).toMatch(new RegExp(`^regulars-postgres-${source.version}-[0-9a-f]{16}$`));
        const s = await stat(dir);
        expect([s.uid, s.mode & 0o777]).toEqual([0, 0o755]);
        expect(await reachableBinaries(source, cache)).toBe(dir); // reused
        const file = path.join(dir, 'share', 'postgresql', 'postgres.bki');
        const original = await readFile(file);
        await writeFile(file, Buffer.concat([original, Buffer.from('-- changed\n')]));
        expect(await reachableBinaries(source, cache)).toBe(dir); // rebuilt, not trusted
        expect(await readFile(file)).toEqual(original);
      },
      PROCESS_TEST_TIMEOUT,
    );

    it(
      'a data directory it cannot enter: a message naming the directory and the fix, no stack trace',
      async () => {
        const dataDir = path.join(privateDir, 'data');
        const err = await startEmbeddedPostgres(dataDir).catch((e) => e);
        expect(err).toBeInstanceOf(EmbeddedPostgresError);
        expect(err.message).toContain(`cannot enter ${privateDir}`);
        expect(err.message).toContain('REGULARS_DATA_DIR');
        expect(err.message).toContain(`chmod o+x ${privateDir}`);
        const started = await runTs('src/main.ts', [], { REGULARS_DATA_DIR: dataDir, PORT: '0' });
        expect(started.code).toBe(1);
        expect(started.stderr).toContain(`cannot enter ${privateDir}`);
        expect(started.stderr).not.toMatch(/^\s+at /m);
      },
      PROCESS_TEST_TIMEOUT,
    );
  },
);
