import type { JobHelpers } from 'graphile-worker';
import type { Knex } from 'knex';
import { z } from 'zod';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { Clock } from '../shared/clock';

/** What every job gets; modules define their jobs with `defineJob` in their *.jobs.ts. */
export interface JobDeps {
  config: Config;
  db: Knex;
  clock: Clock;
  log: Logger;
}

export interface JobDefinition<P extends z.ZodType = z.ZodType> {
  /** Re-parsed every run: a job queued by an older release may carry an older shape. */
  payload: P;
  run(deps: JobDeps, payload: z.infer<P>, helpers: JobHelpers): Promise<void>;
}

export function defineJob<P extends z.ZodType>(def: JobDefinition<P>): JobDefinition<P> {
  return def;
}

export type JobRegistry = Record<string, JobDefinition>;

/** Cron jobs get `{ _cron: { ts } }` from graphile-worker; scheduled jobs take no other input. */
export const CronPayload = z.object({ _cron: z.object({ ts: z.string() }).optional() }).loose();
