import { EventEmitter } from 'node:events';
import { type Runner, run, type TaskList, type WorkerEvents, Logger as WorkerLogger } from 'graphile-worker';
import pg from 'pg';
import type { Logger } from '../logger';
import { deliverMessageJob, deliverNewsletterJob } from '../modules/messaging/messaging.jobs-contract';
import { webhookDeliverJob } from '../modules/webhooks/webhooks.jobs-contract';
import { startOutboxRelay } from './outbox';
import { CRONTAB, JOBS, type JobDeps, type JobRegistry } from './registry';

/** Every payload is re-parsed with its zod schema before the task runs. */
export function toTaskList(deps: JobDeps, jobs: JobRegistry): TaskList {
  return Object.fromEntries(
    Object.entries(jobs).map(([name, job]) => [
      name,
      async (payload, helpers) => {
        const parsed = job.payload.safeParse(payload);
        if (!parsed.success) {
          // A payload we cannot read will not get better on retry: log it and drop the job.
          deps.log.error({ job: name, issues: parsed.error.issues }, 'job payload rejected');
          return;
        }
        await job.run(deps, parsed.data, helpers);
      },
    ]),
  );
}

/**
 * graphile-worker (0.17) reports a pool worker that ended with an error by `console.trace`, a
 * raw stack on stderr, besides its logger; when the database stops (a restart, Ctrl-C) that is
 * every stop. In a process that runs a worker, console.trace goes through our JSON log instead.
 */
function routeConsoleTrace(log: Logger): void {
  console.trace = (...args: unknown[]) => {
    const text = args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ');
    log.warn({ trace: text }, CONNECTION_LOST.test(text) ? 'worker connection lost' : 'trace');
  };
}

/**
 * The database going away (a restart, Ctrl-C stopping the embedded one) as graphile-worker
 * reports it, possibly a moment before we learn that we are stopping: an outage, shown as a
 * warning and by /readyz, not an application error.
 */
const CONNECTION_LOST =
  /terminating connection due to administrator command|Connection terminated|not queryable|ECONNREFUSED|ECONNRESET/;

/**
 * graphile-worker's log lines, at its levels; while we stop, or while the database is away
 * (`quiet()`), its errors are what losing the connection looks like and are logged as warnings.
 */
function workerLogger(log: Logger, quiet: () => boolean): WorkerLogger {
  return new WorkerLogger((scope) => (level, message, meta) => {
    const child = log.child({ worker: scope.label ?? 'worker', job: scope.taskIdentifier });
    const fn =
      level === 'error' && !quiet() && !CONNECTION_LOST.test(message)
        ? child.error
        : level === 'error' || level === 'warning'
          ? child.warn
          : child.debug;
    fn.call(child, meta ?? {}, message);
  });
}

export interface Worker {
  /** False while a job runner is down (the database went away) and reconnecting. */
  ready(): boolean;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

/**
 * One graphile-worker runner for one set of tasks, restarted with backoff when it fails.
 * graphile-worker ends its runner (the promise rejects) when it cannot record a job's outcome,
 * e.g. `batchFailJobs` while PostgreSQL restarts; unhandled, that rejection ended the process.
 * The jobs the failed runner still held are released at once (`force_unlock_workers`) when
 * it is replaced, instead of after graphile-worker's four-hour lock timeout.
 */
class Lane {
  private runner: Runner | null = null;
  private up = false;
  private stopping = false;
  /** graphile-worker ids (pool and workers) of the current runner: they lock the jobs. */
  ids = new Set<string>();
  private restarting: Promise<void> | null = null;

  constructor(
    private readonly name: string,
    private readonly pool: pg.Pool,
    private readonly log: Logger,
    private readonly options: { taskList: TaskList; crontab: string; concurrency: number },
  ) {}

  get ready(): boolean {
    return this.up || this.stopping;
  }

  async start(): Promise<void> {
    const events: WorkerEvents = new EventEmitter();
    const ids = new Set<string>();
    events.on('pool:create', ({ workerPool }) => ids.add(workerPool.id));
    events.on('worker:create', ({ worker }) => ids.add(worker.workerId));
    const runner = await run({
      pgPool: this.pool,
      concurrency: this.options.concurrency,
      noHandleSignals: true,
      pollInterval: 1000,
      logger: workerLogger(this.log.child({ lane: this.name }), () => this.stopping || !this.up),
      taskList: this.options.taskList,
      crontab: this.options.crontab,
      events,
      // Unbatched, graphile-worker does not await recording a job's outcome, so a connection
      // lost at that moment is an unhandled rejection that ends the process. Batched (even
      // with no delay), the failure ends the runner instead, which we restart.
      preset: { worker: { completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
    });
    this.runner = runner;
    this.ids = ids;
    this.up = true;
    runner.promise.then(
      () => {
        if (!this.stopping) this.restart('runner exited');
      },
      (err: unknown) => {
        if (!this.stopping) this.restart(err instanceof Error ? err.message : String(err));
      },
    );
  }

  private restart(reason: string): void {
    this.up = false;
    this.log.warn({ lane: this.name, reason }, 'job runner stopped; reconnecting');
    this.restarting = (async () => {
      for (let attempt = 0; !this.stopping; attempt++) {
        await sleep(Math.min(30_000, 500 * 2 ** attempt));
        if (this.stopping) return;
        try {
          // The failed runner's jobs: release them now rather than after four hours.
          if (this.ids.size) await forceUnlock(this.pool, [...this.ids]);
          await this.start();
          this.log.info({ lane: this.name }, 'job runner reconnected');
          return;
        } catch (err) {
          this.log.warn({ lane: this.name, err: (err as Error).message, attempt }, 'job runner still down');
        }
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.restarting;
    const runner = this.runner;
    this.runner = null;
    if (runner) await runner.stop().catch(() => {});
  }
}

async function forceUnlock(pool: pg.Pool, ids: string[]): Promise<void> {
  await pool.query('SELECT graphile_worker.force_unlock_workers($1::text[])', [ids]);
}

/**
 * Heartbeats and the dead-worker sweep. Every live worker process refreshes its graphile-worker
 * ids in `worker_heartbeats`; any process releases jobs locked longer than `recoveryMs` by ids
 * whose heartbeat is older than that (a process killed with -9, a host that vanished). Their
 * delivery jobs then run again and find their message SENDING: outcome unknown, not re-sent.
 */
function startHeartbeat(pool: pg.Pool, lanes: Lane[], recoveryMs: number, log: Logger) {
  const every = Math.max(250, Math.floor(recoveryMs / 4));
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const ids = () => lanes.flatMap((l) => [...l.ids]);
  const beat = async () => {
    try {
      await pool.query(
        `INSERT INTO worker_heartbeats (worker_id) SELECT unnest($1::text[])
         ON CONFLICT (worker_id) DO UPDATE SET seen_at = now()`,
        [ids()],
      );
      const { rows } = await pool.query<{ ids: string[] }>(
        `WITH dead AS (
           SELECT locked_by FROM graphile_worker._private_jobs
            WHERE locked_by IS NOT NULL AND locked_at < now() - $1 * interval '1 millisecond'
           UNION
           SELECT locked_by FROM graphile_worker._private_job_queues
            WHERE locked_by IS NOT NULL AND locked_at < now() - $1 * interval '1 millisecond'
         ), stale AS (
           SELECT d.locked_by FROM dead d
            WHERE NOT EXISTS (SELECT 1 FROM worker_heartbeats h
                               WHERE h.worker_id = d.locked_by
                                 AND h.seen_at > now() - $1 * interval '1 millisecond')
         )
         SELECT ARRAY(SELECT locked_by FROM stale) AS ids`,
        [recoveryMs],
      );
      const dead = rows[0]?.ids ?? [];
      if (dead.length) {
        await forceUnlock(pool, dead);
        await pool.query('DELETE FROM worker_heartbeats WHERE worker_id = ANY($1::text[])', [dead]);
        log.warn({ workers: dead }, 'released the jobs of workers that stopped without finishing them');
      }
      await pool.query(`DELETE FROM worker_heartbeats WHERE seen_at < now() - interval '1 day'`);
    } catch (err) {
      log.debug({ err: (err as Error).message }, 'worker heartbeat failed');
    }
  };
  const tick = () => {
    running = beat().finally(() => {
      if (!stopped) timer = setTimeout(tick, every);
    });
  };
  tick();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      await pool
        .query('DELETE FROM worker_heartbeats WHERE worker_id = ANY($1::text[])', [ids()])
        .catch(() => {});
    },
  };
}

/**
 * The job worker: graphile-worker (migrating its own schema on start) plus the outbox relay.
 * Two runners: message delivery, which waits on SMTP and webhooks, gets its own slots
 * (DELIVERY_CONCURRENCY), so a slow provider cannot hold the slots of expiry, tier and survey
 * jobs (JOB_CONCURRENCY, or `concurrency`). Each is restarted if the database goes away.
 * `stop()` lets running jobs finish.
 */
export async function startWorker(
  deps: JobDeps & { databaseUrl: string },
  opts: { jobs?: JobRegistry; crontab?: string; concurrency?: number } = {},
): Promise<Worker> {
  const concurrency = opts.concurrency ?? deps.config.JOB_CONCURRENCY;
  const deliveryConcurrency = deps.config.DELIVERY_CONCURRENCY;
  let stopping = false;
  routeConsoleTrace(deps.log);
  // Our own pool, so that a connection the server drops (a restart, a failover) is logged and
  // replaced instead of surfacing as an unhandled 'error' event that ends the process.
  const pool = new pg.Pool({
    connectionString: deps.databaseUrl,
    max: concurrency + deliveryConcurrency + 4,
    application_name: 'regulars-worker',
    // A connection that cannot be had in 10 s is an error (the runner fails and is restarted,
    // its jobs released), never a wait without end: pg.Pool waits for ever by default.
    connectionTimeoutMillis: 10_000,
  });
  const lost = (err: Error) => {
    if (!stopping) deps.log.warn({ err: err.message }, 'worker database connection lost');
  };
  pool.on('error', lost);
  pool.on('connect', (client) => client.on('error', lost));
  const tasks = toTaskList(deps, opts.jobs ?? JOBS);
  const delivers = (name: string) =>
    [deliverMessageJob, deliverNewsletterJob, webhookDeliverJob].some((job) => job.name === name);
  const delivery = Object.fromEntries(Object.entries(tasks).filter(([name]) => delivers(name)));
  const other = Object.fromEntries(Object.entries(tasks).filter(([name]) => !delivers(name)));
  const lanes: Lane[] = [];
  // A custom job list (tests) gets no schedule unless given one: the crontab names our jobs.
  const crontab = opts.crontab ?? (opts.jobs ? '' : CRONTAB);
  if (Object.keys(other).length || crontab)
    lanes.push(new Lane('jobs', pool, deps.log, { taskList: other, crontab, concurrency }));
  if (Object.keys(delivery).length)
    lanes.push(
      new Lane('delivery', pool, deps.log, {
        taskList: delivery,
        crontab: '',
        concurrency: deliveryConcurrency,
      }),
    );
  for (const lane of lanes) await lane.start();
  const heartbeat = startHeartbeat(pool, lanes, deps.config.WORKER_RECOVERY_MS, deps.log);
  const relay = startOutboxRelay(deps.db, deps.log);
  return {
    ready: () => lanes.every((l) => l.ready),
    async stop() {
      stopping = true;
      // Every lane knows at once that it is stopping: the database may go in the same moment
      // (Ctrl-C signals the embedded PostgreSQL too), and its errors are then not errors.
      const lanesStopped = Promise.all(lanes.map((l) => l.stop()));
      await relay.stop();
      await lanesStopped;
      await heartbeat.stop();
      await pool.end();
    },
  };
}
