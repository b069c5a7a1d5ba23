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
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE messages ADD COLUMN claimed_by text, ADD COLUMN handed_at timestamptz;
    ALTER TABLE newsletters ADD COLUMN audience_count integer;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE messages DROP COLUMN claimed_by, DROP COLUMN handed_at;
    ALTER TABLE newsletters DROP COLUMN audience_count;
  `);
}
