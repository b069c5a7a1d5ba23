import { z } from 'zod';
import { analyzeIfStale } from '../../db/statistics';
import type { JobDefinition } from '../../jobs/job';
import {
  deliverMessage,
  deliverNewsletter,
  sweepStaleSending,
  waitingNewsletters,
} from './messaging.delivery';
import { DELIVER_TASK } from './messaging.service';
import { DELIVER_NEWSLETTER_TASK, FANOUT_TASK, fanOutBatch } from './newsletters.service';
import { queuePointsAvailableNotices, queuePointsExpiryNotices } from './notices';

const deliver = {
  payload: z.object({ programId: z.uuid(), messageId: z.uuid() }),
  async run(deps, p) {
    const outcome = await deliverMessage(deps, p);
    deps.log.debug({ messageId: p.messageId, outcome }, 'message delivery');
  },
} satisfies JobDefinition<z.ZodObject<{ programId: z.ZodUUID; messageId: z.ZodUUID }>>;

/** A newsletter's messages, in batches, until none is due (ADR 0020); several run side by side. */
const deliverBatches = {
  payload: z.object({ programId: z.uuid(), newsletterId: z.uuid() }),
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
    if (r.more) await helpers.addJob(DELIVER_NEWSLETTER_TASK, p, { jobKey: key('more') });
    else if (r.nextDueAt)
      await helpers.addJob(DELIVER_NEWSLETTER_TASK, p, { jobKey: key('due'), runAt: r.nextDueAt });
  },
} satisfies JobDefinition<z.ZodObject<{ programId: z.ZodUUID; newsletterId: z.ZodUUID }>>;

const fanout = {
  payload: z.object({ programId: z.uuid(), newsletterId: z.uuid(), after: z.uuid().nullable() }),
  async run(deps, p) {
    await fanOutBatch(deps, p);
    // The rows just written are what delivery looks up next, by id: let the planner know of them.
    await analyzeIfStale(deps.db, 'messages');
  },
} satisfies JobDefinition<
  z.ZodObject<{ programId: z.ZodUUID; newsletterId: z.ZodUUID; after: z.ZodNullable<z.ZodUUID> }>
>;

// The registry imports this file, so nothing here may import values from the registry.
const sweep: JobDefinition = {
  payload: z.object({}).loose(),
  async run(deps, _p, helpers) {
    const n = await sweepStaleSending(deps);
    if (n) deps.log.warn({ messages: n }, 'messages left in SENDING marked UNKNOWN');
    // Newsletters whose waiting messages no delivery job is working on: add one again.
    for (const w of await waitingNewsletters(deps))
      await helpers.addJob(DELIVER_NEWSLETTER_TASK, w, { jobKey: `${w.programId}:nl:${w.newsletterId}:due` });
  },
};

const expiring: JobDefinition = {
  payload: z.object({}).loose(),
  async run(deps) {
    const expiringSoon = await queuePointsExpiryNotices(deps);
    const nowAvailable = await queuePointsAvailableNotices(deps);
    if (expiringSoon + nowAvailable) deps.log.info({ expiringSoon, nowAvailable }, 'points notices queued');
  },
};

export const SWEEP_TASK = 'messaging_sweep';
export const POINTS_NOTICES_TASK = 'points_notices';
export const messagingJobs = {
  [DELIVER_TASK]: deliver,
  [DELIVER_NEWSLETTER_TASK]: deliverBatches,
  [FANOUT_TASK]: fanout,
  [SWEEP_TASK]: sweep,
  [POINTS_NOTICES_TASK]: expiring,
} as Record<string, JobDefinition>;
