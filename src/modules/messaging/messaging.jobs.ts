import { z } from 'zod';
import type { JobDefinition } from '../../jobs/job';
import { deliverMessage, sweepStaleSending } from './messaging.delivery';
import { DELIVER_TASK } from './messaging.service';
import { FANOUT_TASK, fanOutBatch } from './newsletters.service';
import { queuePointsAvailableNotices, queuePointsExpiryNotices } from './notices';

const deliver = {
  payload: z.object({ programId: z.uuid(), messageId: z.uuid() }),
  async run(deps, p) {
    const outcome = await deliverMessage(deps, p);
    deps.log.debug({ messageId: p.messageId, outcome }, 'message delivery');
  },
} satisfies JobDefinition<z.ZodObject<{ programId: z.ZodUUID; messageId: z.ZodUUID }>>;

const fanout = {
  payload: z.object({ programId: z.uuid(), newsletterId: z.uuid(), after: z.uuid().nullable() }),
  async run(deps, p) {
    await fanOutBatch(deps, p);
  },
} satisfies JobDefinition<
  z.ZodObject<{ programId: z.ZodUUID; newsletterId: z.ZodUUID; after: z.ZodNullable<z.ZodUUID> }>
>;

// The registry imports this file, so nothing here may import values from the registry.
const sweep: JobDefinition = {
  payload: z.object({}).loose(),
  async run(deps) {
    const n = await sweepStaleSending(deps);
    if (n) deps.log.warn({ messages: n }, 'messages left in SENDING marked FAILED');
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
  [FANOUT_TASK]: fanout,
  [SWEEP_TASK]: sweep,
  [POINTS_NOTICES_TASK]: expiring,
} as Record<string, JobDefinition>;
