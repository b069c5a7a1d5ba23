import type { Knex } from 'knex';
import type { z } from 'zod';
import type { Scoped } from '../db/scoped';
import type { Logger } from '../logger';
import { EVENT_TASK, EVENTS_CHANNEL } from '../modules/events/events';
import { webhookDeliverJob } from '../modules/webhooks/webhooks.jobs-contract';
import type { JobType } from './job';

export interface OutboxOptions {
  /** graphile-worker job key: a later job with the same key replaces a pending one. */
  jobKey?: string;
  runAt?: Date;
}

/** What the writer of a job gives: its payload without `programId`, which comes from `q`. */
export type EnqueuePayload<J extends JobType> = Omit<z.input<J['payload']>, 'programId'>;

/**
 * Queues `job` in the caller's transaction (an outbox row, see `outbox`). The payload is the
 * job's own, type-checked and parsed here: a wrong one fails the change that queues it, not
 * the job later.
 */
export async function enqueue<J extends JobType>(
  q: Scoped,
  job: J,
  payload: EnqueuePayload<J>,
  opts: OutboxOptions = {},
): Promise<void> {
  await outbox(q, job.name, job.payload.parse({ programId: q.programId, ...payload }) as object, opts);
}

/**
 * Set-based form of `enqueue` for batch work: one job per row of `select`, whose `payload`
 * column is a jsonb object (programId is added). The payloads are built in SQL, so they are
 * not parsed here; the caller keeps them to the job's schema (each run parses its own).
 */
export async function enqueueFromSelect(
  q: Scoped,
  job: JobType,
  select: string,
  bindings: readonly Knex.RawBinding[],
): Promise<number> {
  const r = await q.knex.raw(
    `INSERT INTO outbox (program_id, task, payload)
     SELECT ?::uuid, ?, jsonb_build_object('programId', ?::text) || s.payload FROM (${select}) s`,
    [q.programId, job.name, q.programId, ...bindings],
  );
  return r.rowCount ?? 0;
}

/**
 * Records later work in the caller's transaction. Plain INSERT: no NOTIFY, no add_job on the
 * hot path (NOTIFY at commit takes a database-wide lock; see ARCHITECTURE.md). Untyped and
 * not parsed: code queues a job with `enqueue`, which writes through this.
 */
export async function outbox(
  q: Scoped,
  task: string,
  payload: object,
  opts: OutboxOptions = {},
): Promise<void> {
  await q.insert('outbox', {
    task,
    payload: JSON.stringify({ programId: q.programId, ...payload }),
    job_key: opts.jobKey ? `${q.programId}:${opts.jobKey}` : null,
    run_at: opts.runAt ?? null,
  });
}

/**
 * Moves up to `batch` outbox rows into graphile-worker jobs in one transaction: rows are
 * claimed with SKIP LOCKED (many relays may run), added with one `add_jobs` call, and
 * deleted. Domain events (task `domain_event`, src/modules/events) are not jobs: they are
 * recorded in `domain_events`, each becomes one delivery (and one `webhook_deliver` job, in
 * the same `add_jobs` call) per enabled endpoint that wants it, and the batch's events are
 * announced on EVENTS_CHANNEL for live subscriptions. All of it commits after the change that
 * raised them, and together: an event is recorded, fanned out and announced once.
 * Returns how many rows it moved.
 */
export async function relayOutbox(db: Knex, batch = 500): Promise<number> {
  return db.transaction(async (trx) => {
    const { rows } = await trx.raw<{ rows: { n: number; events: EventNotice[] | null }[] }>(
      `WITH claimed AS (
         DELETE FROM outbox
          WHERE (program_id, id) IN (
            SELECT program_id, id FROM outbox ORDER BY created_at LIMIT ? FOR UPDATE SKIP LOCKED)
          RETURNING program_id, task, payload, job_key, run_at, created_at, id
       ), ev AS (
         INSERT INTO domain_events (program_id, id, type, customer_id, payload, created_at)
         SELECT program_id, (payload->>'eventId')::uuid, payload->>'type',
                (payload->>'customerId')::uuid, payload - 'programId',
                (payload->>'createdAt')::timestamptz
           FROM claimed WHERE task = ?
         ON CONFLICT DO NOTHING
         RETURNING program_id, id, type, customer_id, created_at
       ), dl AS (
         INSERT INTO webhook_deliveries (program_id, endpoint_id, event_id, next_attempt_at)
         SELECT ev.program_id, e.id, ev.id, now()
           FROM ev JOIN webhook_endpoints e
             ON e.program_id = ev.program_id AND e.enabled
            AND (e.events = '{}' OR ev.type = ANY (e.events))
            -- An endpoint hears what happens from its creation on, not events still in the
            -- outbox from before it existed (the relay may run a moment after the change).
            AND e.created_at <= ev.created_at
         ON CONFLICT DO NOTHING
         RETURNING program_id, id
       ), added AS (
         SELECT graphile_worker.add_jobs(
           ARRAY(
             SELECT spec FROM (
               SELECT ROW(task, payload::json, NULL, run_at, NULL, job_key, NULL, NULL)::graphile_worker.job_spec AS spec,
                      created_at, id::text AS k
                 FROM claimed WHERE task <> ?
               UNION ALL
               SELECT ROW(?, json_build_object('programId', program_id, 'deliveryId', id), NULL, NULL, NULL,
                          NULL, NULL, NULL)::graphile_worker.job_spec, now(), id::text
                 FROM dl
             ) s ORDER BY created_at, k
           )
         )
       )
       SELECT (SELECT count(*) FROM claimed)::int AS n, (SELECT count(*) FROM added)::int AS added,
              (SELECT json_agg(json_build_object('p', program_id, 'c', customer_id, 't', type, 'i', id)
                               ORDER BY created_at) FROM ev) AS events`,
      [batch, EVENT_TASK, EVENT_TASK, webhookDeliverJob.name],
    );
    const events = rows[0]?.events ?? [];
    // NOTIFY payloads are limited to 8,000 bytes: a few notifications for a large batch. Here,
    // off the hot path, once per batch (ARCHITECTURE.md).
    for (let i = 0; i < events.length; i += NOTICES_PER_NOTIFY) {
      await trx.raw('SELECT pg_notify(?, ?)', [
        EVENTS_CHANNEL,
        JSON.stringify(events.slice(i, i + NOTICES_PER_NOTIFY)),
      ]);
    }
    return rows[0]?.n ?? 0;
  });
}

/** What the relay announces of each event: program, customer (or null), type and event id. */
export interface EventNotice {
  p: string;
  c: string | null;
  t: string;
  i: string;
}
/** ~150 bytes each: well under NOTIFY's 8,000-byte payload limit. */
const NOTICES_PER_NOTIFY = 40;

/** Drains the outbox until stopped: immediately while there is work, every `idleMs` otherwise. */
export function startOutboxRelay(db: Knex, log: Logger, idleMs = 200): { stop(): Promise<void> } {
  let running = true;
  let wake: (() => void) | null = null;
  let failures = 0;
  const loop = (async () => {
    while (running) {
      let moved = 0;
      try {
        moved = await relayOutbox(db);
        failures = 0;
      } catch (err) {
        // The database is away (a restart, a failover, our own stop): the rows wait in the
        // outbox, nothing is lost; back off so an outage is not a log line every 200 ms.
        if (running) log.warn({ err: (err as Error).message }, 'outbox relay failed; retrying');
        failures++;
      }
      if (moved === 0 && running) {
        const wait = failures ? Math.min(5000, idleMs * 2 ** failures) : idleMs;
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, wait).unref();
        });
      }
    }
  })();
  return {
    async stop() {
      running = false;
      wake?.();
      await loop;
    },
  };
}
