/**
 * Domain events (issue 15, ADR 0018): the one mechanism by which a change tells the rest of
 * the system what happened. The code that changes something raises the event inside its own
 * transaction; raising writes one plain outbox row (task `domain_event`), so the event commits
 * or rolls back with the change and the hot path pays no NOTIFY. The outbox relay
 * (src/jobs/outbox.ts) records each event in `domain_events`, fans it out to the webhook
 * endpoints that want it and notifies the API processes (live subscriptions), after commit.
 *
 * Every event has a stable id made here, once: the relay, a retried delivery and a manual
 * replay all carry the same id, which is what receivers deduplicate on.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { z } from 'zod';
import type { Scoped } from '../../db/scoped';

export const EVENT_TASK = 'domain_event';
/** The channel the relay notifies after commit: `[{p, c, t, i}]` (program, customer, type, id). */
export const EVENTS_CHANNEL = 'regulars_events';

// Ids as the database holds them: any uuid (z.guid), not only RFC 4122 versions — events are
// written from rows, never from a caller's input, and a row's id is whatever its table accepted.
const id = z.guid();
const customerId = id;

/** The payload (`data`) of each event, by name. Receivers see exactly these fields. */
export const EVENT_PAYLOADS = {
  'purchase.recorded': z.object({
    customerId,
    purchaseId: id,
    externalId: z.string().nullable(),
    storeCode: z.string().nullable(),
    occurredAt: z.string(),
    currency: z.string(),
    totalMinor: z.number().int(),
    pointsEarned: z.number().int(),
  }),
  'purchase.refunded': z.object({ customerId, purchaseId: id, pointsReversed: z.number().int() }),
  'points.changed': z.object({
    customerId,
    /** Signed change of the customer's points (earned, spent, reversed, expired, adjusted). */
    points: z.number().int(),
    kind: z.enum(['EARN', 'BONUS', 'REDEEM', 'REVERSAL', 'EXPIRE', 'ADJUST']),
    reason: z.string().nullable(),
  }),
  'points.expiring': z.object({ customerId, points: z.number().int(), expiresAt: z.string() }),
  'tier.changed': z.object({
    customerId,
    fromTierId: id.nullable(),
    toTierId: id.nullable(),
    reason: z.string(),
  }),
  'reward.issued': z.object({ customerId, rewardId: id }),
  'reward.used': z.object({ customerId, rewardId: id }),
  'customer.enrolled': z.object({ customerId, externalId: z.string().nullable() }),
  'feedback.received': z.object({ customerId, feedbackId: id }),
  'survey.answered': z.object({ customerId, surveyId: id, score: z.number().int().nullable() }),
} as const;

export type EventName = keyof typeof EVENT_PAYLOADS;
export const EVENT_NAMES = Object.keys(EVENT_PAYLOADS) as EventName[];
export type EventData<N extends EventName> = z.infer<(typeof EVENT_PAYLOADS)[N]>;

/** The outbox row's payload (programId is added by the outbox). */
export const EventRecord = z.object({
  eventId: z.uuid(),
  type: z.enum(EVENT_NAMES as [EventName, ...EventName[]]),
  customerId: z.guid().nullable(),
  createdAt: z.string(),
  data: z.record(z.string(), z.unknown()),
});
export type EventRecord = z.infer<typeof EventRecord>;

export interface OutboxRow {
  task: string;
  payload: object;
  job_key: string | null;
  run_at: Date | null;
}

/**
 * An event as an outbox row, for workflows that write their outbox rows inside one statement
 * of their own (recordPurchase). Parsed here: a wrong payload fails the change, not a receiver.
 */
export function eventRow<N extends EventName>(type: N, data: EventData<N>, at: Date): OutboxRow {
  const parsed = EVENT_PAYLOADS[type].parse(data) as EventData<N>;
  const record: EventRecord = {
    eventId: randomUUID(),
    type,
    customerId: (parsed as { customerId?: string }).customerId ?? null,
    createdAt: at.toISOString(),
    data: parsed,
  };
  return { task: EVENT_TASK, payload: record, job_key: null, run_at: null };
}

/** Raises events in the caller's transaction: one INSERT of outbox rows, nothing else. */
export async function raise(
  q: Scoped,
  at: Date,
  ...events: { [N in EventName]: [N, EventData<N>] }[EventName][]
): Promise<void> {
  if (!events.length) return;
  const rows = events.map(([type, data]) => eventRow(type, data as never, at));
  await q.insert(
    'outbox',
    rows.map((r) => ({
      task: r.task,
      payload: JSON.stringify({ programId: q.programId, ...r.payload }),
      job_key: null,
      run_at: null,
    })),
  );
}

/**
 * Set-based form for batch work (a tier evaluation, an archived tier's holders): one event of
 * `type` per row of `select`, whose `data` column is the event's payload as jsonb (with its
 * `customerId`). Same transaction rules as `raise`; the payloads are built in SQL, so the
 * caller keeps them to the event's schema. Returns the count.
 */
export async function raiseFromSelect(
  q: Scoped,
  at: Date,
  type: EventName,
  select: string,
  bindings: readonly Knex.RawBinding[],
): Promise<number> {
  const r = await q.knex.raw(
    `INSERT INTO outbox (program_id, task, payload)
     SELECT ?::uuid, ?, jsonb_build_object('programId', ?::text, 'eventId', gen_random_uuid(), 'type', ?::text,
                                           'customerId', s.data->>'customerId', 'createdAt', ?::text, 'data', s.data)
       FROM (${select}) s`,
    [q.programId, EVENT_TASK, q.programId, type, at.toISOString(), ...bindings],
  );
  return r.rowCount ?? 0;
}

/**
 * Runs `query` (an INSERT or UPDATE with RETURNING) and raises `events` in the same statement
 * (data-modifying CTEs): for paths whose round trips are counted, an event costs none.
 */
export async function withEvents<T>(
  q: Scoped,
  query: Knex.QueryBuilder,
  at: Date,
  events: { [N in EventName]: [N, EventData<N>] }[EventName][],
): Promise<T[]> {
  if (!events.length) return query;
  const rows = events.map(([type, data]) => ({
    programId: q.programId,
    ...eventRow(type, data as never, at).payload,
  }));
  return q.knex
    .with('x', query)
    .with(
      'ev',
      q.knex.raw(
        `INSERT INTO outbox (program_id, task, payload)
         SELECT ?::uuid, ?, e.payload FROM jsonb_array_elements(?::jsonb) AS e(payload)`,
        [q.programId, EVENT_TASK, JSON.stringify(rows)],
      ),
    )
    .select('*')
    .from('x') as unknown as Promise<T[]>;
}
