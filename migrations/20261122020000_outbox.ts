import type { Knex } from 'knex';

// The transactional outbox: a change that causes later work writes a row here in its own
// transaction; the relay (src/jobs/outbox.ts) turns batches of rows into graphile-worker
// jobs and deletes them. Rows live for seconds, so the relay's scan stays small.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE outbox (
      program_id  uuid NOT NULL REFERENCES programs (id),
      id          bigint GENERATED ALWAYS AS IDENTITY,
      task        text NOT NULL,
      payload     jsonb NOT NULL,
      job_key     text,
      run_at      timestamptz,
      created_at  timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (program_id, id)
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE outbox');
}
