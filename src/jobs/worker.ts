import { type Runner, run, type TaskList, Logger as WorkerLogger } from 'graphile-worker';
import pg from 'pg';
import type { Logger } from '../logger';
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

function workerLogger(log: Logger): WorkerLogger {
  return new WorkerLogger((scope) => (level, message, meta) => {
    const child = log.child({ worker: scope.label ?? 'worker', job: scope.taskIdentifier });
    const fn = level === 'error' ? child.error : level === 'warning' ? child.warn : child.debug;
    fn.call(child, meta ?? {}, message);
  });
}

export interface Worker {
  stop(): Promise<void>;
}

/**
 * The job worker: graphile-worker (migrating its own schema on start) plus the outbox relay.
 * `stop()` lets running jobs finish.
 */
export async function startWorker(
  deps: JobDeps & { databaseUrl: string },
  opts: { jobs?: JobRegistry; crontab?: string; concurrency?: number } = {},
): Promise<Worker> {
  const concurrency = opts.concurrency ?? 4;
  // Our own pool, so that a connection the server drops (a restart, a failover) is logged and
  // replaced instead of surfacing as an unhandled 'error' event that ends the process.
  const pool = new pg.Pool({
    connectionString: deps.databaseUrl,
    max: concurrency + 2,
    application_name: 'regulars-worker',
  });
  const lost = (err: Error) => deps.log.warn({ err: err.message }, 'worker database connection lost');
  pool.on('error', lost);
  pool.on('connect', (client) => client.on('error', lost));
  const runner: Runner = await run({
    pgPool: pool,
    concurrency,
    noHandleSignals: true,
    pollInterval: 1000,
    logger: workerLogger(deps.log),
    taskList: toTaskList(deps, opts.jobs ?? JOBS),
    // A custom job list (tests) gets no schedule unless given one: the crontab names our jobs.
    crontab: opts.crontab ?? (opts.jobs ? '' : CRONTAB),
  });
  const relay = startOutboxRelay(deps.db, deps.log);
  return {
    async stop() {
      await relay.stop();
      await runner.stop();
      await pool.end();
    },
  };
}
