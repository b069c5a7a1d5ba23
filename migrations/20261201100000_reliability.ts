import type { Knex } from 'knex';

// UNKNOWN: the message went to the provider but no answer came back (the connection dropped
// after the data, or the sender died mid-send); it is never retried, so nobody gets it twice.
// worker_heartbeats: each live job worker's graphile-worker ids, refreshed every few seconds,
// so that jobs locked by a process that died are released within the recovery interval.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE messages DROP CONSTRAINT messages_status_check;
    ALTER TABLE messages ADD CONSTRAINT messages_status_check CHECK (status IN
      ('QUEUED', 'DEFERRED', 'SENDING', 'SENT', 'FAILED', 'SUPPRESSED', 'DEAD', 'UNKNOWN'));
    CREATE TABLE worker_heartbeats (
      worker_id  text PRIMARY KEY,
      seen_at    timestamptz NOT NULL DEFAULT now()
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TABLE worker_heartbeats;
    UPDATE messages SET status = 'FAILED' WHERE status = 'UNKNOWN';
    ALTER TABLE messages DROP CONSTRAINT messages_status_check;
    ALTER TABLE messages ADD CONSTRAINT messages_status_check CHECK (status IN
      ('QUEUED', 'DEFERRED', 'SENDING', 'SENT', 'FAILED', 'SUPPRESSED', 'DEAD'));
  `);
}
