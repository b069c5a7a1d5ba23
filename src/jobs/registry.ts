import { feedbackJobs } from '../modules/feedback/feedback.jobs';
import { expirePoints, purgeIdempotencyKeys } from '../modules/ledger/ledger.jobs';
import { messagingJobs } from '../modules/messaging/messaging.jobs';
import { reportJobs } from '../modules/reports/reports.jobs';
import { ruleJobs } from '../modules/rules/rules.jobs';
import { staffJobs } from '../modules/staff/staff.jobs';
import { tierJobs } from '../modules/tiers/tiers.jobs';
import { webhookJobs } from '../modules/webhooks/webhooks.jobs';
import { tierChangedJobs } from '../workflows/tier-changed';
import { type JobRegistry, jobsByName } from './job';

export type { JobDeps, JobRegistry } from './job';

/**
 * The one registry: job name → payload schema → task. Modules define their jobs in their
 * *.jobs.ts (with `defineJob` from ./job, never importing this file) and add them here; code
 * queues a job with `enqueue` and the job's type from the module's *.jobs-contract.ts.
 */
export const JOBS: JobRegistry = {
  ...jobsByName([
    expirePoints,
    purgeIdempotencyKeys,
    ...tierJobs,
    ...tierChangedJobs,
    ...messagingJobs,
    ...feedbackJobs,
    ...ruleJobs,
    ...staffJobs,
    ...webhookJobs,
  ]),
  // Declared by name (src/modules/reports is not on defineJob's names yet).
  ...reportJobs,
};

/**
 * graphile-worker crontab (UTC). Each line runs once per tick however many workers run; no
 * backfill after downtime is needed, as each sweep catches up with everything due.
 * Per-program time zones are handled inside the jobs, which run often enough to catch each
 * program's local hour.
 */
export const CRONTAB = [
  '*/15 * * * * expire_points',
  '17 3 * * * purge_idempotency_keys',
  '0 * * * * tier_evaluation ?jobKey=tier_evaluation',
  '*/5 * * * * messaging_sweep', // messages a dead worker left in SENDING
  '17 * * * * points_notices', // points expiring soon / available after the return window
  '41 * * * * survey_call_tasks', // unanswered surveys → "call the customer" tasks
  '*/15 * * * * reward_rules_pending ?jobKey=reward_rules_pending', // returns-aware rule thanks
  '7 * * * * reward_rules_daily ?jobKey=reward_rules_daily', // birthdays, anniversaries (local day)
  '*/10 * * * * report_rollups ?jobKey=report_rollups', // health report roll-ups (reports.rollups)
].join('\n');
