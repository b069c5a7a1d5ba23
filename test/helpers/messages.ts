import type { Knex } from 'knex';
import { scoped } from '../../src/db/scoped';
import { UpdateContactPreferencesInput } from '../../src/modules/customers/customers.inputs';
import { updateContactPreferences } from '../../src/modules/customers/customers.service';
import { queueMessage } from '../../src/modules/messaging/messaging.service';
import { systemClock } from '../../src/shared/clock';
import { parseInput } from '../../src/shared/errors';
import { makeCustomer } from './factories';
import { eventually } from './wait';

const actor = { kind: 'system' as const, id: 'test', role: null };

/** `n` customers who consented to email, each sent one thank-you (queued, committed). */
export async function queueThankYous(db: Knex, programId: string, n: number, tag = 'f'): Promise<string[]> {
  const q = scoped(db, programId);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const c = await makeCustomer(db, programId, { email: `${tag}${i}@example.com`, firstName: 'Ada' });
    await updateContactPreferences(
      { programId, q, viewer: null, actor, clock: systemClock },
      parseInput(UpdateContactPreferencesInput, {
        customerId: c.id,
        consents: [{ channel: 'EMAIL', granted: true }],
      }),
    );
    const m = await q.transaction((trx) =>
      queueMessage(trx, new Date(), {
        customerId: c.id,
        kind: 'THANK_YOU',
        templateKey: 'thank_you',
        dedupeKey: `thanks:${tag}:${i}`,
      }),
    );
    ids.push(m.messageId);
  }
  return ids;
}

export async function statusCounts(db: Knex, programId: string): Promise<Record<string, number>> {
  const rows: { status: string; n: string }[] = await db('messages')
    .where({ program_id: programId })
    .groupBy('status')
    .select('status', db.raw('count(*) as n'));
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/**
 * Why messages ended other than sent, suppressed or unknown: each status and error with its count,
 * for a failing assertion's message (a fault test that ends with a FAILED row says why).
 */
export async function endReasons(db: Knex, programId: string): Promise<string> {
  const rows: { status: string; error: string | null; n: string }[] = await db('messages')
    .where({ program_id: programId })
    .whereNotIn('status', ['SENT', 'SUPPRESSED', 'UNKNOWN'])
    .groupBy('status', 'error')
    .select('status', 'error', db.raw('count(*) as n'));
  return JSON.stringify(rows.map((r) => ({ status: r.status, error: r.error, n: Number(r.n) })));
}

/** Jobs graphile-worker still holds (pending, running or waiting to retry). */
export async function pendingJobs(db: Knex, task?: string): Promise<number> {
  const r = await db.raw<{ rows: { n: number }[] }>(
    `SELECT count(*)::int AS n FROM graphile_worker._private_jobs j
       JOIN graphile_worker._private_tasks t ON t.id = j.task_id
      WHERE (?::text IS NULL OR t.identifier = ?) AND j.attempts < j.max_attempts`,
    [task ?? null, task ?? null],
  );
  return r.rows[0]!.n;
}

/** Polls until no `task` job is left (or `ms` pass); returns how many are left. */
export function jobsDrained(db: Knex, task: string, ms = 30_000): Promise<number> {
  return eventually(
    () => pendingJobs(db, task),
    (n) => n === 0,
    ms,
  );
}

/** For failure messages: the delivery jobs graphile-worker still has, and why. */
export async function jobStates(db: Knex): Promise<unknown[]> {
  const r = await db.raw(
    `SELECT t.identifier, j.attempts, j.max_attempts, j.locked_by IS NOT NULL AS locked,
            round(extract(epoch FROM j.run_at - now()))::int AS run_in_s, left(j.last_error, 120) AS last_error
       FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id
      ORDER BY j.id LIMIT 20`,
  );
  return r.rows;
}

/** For failure messages: what every other connection to this database is doing. */
export async function backends(db: Knex): Promise<unknown[]> {
  const r = await db.raw(
    `SELECT application_name AS app, state, wait_event_type AS wait_type, wait_event AS wait,
            round(extract(epoch FROM now() - xact_start))::int AS xact_s, left(query, 100) AS query
       FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid()`,
  );
  return r.rows;
}
