/**
 * The erasure's statements (erasure.service.ts runs them in order, in one transaction). Each
 * function blanks or removes one kind of personal data for one customer of `q`'s program.
 */
import { createHash } from 'node:crypto';
import type { Scoped } from '../../db/scoped';
import type { CustomerRow } from '../customers/customers.repo';

/** What replaces free text that held personal data. */
export const ERASED = '[erased]';

/** The hash kept of an erased customer's external id (see erased_external_ids). */
export function externalIdHash(programId: string, externalId: string): Buffer {
  return createHash('sha256').update(`${programId}\0${externalId}`).digest();
}

/** The row of an erased external id, if this one was erased. */
export async function findErasedExternalId(
  q: Scoped,
  externalId: string,
): Promise<{ erased_at: Date } | undefined> {
  return q('erased_external_ids')
    .where({ external_id_hash: externalIdHash(q.programId, externalId) })
    .first('erased_at');
}

/** The customer row, locked for the erasure (undefined when there is none). */
export async function lockCustomerForErasure(
  q: Scoped,
  customerId: string,
): Promise<(CustomerRow & { erased_at: Date | null }) | undefined> {
  return q('customers').where({ id: customerId }).forUpdate().first();
}

const likePattern = (t: string) => `%${t.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

/** `col ILIKE ANY (?)`, or never true when there are no terms. */
function mentions(col: string, terms: string[]): [string, unknown[]] {
  if (!terms.length) return ['false', []];
  return [`${col} ILIKE ANY (ARRAY[${terms.map(() => '?').join(', ')}]::text[])`, terms.map(likePattern)];
}

/** A raw statement whose first binding is the program. */
const inProgram = (q: Scoped, sql: string, bindings: unknown[] = []) =>
  q.knex.raw(sql, [q.programId, ...bindings] as never);

/** The customer row: every personal field cleared; the external id remembered only as a hash. */
export async function clearCustomerRow(q: Scoped, c: CustomerRow, at: Date) {
  if (c.external_id) {
    await q
      .insert('erased_external_ids', {
        external_id_hash: externalIdHash(q.programId, c.external_id),
        erased_at: at,
      })
      .onConflict(['program_id', 'external_id_hash'])
      .ignore();
  }
  await q('customers').where({ id: c.id }).update({
    external_id: null,
    email: null,
    phone: null,
    first_name: null,
    last_name: null,
    birthday: null,
    time_zone: null,
    locale: null,
    erased_at: at,
    updated_at: at,
  });
}

/** Contact: sessions closed, consent and preferences gone (nothing may be sent again). */
export async function removeContact(q: Scoped, id: string) {
  await q('customer_sessions').where({ customer_id: id }).delete();
  await q('contact_consents').where({ customer_id: id }).delete();
  await q('contact_preferences').where({ customer_id: id }).delete();
  await q('message_inbound').where({ customer_id: id }).delete();
  await q('customer_notes').where({ customer_id: id }).delete();
  await q('customer_imports').where({ customer_id: id }).delete();
}

/** Messages: pending ones cancelled; every one loses its address, body and variables. */
export async function blankMessages(q: Scoped, id: string, at: Date) {
  await q('messages')
    .where({ customer_id: id })
    .whereIn('status', ['QUEUED', 'DEFERRED'])
    .update({ status: 'SUPPRESSED', error: 'customer erased', updated_at: at });
  await q('messages')
    .where({ customer_id: id })
    .update({
      recipient: null,
      subject: null,
      text_body: null,
      html_body: null,
      data: '{}',
      error: q.knex.raw(`CASE WHEN error IS NULL OR error = 'customer erased' THEN error ELSE ? END`, [
        ERASED,
      ]),
      updated_at: at,
    });
}

/** What the customer wrote, and what staff wrote about or to them. */
export async function blankWhatWasWritten(q: Scoped, id: string, terms: string[]) {
  await q('surveys').where({ customer_id: id }).whereNotNull('comment').update({ comment: null });
  const tasks = q('follow_up_tasks').where({ customer_id: id });
  const [titleSql, titleArgs] = mentions('title', terms);
  await tasks.clone().whereNotNull('comment').update({ comment: null });
  await tasks.clone().whereNotNull('outcome').update({ outcome: ERASED });
  await tasks
    .clone()
    .whereRaw(titleSql, titleArgs as never)
    .update({ title: ERASED });
  await inProgram(
    q,
    `UPDATE follow_up_comments c SET body = '${ERASED}'
       FROM follow_up_tasks t
      WHERE c.program_id = ? AND t.program_id = c.program_id AND t.id = c.task_id AND t.customer_id = ?`,
    [id],
  );
  await q('feedback_items').where({ customer_id: id }).update({ message: ERASED });
  await inProgram(
    q,
    `UPDATE feedback_replies r SET body = '${ERASED}'
       FROM feedback_items f
      WHERE r.program_id = ? AND f.program_id = r.program_id AND f.id = r.feedback_id AND f.customer_id = ?`,
    [id],
  );
}

/**
 * The books keep their amounts; a reason typed by staff that names the person is blanked
 * (the ledger trigger allows exactly that, and only inside an erasure).
 */
export async function blankLedgerReasons(q: Scoped, id: string, terms: string[]) {
  if (!terms.length) return;
  const [reasonSql, reasonArgs] = mentions('reason', terms);
  await q.knex.raw(`SELECT set_config('regulars.erasing', 'on', true)`);
  await q('ledger_entries')
    .where({ customer_id: id })
    .whereRaw(reasonSql, reasonArgs as never)
    .update({ reason: ERASED });
  await q.knex.raw(`SELECT set_config('regulars.erasing', 'off', true)`);
}

/**
 * Audit entries about the customer or their tasks, feedback, surveys and messages keep their
 * numbers and flags, not their text; any other entry naming them is treated alike.
 */
export async function blankAuditEntries(q: Scoped, id: string, terms: string[]) {
  const [detailsSql, detailsArgs] = mentions('details::text', terms);
  await inProgram(
    q,
    `UPDATE audit_log a
        SET details = coalesce((SELECT jsonb_object_agg(key, value) FROM jsonb_each(a.details)
                                 WHERE jsonb_typeof(value) IN ('number', 'boolean')), '{}'::jsonb)
                      || '{"erased": true}'::jsonb
      WHERE a.program_id = ? AND a.action <> 'customer.erase' AND (
            a.target_id = ?::text
         OR a.target_id IN (SELECT id::text FROM follow_up_tasks WHERE program_id = a.program_id AND customer_id = ?)
         OR a.target_id IN (SELECT id::text FROM feedback_items WHERE program_id = a.program_id AND customer_id = ?)
         OR a.target_id IN (SELECT id::text FROM surveys WHERE program_id = a.program_id AND customer_id = ?)
         OR a.target_id IN (SELECT id::text FROM messages WHERE program_id = a.program_id AND customer_id = ?)
         OR ${detailsSql})`,
    [id, id, id, id, id, ...detailsArgs],
  );
}

/** Stored answers of retried requests, and work waiting to run, that mention the person. */
export async function forgetStoredWork(q: Scoped, terms: string[]) {
  const [keySql, keyArgs] = mentions('key', terms);
  const [resultSql, resultArgs] = mentions('result::text', terms);
  await inProgram(
    q,
    `UPDATE idempotency_keys SET result = '{"erased": true}'::jsonb
      WHERE program_id = ? AND ${resultSql}`,
    resultArgs,
  );
  await inProgram(
    q,
    `UPDATE idempotency_keys SET key = 'erased:' || encode(sha256(convert_to(key, 'UTF8')), 'hex')
      WHERE program_id = ? AND ${keySql}`,
    keyArgs,
  );
  const [payloadSql, payloadArgs] = mentions('payload::text', terms);
  await inProgram(q, `DELETE FROM outbox WHERE program_id = ? AND ${payloadSql}`, payloadArgs);
  await forgetQueuedJobs(q, terms);
}

/**
 * Queued jobs that name the person (graphile_worker's table, when installed): those not yet
 * taken are dropped; a last error that names them is blanked.
 */
async function forgetQueuedJobs(q: Scoped, terms: string[]) {
  const { rows } = await q.knex.raw<{ rows: { t: string | null }[] }>(
    `SELECT to_regclass('graphile_worker._private_jobs')::text AS t`,
  );
  if (!rows[0]?.t || !terms.length) return;
  const [jobSql, jobArgs] = mentions('payload::text', terms);
  const [errSql, errArgs] = mentions('last_error', terms);
  await q.knex.raw(
    `DELETE FROM graphile_worker._private_jobs
      WHERE locked_at IS NULL AND payload->>'programId' = ? AND (${jobSql} OR ${errSql})`,
    [q.programId, ...jobArgs, ...errArgs] as never,
  );
  await q.knex.raw(
    `UPDATE graphile_worker._private_jobs SET last_error = ?
      WHERE payload->>'programId' = ? AND ${errSql}`,
    [ERASED, q.programId, ...errArgs] as never,
  );
}
