import type { JobHelpers } from 'graphile-worker';
import type { z } from 'zod';
import { scoped } from '../../db/scoped';
import { defineJob, type JobDeps } from '../../jobs/job';
import { enqueue } from '../../jobs/outbox';
import { recordAudit } from '../audit/audit.service';
import { sendEmail } from '../messaging/messaging.transports';
import { adminEmails } from '../staff/staff.service';
import { webhookDeliverJob, webhookDisabledNoticeJob } from './webhooks.jobs-contract';
import {
  type ClaimedDelivery,
  claimDelivery,
  endpointFailed,
  endpointSucceeded,
  finishAttempt,
} from './webhooks.repo';
import { postWebhook, type SendOutcome } from './webhooks.send';
import { SIGNATURE_HEADER, signatureHeader } from './webhooks.signature';

/** The notice to admins that an endpoint was disabled: an email to each active admin. */
async function sendDisabledNotice(
  deps: JobDeps,
  p: z.infer<typeof webhookDisabledNoticeJob.payload>,
): Promise<number> {
  const q = scoped(deps.db, p.programId);
  const text = [
    'Hello,',
    '',
    `The webhook endpoint ${p.url} was disabled after ${p.failures} failed deliveries in a row.`,
    `The last attempt failed with: ${p.lastError ?? 'unknown error'}.`,
    '',
    'Events are not sent to it until an admin enables it again (updateWebhookEndpoint, enabled: true);',
    'deliveries that failed meanwhile can be replayed (replayWebhookEvent). See docs/webhooks.md.',
    '',
  ].join('\n');
  let sent = 0;
  for (const to of await adminEmails(q)) {
    await sendEmail(deps.config, {
      id: `${p.endpointId}.${to}`,
      to,
      subject: `Webhook endpoint disabled: ${p.url}`,
      text,
      html: null,
    }).catch((err: Error) => deps.log.warn({ err: err.message, to }, 'webhook notice not sent'));
    sent++;
  }
  return sent;
}

/** What a receiver gets: the event as recorded, the same bytes on every attempt and replay. */
export function eventBody(programId: string, d: Pick<ClaimedDelivery, 'event'>): string {
  return JSON.stringify({
    id: d.event.id,
    type: d.event.type,
    programId,
    createdAt: d.event.payload.createdAt,
    data: d.event.payload.data,
  });
}

/**
 * Exponential backoff with jitter: base × 2^(attempt−1), capped, then a random point in its
 * upper half (so receivers that failed together do not all come back at once).
 */
export function retryDelayMs(attempt: number, baseMs: number, maxMs: number, random = Math.random): number {
  const d = Math.min(maxMs, baseMs * 2 ** Math.min(30, attempt - 1));
  return Math.round(d / 2 + (random() * d) / 2);
}

/** The secrets that sign now: the current one, and the previous during its overlap window. */
function signingSecrets(d: ClaimedDelivery, now: Date): string[] {
  const e = d.endpoint;
  const previous =
    e.previous_secret && e.previous_secret_expires_at && e.previous_secret_expires_at > now
      ? [e.previous_secret]
      : [];
  return [e.secret, ...previous];
}

async function recordFailure(
  deps: JobDeps,
  helpers: JobHelpers,
  programId: string,
  d: ClaimedDelivery,
  outcome: SendOutcome,
): Promise<void> {
  const { config } = deps;
  const q = scoped(deps.db, programId);
  const now = deps.clock.now();
  const next = new Date(
    now.getTime() + retryDelayMs(d.attempts, config.WEBHOOK_RETRY_BASE_MS, config.WEBHOOK_RETRY_MAX_MS),
  );
  const giveUp = next.getTime() > d.created_at.getTime() + config.WEBHOOK_RETRY_FOR_MS;
  await q.transaction(async (trx) => {
    await finishAttempt(trx, d.id, {
      status: giveUp ? 'FAILED' : 'RETRYING',
      response_code: outcome.status,
      latency_ms: outcome.latencyMs,
      last_error: outcome.error,
      next_attempt_at: giveUp ? null : next,
      completed_at: giveUp ? now : null,
    });
    const run = await endpointFailed(trx, d.endpoint.id, config.WEBHOOK_DISABLE_AFTER_FAILURES, now);
    if (run.disabled) {
      // The notice to admins: in the audit log (the console's activity) and the log.
      await recordAudit(trx, { kind: 'system', id: 'webhooks', role: null }, now, {
        action: 'webhook.disabled',
        targetType: 'webhook_endpoint',
        targetId: d.endpoint.id,
        details: { url: d.endpoint.url, failures: run.failures, lastError: outcome.error },
      });
      await enqueue(trx, webhookDisabledNoticeJob, {
        endpointId: d.endpoint.id,
        url: d.endpoint.url,
        failures: run.failures,
        lastError: outcome.error,
      });
      deps.log.warn(
        { programId, endpointId: d.endpoint.id, url: d.endpoint.url, failures: run.failures },
        'webhook endpoint disabled after failed deliveries',
      );
    }
  });
  if (!giveUp) {
    await helpers.addJob(
      webhookDeliverJob.name,
      { programId, deliveryId: d.id },
      { runAt: next, jobKey: `webhook:${d.id}` },
    );
  }
}

/**
 * One attempt of one delivery. Retries are new jobs at the backoff's time (not graphile-worker's
 * own retry, whose schedule is not ours); a job that runs twice finds the delivery claimed.
 */
export const webhookJobs = [
  defineJob({
    ...webhookDisabledNoticeJob,
    async run(deps, p) {
      await sendDisabledNotice(deps, p);
    },
  }),
  defineJob({
    ...webhookDeliverJob,
    async run(deps, { programId, deliveryId }, helpers) {
      const q = scoped(deps.db, programId);
      const now = deps.clock.now();
      const d = await claimDelivery(q, deliveryId, now, deps.config.WEBHOOK_TIMEOUT_MS * 2 + 60_000);
      if (!d) return;
      if (!d.endpoint.enabled) {
        await finishAttempt(q, d.id, {
          status: 'SKIPPED',
          response_code: null,
          latency_ms: null,
          last_error: d.endpoint.disabled_reason ?? 'Endpoint disabled',
          next_attempt_at: null,
          completed_at: now,
        });
        return;
      }
      const body = eventBody(programId, d);
      const t = Math.floor(now.getTime() / 1000);
      const outcome = await postWebhook(
        d.endpoint.url,
        body,
        {
          [SIGNATURE_HEADER]: signatureHeader(signingSecrets(d, now), t, body),
          'regulars-event-id': d.event.id,
          'regulars-event-type': d.event.type,
          'regulars-delivery-id': d.id,
        },
        { timeoutMs: deps.config.WEBHOOK_TIMEOUT_MS, allowPrivate: deps.config.WEBHOOK_ALLOW_PRIVATE },
      );
      if (!outcome.ok) return recordFailure(deps, helpers, programId, d, outcome);
      await q.transaction(async (trx) => {
        await finishAttempt(trx, d.id, {
          status: 'SUCCEEDED',
          response_code: outcome.status,
          latency_ms: outcome.latencyMs,
          last_error: null,
          next_attempt_at: null,
          completed_at: deps.clock.now(),
        });
        await endpointSucceeded(trx, d.endpoint.id);
      });
    },
  }),
];
