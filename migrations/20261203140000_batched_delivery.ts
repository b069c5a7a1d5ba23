import type { Knex } from 'knex';

// Batched delivery (issue 13, ADR 0020).
// - messages.claimed_by: the batch job (`job:<graphile-worker job id>`) that claimed the row
//   in a batch; null for the one-message path. A later attempt of the same job finds the rows
//   its dead predecessor left in SENDING.
// - messages.handed_at: when the row was handed to a transport (SMTP, webhook). A row in
//   SENDING without it was claimed (checked, rendered) but never handed over: it can go back
//   to the queue. A row handed over and never finished is outcome unknown, never sent again.
// - newsletters.audience_count: how many recipients the audience had when sending started,
//   the fan-out's target (progress bars, `Newsletter.progress`).
// - messages_pressure (the contact budget's index: what was sent to a customer since when) now
//   covers the rows with a `sent_at` instead of those whose status is SENDING or SENT: the
//   budget query asks for both, so it is served as before, and the statements that find rows
//   by id with `status = 'SENDING'` (hand-off, results) can no longer pick it. With statistics
//   taken before a newsletter went out (a fresh table, or autovacuum a minute behind), the
//   planner believed the old partial index nearly empty and scanned every sent message of the
//   program for each group of eight: 30 ms per statement at 1,000 sent, growing with each.
// - messages_local (the embedded default's local outbox, listed newest first) covers only the
//   rows delivered locally, for the same reason: PostgreSQL 18 skip-scans it for rows by id
//   when its statistics still say every `transport` and `sent_at` is null, and every message
//   of every program was in it.
// - messages keeps rendered bodies out of line (toast_tuple_target 256, still compressed):
//   a message's row is written four times on its way (queued, claimed with what was rendered,
//   handed over, marked), and each update copied 2–3 KB of subject and bodies into a new row
//   version and the WAL; now it copies a pointer. Measured: a third less PostgreSQL CPU per
//   message delivered.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE messages ADD COLUMN claimed_by text, ADD COLUMN handed_at timestamptz;
    ALTER TABLE newsletters ADD COLUMN audience_count integer;
    DROP INDEX messages_pressure;
    CREATE INDEX messages_pressure ON messages (program_id, customer_id, sent_at) WHERE sent_at IS NOT NULL;
    DROP INDEX messages_local;
    CREATE INDEX messages_local ON messages (program_id, sent_at DESC, id DESC) WHERE transport = 'local';
    ALTER TABLE messages SET (toast_tuple_target = 256);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE messages RESET (toast_tuple_target);
    DROP INDEX messages_local;
    CREATE INDEX messages_local ON messages (program_id, transport, sent_at DESC, id DESC);
    DROP INDEX messages_pressure;
    CREATE INDEX messages_pressure ON messages (program_id, customer_id, sent_at)
      WHERE status IN ('SENDING', 'SENT');
    ALTER TABLE messages DROP COLUMN claimed_by, DROP COLUMN handed_at;
    ALTER TABLE newsletters DROP COLUMN audience_count;
  `);
}
