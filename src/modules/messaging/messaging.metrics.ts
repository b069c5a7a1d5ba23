import client from 'prom-client';

/**
 * Message counters live in their own registry at module level: the worker that changes a
 * message's state has no app at hand, and the API's /metrics merges this registry in.
 * Per process, like every prom-client counter.
 */
export const messagingRegistry = new client.Registry();

export const messageCounter = new client.Counter({
  name: 'regulars_messages_total',
  help: 'Messages by channel and outcome (queued, sent, failed, deferred, suppressed, dead, retried, unknown)',
  labelNames: ['channel', 'outcome'] as const,
  registers: [messagingRegistry],
});

export type MessageOutcome =
  | 'queued'
  | 'sent'
  | 'failed'
  | 'deferred'
  | 'suppressed'
  | 'dead'
  | 'retried'
  | 'unknown';

export function countMessage(channel: string, outcome: MessageOutcome, n = 1): void {
  messageCounter.inc({ channel, outcome }, n);
}
