/** The jobs code queues in this module: names and payloads (src/jobs/job.ts, JobType). */
import { z } from 'zod';
import { jobType } from '../../jobs/job';

// Ids as the database holds them (z.guid): parsed when queued, so a row's id must pass.
const id = z.guid();

/** One attempt of one delivery; the relay queues most of them (src/jobs/outbox.ts). */
export const webhookDeliverJob = jobType('webhook_deliver', z.object({ programId: id, deliveryId: id }));

/** The email to every active admin that an endpoint was disabled. */
export const webhookDisabledNoticeJob = jobType(
  'webhook_disabled_notice',
  z.object({
    programId: id,
    endpointId: id,
    url: z.string(),
    failures: z.number().int(),
    lastError: z.string().nullable(),
  }),
);
