import type { JobHelpers } from 'graphile-worker';
import type { Knex } from 'knex';
import { z } from 'zod';
import type { Config } from '../config';
import { scoped } from '../db/scoped';
import type { Logger } from '../logger';
import type { Clock } from '../shared/clock';
import type { RequestContext } from '../shared/context';

/** What every job gets; modules define their jobs with `defineJob` in their *.jobs.ts. */
export interface JobDeps {
  config: Config;
  db: Knex;
  clock: Clock;
  log: Logger;
}

/**
 * A job's name and payload schema: all that code which queues the job needs (`enqueue`). It
 * lives in the module's *.jobs-contract.ts, apart from the code the job runs, so a service can
 * queue its own module's jobs without importing its *.jobs.ts (which imports the service).
 */
export interface JobType<N extends string = string, P extends z.ZodType = z.ZodType> {
  name: N;
  /** Parsed when the job is queued, and again every run (a job queued by an older release may carry an older shape). */
  payload: P;
}

export function jobType<N extends string, P extends z.ZodType>(name: N, payload: P): JobType<N, P> {
  return { name, payload };
}

export interface JobDefinition<P extends z.ZodType = z.ZodType> {
  /** Re-parsed every run: a job queued by an older release may carry an older shape. */
  payload: P;
  run(deps: JobDeps, payload: z.infer<P>, helpers: JobHelpers): Promise<void>;
}

/** A job as the registry holds it: its type and what it runs. */
export interface Job<N extends string = string, P extends z.ZodType = z.ZodType>
  extends JobType<N, P>,
    JobDefinition<P> {}

/**
 * The one way to declare a job: `defineJob({ ...sendSurveyJob, run })` for a job with a
 * contract (one that code queues), `defineJob({ name, payload, run })` for a scheduled one.
 */
export function defineJob<N extends string, P extends z.ZodType>(def: Job<N, P>): Job<N, P> {
  return def;
}

export type JobRegistry = Record<string, JobDefinition>;

/** The registry's map from jobs; a name given twice is a programming error, found at start-up. */
export function jobsByName(jobs: readonly Job[]): JobRegistry {
  const registry: JobRegistry = {};
  for (const job of jobs) {
    if (registry[job.name]) throw new Error(`Job ${job.name} is defined twice`);
    registry[job.name] = job;
  }
  return registry;
}

/** Cron jobs get `{ _cron: { ts } }` from graphile-worker; scheduled jobs take no other input. */
export const CronPayload = z.object({ _cron: z.object({ ts: z.string() }).optional() }).loose();

/** The request context of a job acting for one program: the system, as `id` (the job's name). */
export function systemContext(deps: JobDeps, programId: string, id: string): RequestContext {
  return {
    programId,
    q: scoped(deps.db, programId),
    viewer: null,
    actor: { kind: 'system', id, role: null },
    clock: deps.clock,
  };
}
