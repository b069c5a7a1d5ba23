import type { JobHelpers } from 'graphile-worker';
import type { Knex } from 'knex';
import { z } from 'zod';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { messagingJobs } from '../modules/messaging/messaging.jobs';
import type { Clock } from '../shared/clock';

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

/**
 * The one typed registry: job name → payload schema → task. Modules add their jobs here.
 */
export const JOBS: JobRegistry = { ...messagingJobs };

/**
 * graphile-worker crontab (UTC). Job keys make a schedule run once even with many workers.
 * Per-program time zones are handled inside the jobs, which run often enough to catch each
 * program's local hour.
 */
export const CRONTAB = [
  '*/5 * * * * messaging_sweep ?max=1', // messages a dead worker left in SENDING
  '17 * * * * points_notices ?max=1', // points expiring soon / available after the return window
].join('\n');
