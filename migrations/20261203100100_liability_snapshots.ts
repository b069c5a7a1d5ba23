import type { Knex } from 'knex';

// Liability snapshots (ADR 0018): every customer's liability figures summed every quarter
// hour, written by the report_rollups job from the same immutable facts the report reads (so
// a snapshot never drifts). A report for any instant starts from the nearest snapshot and
// recomputes only the customers whose figures can differ between the two instants.
// ledger_entries_expires finds those whose points lapsed in between.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE liability_snapshots (
      program_id uuid NOT NULL REFERENCES programs (id),
      at         timestamptz NOT NULL,
      time_zone  text NOT NULL,
      inactivity boolean NOT NULL,
      totals     jsonb NOT NULL,
      schedule   jsonb NOT NULL,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (program_id, at)
    );
    CREATE INDEX ledger_entries_expires ON ledger_entries (program_id, expires_at) WHERE expires_at IS NOT NULL;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP INDEX ledger_entries_expires;
    DROP TABLE liability_snapshots;
  `);
}
