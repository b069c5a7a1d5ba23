import { newestFirst } from '../../db/page';
import type { Scoped } from '../../db/scoped';
import type { Page } from '../../shared/pagination';

export interface EndpointRow {
  id: string;
  url: string;
  description: string | null;
  events: string[];
  enabled: boolean;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Date | null;
  consecutive_failures: number;
  disabled_reason: string | null;
  disabled_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export type DeliveryStatus = 'PENDING' | 'SENDING' | 'RETRYING' | 'SUCCEEDED' | 'FAILED' | 'SKIPPED';

export interface DeliveryRow {
  id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  replay: boolean;
  status: DeliveryStatus;
  attempts: number;
  response_code: number | null;
  latency_ms: number | null;
  last_error: string | null;
  next_attempt_at: Date | null;
  last_attempt_at: Date | null;
  completed_at: Date | null;
  created_at: Date;
}

export interface EventRow {
  id: string;
  type: string;
  customer_id: string | null;
  payload: { data: Record<string, unknown>; createdAt: string };
  created_at: Date;
}

export function listEndpoints(q: Scoped): Promise<EndpointRow[]> {
  return q('webhook_endpoints').select('*').orderBy('created_at').orderBy('id');
}

export function findEndpoint(q: Scoped, id: string): Promise<EndpointRow | undefined> {
  return q('webhook_endpoints').where({ id }).first();
}

export async function insertEndpoint(
  q: Scoped,
  row: Pick<
    EndpointRow,
    'url' | 'description' | 'events' | 'enabled' | 'secret' | 'created_at' | 'updated_at'
  >,
): Promise<EndpointRow> {
  const [r] = await q.insert('webhook_endpoints', row).returning('*');
  return r as EndpointRow;
}

export async function updateEndpoint(
  q: Scoped,
  id: string,
  patch: Partial<Omit<EndpointRow, 'id' | 'created_at'>>,
): Promise<EndpointRow | undefined> {
  const [r] = await q('webhook_endpoints').where({ id }).update(patch).returning('*');
  return r as EndpointRow | undefined;
}

export async function deleteEndpoint(q: Scoped, id: string): Promise<boolean> {
  return (await q('webhook_endpoints').where({ id }).delete()) > 0;
}

const DELIVERY_COLUMNS = ['d.*', 'ev.type as event_type'];

/** The endpoint's deliveries, newest first (a page). */
export function listDeliveries(q: Scoped, endpointId: string, page: Page): Promise<DeliveryRow[]> {
  return newestFirst(
    q('webhook_deliveries as d')
      .join('domain_events as ev', (j) => j.on('ev.program_id', 'd.program_id').on('ev.id', 'd.event_id'))
      .where('d.endpoint_id', endpointId)
      .select(DELIVERY_COLUMNS),
    page,
    'd.created_at',
    'd.id',
    '::uuid',
  );
}

export function findEvent(q: Scoped, id: string): Promise<EventRow | undefined> {
  return q('domain_events').where({ id }).first();
}

export async function insertReplay(
  q: Scoped,
  endpointId: string,
  eventId: string,
  at: Date,
): Promise<string> {
  const [r] = await q
    .insert('webhook_deliveries', {
      endpoint_id: endpointId,
      event_id: eventId,
      replay: true,
      next_attempt_at: at,
      created_at: at,
    })
    .returning('id');
  return (r as { id: string }).id;
}

export async function findDelivery(q: Scoped, id: string): Promise<DeliveryRow | undefined> {
  return q('webhook_deliveries as d')
    .join('domain_events as ev', (j) => j.on('ev.program_id', 'd.program_id').on('ev.id', 'd.event_id'))
    .where('d.id', id)
    .select(DELIVERY_COLUMNS)
    .first();
}

export interface ClaimedDelivery {
  id: string;
  attempts: number;
  created_at: Date;
  endpoint: EndpointRow;
  event: EventRow;
}

/**
 * Claims a delivery for one attempt: PENDING or RETRYING (or SENDING by an attempt that died
 * more than `staleMs` ago) becomes SENDING with one more attempt. A job that runs twice finds
 * it taken: one attempt, one POST.
 */
export async function claimDelivery(
  q: Scoped,
  id: string,
  at: Date,
  staleMs: number,
): Promise<ClaimedDelivery | null> {
  const { rows } = await q.knex.raw(
    `WITH d AS (
       UPDATE webhook_deliveries d SET status = 'SENDING', attempts = attempts + 1, last_attempt_at = ?
        WHERE d.program_id = ? AND d.id = ?
          AND (d.status IN ('PENDING', 'RETRYING')
               OR (d.status = 'SENDING' AND d.last_attempt_at < ?::timestamptz - ? * interval '1 millisecond'))
       RETURNING d.*
     )
     SELECT d.id, d.attempts, d.created_at, to_jsonb(e) AS endpoint, to_jsonb(ev) AS event
       FROM d
       JOIN webhook_endpoints e ON e.program_id = d.program_id AND e.id = d.endpoint_id
       JOIN domain_events ev ON ev.program_id = d.program_id AND ev.id = d.event_id`,
    [at, q.programId, id, at, staleMs],
  );
  const r = rows[0];
  if (!r) return null;
  const date = (v: string | null) => (v == null ? null : new Date(v));
  const e = r.endpoint;
  return {
    id: r.id,
    attempts: r.attempts,
    created_at: r.created_at,
    endpoint: {
      ...e,
      previous_secret_expires_at: date(e.previous_secret_expires_at),
      disabled_at: date(e.disabled_at),
      created_at: new Date(e.created_at),
      updated_at: new Date(e.updated_at),
    },
    event: { ...r.event, created_at: new Date(r.event.created_at) },
  };
}

export async function finishAttempt(
  q: Scoped,
  id: string,
  patch: {
    status: DeliveryStatus;
    response_code: number | null;
    latency_ms: number | null;
    last_error: string | null;
    next_attempt_at: Date | null;
    completed_at: Date | null;
  },
): Promise<void> {
  await q('webhook_deliveries').where({ id }).update(patch);
}

/** A success resets the endpoint's run of failures. */
export async function endpointSucceeded(q: Scoped, id: string): Promise<void> {
  await q('webhook_endpoints').where({ id }).where('consecutive_failures', '>', 0).update({
    consecutive_failures: 0,
  });
}

/**
 * One more failure in the endpoint's run; at `disableAfter` the endpoint is disabled. Returns
 * the endpoint when this failure disabled it (so the notice goes out once).
 */
export async function endpointFailed(
  q: Scoped,
  id: string,
  disableAfter: number,
  at: Date,
): Promise<{ disabled: boolean; failures: number }> {
  const { rows } = await q.knex.raw(
    `UPDATE webhook_endpoints e
        SET consecutive_failures = e.consecutive_failures + 1,
            enabled = CASE WHEN e.enabled AND e.consecutive_failures + 1 >= ? THEN false ELSE e.enabled END,
            disabled_at = CASE WHEN e.enabled AND e.consecutive_failures + 1 >= ? THEN ?::timestamptz ELSE e.disabled_at END,
            disabled_reason = CASE WHEN e.enabled AND e.consecutive_failures + 1 >= ?
                                   THEN 'Disabled after ' || (e.consecutive_failures + 1) || ' failed deliveries in a row'
                                   ELSE e.disabled_reason END
       FROM webhook_endpoints old
      WHERE e.program_id = ? AND e.id = ? AND old.program_id = e.program_id AND old.id = e.id
      RETURNING old.enabled AS was_enabled, e.enabled, e.consecutive_failures`,
    [disableAfter, disableAfter, at, disableAfter, q.programId, id],
  );
  const r = rows[0];
  return { disabled: Boolean(r?.was_enabled && !r.enabled), failures: r?.consecutive_failures ?? 0 };
}
