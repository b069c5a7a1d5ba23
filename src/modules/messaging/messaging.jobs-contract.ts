/** The jobs code queues in this module: names and payloads (src/jobs/job.ts, JobType). */
import { z } from 'zod';
import { jobType } from '../../jobs/job';

// Ids as the database holds them (z.guid): parsed when queued, so a row's id must pass.
const id = z.guid();

/** One queued message through the policy checks to its transport. */
export const deliverMessageJob = jobType('deliver_message', z.object({ programId: id, messageId: id }));

/** A newsletter's messages, in batches, until none is due (ADR 0020). */
export const deliverNewsletterJob = jobType(
  'deliver_newsletter',
  z.object({ programId: id, newsletterId: id }),
);

/** One batch of a newsletter's audience made into messages, from after `after` (keyset). */
export const newsletterFanoutJob = jobType(
  'newsletter_fanout',
  z.object({ programId: id, newsletterId: id, after: id.nullable() }),
);
