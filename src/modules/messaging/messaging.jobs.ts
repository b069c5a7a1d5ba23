import { analyzeIfStale } from '../../db/statistics';
import { CronPayload, defineJob } from '../../jobs/job';
import {
  deliverMessage,
  deliverNewsletter,
  sweepStaleSending,
  waitingNewsletters,
} from './messaging.delivery';
import { deliverMessageJob, deliverNewsletterJob, newsletterFanoutJob } from './messaging.jobs-contract';
import { fanOutBatch } from './newsletters.service';
import { queuePointsAvailableNotices, queuePointsExpiryNotices } from './notices';

const deliver = defineJob({
  ...deliverMessageJob,
  async run(deps, p) {
    const outcome = await deliverMessage(deps, p);
    deps.log.debug({ messageId: p.messageId, outcome }, 'message delivery');
  },
});

/** A newsletter's messages, in batches, until none is due (ADR 0020); several run side by side. */
const deliverBatches = defineJob({
  ...deliverNewsletterJob,
  async run(deps, p, helpers) {
    const r = await deliverNewsletter(deps, p, {
      // The job's id stays the same across its attempts: the next attempt finds what this one
      // claimed if it never comes back.
      claimedBy: `job:${helpers.job.id}`,
      signal: helpers.abortSignal,
    });
    deps.log.debug({ newsletterId: p.newsletterId, ...r }, 'newsletter delivery run');
    const key = (what: string) => `${p.programId}:nl:${p.newsletterId}:${what}`;
    // Stopped early: carry on at once. Else the next deferred or retried message, when due.
    if (r.more) await helpers.addJob(deliverNewsletterJob.name, p, { jobKey: key('more') });
    else if (r.nextDueAt)
      await helpers.addJob(deliverNewsletterJob.name, p, { jobKey: key('due'), runAt: r.nextDueAt });
  },
});

const fanout = defineJob({
  ...newsletterFanoutJob,
  async run(deps, p) {
    await fanOutBatch(deps, p);
    // The rows just written are what delivery looks up next, by id: let the planner know of them.
    await analyzeIfStale(deps.db, 'messages');
  },
});

export const SWEEP_TASK = 'messaging_sweep';
export const POINTS_NOTICES_TASK = 'points_notices';

// The registry imports this file, so nothing here may import values from the registry.
const sweep = defineJob({
  name: SWEEP_TASK,
  payload: CronPayload,
  async run(deps, _p, helpers) {
    const n = await sweepStaleSending(deps);
    if (n) deps.log.warn({ messages: n }, 'messages left in SENDING marked UNKNOWN');
    // Newsletters whose waiting messages no delivery job is working on: add one again.
    for (const w of await waitingNewsletters(deps))
      await helpers.addJob(deliverNewsletterJob.name, w, {
        jobKey: `${w.programId}:nl:${w.newsletterId}:due`,
      });
  },
});

const expiring = defineJob({
  name: POINTS_NOTICES_TASK,
  payload: CronPayload,
  async run(deps) {
    const expiringSoon = await queuePointsExpiryNotices(deps);
    const nowAvailable = await queuePointsAvailableNotices(deps);
    if (expiringSoon + nowAvailable) deps.log.info({ expiringSoon, nowAvailable }, 'points notices queued');
  },
});

export const messagingJobs = [deliver, deliverBatches, fanout, sweep, expiring];
