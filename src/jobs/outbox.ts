import type { Knex } from 'knex';
import type { Scoped } from '../db/scoped';
import type { Logger } from '../logger';

export interface OutboxOptions {
  /** graphile-worker job key: a later job with the same key replaces a pending one. */
  jobKey?: string;
  runAt?: Date;
}

/**
 * Records later work in the caller's transaction. Plain INSERT: no NOTIFY, no add_job on the
 * hot path (NOTIFY at commit takes a database-wide lock; see ARCHITECTURE.md).
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
 * Set-based form for batch work: one outbox row per row of `select`, whose `payload` column
 * is a jsonb object (programId is added). Same transaction rules as `outbox`. Returns the count.
 */
export async function outboxFromSelect(
  q: Scoped,
  task: string,
  select: string,
  bindings: readonly Knex.RawBinding[],
): Promise<number> {
  const r = await q.knex.raw(
    `INSERT INTO outbox (program_id, task, payload)
     SELECT ?::uuid, ?, jsonb_build_object('programId', ?::text) || s.payload FROM (${select}) s`,
    [q.programId, task, q.programId, ...bindings],
  );
  return r.rowCount ?? 0;
}

/**
 * Moves up to `batch` outbox rows into graphile-worker jobs in one transaction: rows are
 * claimed with SKIP LOCKED (many relays may run), added with one `add_jobs` call, and
 * deleted. Returns how many rows it moved.
 */
export async function relayOutbox(db: Knex, batch = 500): Promise<number> {
  return db.transaction(async (trx) => {
    const { rows } = await trx.raw<{ rows: { n: number }[] }>(
      `WITH claimed AS (
         DELETE FROM outbox
          WHERE (program_id, id) IN (
            SELECT program_id, id FROM outbox ORDER BY created_at LIMIT ? FOR UPDATE SKIP LOCKED)
          RETURNING task, payload, job_key, run_at, created_at, id
       ), added AS (
         SELECT graphile_worker.add_jobs(
           ARRAY(
             SELECT ROW(task, payload::json, NULL, run_at, NULL, job_key, NULL, NULL)::graphile_worker.job_spec
               FROM claimed ORDER BY created_at, id
           )
         )
       )
       SELECT (SELECT count(*) FROM claimed)::int AS n, (SELECT count(*) FROM added)::int AS added`,
      [batch],
    );
    return rows[0]?.n ?? 0;
  });
}

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

/** Many rows of one task in one INSERT (a newsletter batch): same semantics as `outbox`. */
export async function outboxMany(q: Scoped, task: string, payloads: object[]): Promise<void> {
  if (!payloads.length) return;
  await q.insert(
    'outbox',
    payloads.map((p) => ({
      task,
      payload: JSON.stringify({ programId: q.programId, ...p }),
      job_key: null,
      run_at: null,
    })),
  );
}
