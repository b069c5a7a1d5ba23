import type { Knex } from 'knex';

// Every tenant table leads with program_id in its primary key, unique keys and indexes:
// that keeps programs apart and lets the data be distributed by program later.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE programs (
      id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
      name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      currency    char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
      time_zone   text NOT NULL DEFAULT 'UTC',
      created_at  timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE api_keys (
      program_id   uuid NOT NULL REFERENCES programs (id),
      id           uuid NOT NULL DEFAULT gen_random_uuid(),
      role         text NOT NULL CHECK (role IN ('admin', 'marketing', 'staff', 'pos')),
      name         text,
      token_hash   bytea NOT NULL,
      prefix       text NOT NULL,
      created_at   timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz,
      revoked_at   timestamptz,
      PRIMARY KEY (program_id, id),
      UNIQUE (program_id, token_hash)
    );

    CREATE TABLE customers (
      program_id  uuid NOT NULL REFERENCES programs (id),
      id          uuid NOT NULL DEFAULT gen_random_uuid(),
      external_id text,
      email       text,
      phone       text,
      first_name  text,
      last_name   text,
      birthday    date,
      time_zone   text,
      locale      text,
      enrolled_at timestamptz NOT NULL,
      updated_at  timestamptz NOT NULL,
      PRIMARY KEY (program_id, id),
      UNIQUE (program_id, external_id)
    );
    CREATE INDEX customers_email ON customers (program_id, lower(email));

    CREATE TABLE customer_sessions (
      program_id  uuid NOT NULL,
      id          uuid NOT NULL DEFAULT gen_random_uuid(),
      customer_id uuid NOT NULL,
      token_hash  bytea NOT NULL,
      created_at  timestamptz NOT NULL,
      expires_at  timestamptz NOT NULL,
      PRIMARY KEY (program_id, id),
      UNIQUE (program_id, token_hash),
      FOREIGN KEY (program_id, customer_id) REFERENCES customers (program_id, id)
    );
    CREATE INDEX customer_sessions_expiry ON customer_sessions (program_id, expires_at);

    -- Contact preferences: one row per customer, consent one row per channel.
    CREATE TABLE contact_preferences (
      program_id            uuid NOT NULL,
      customer_id           uuid NOT NULL,
      preferred_channel     text CHECK (preferred_channel IN ('EMAIL', 'SMS', 'PUSH')),
      quiet_hours_start     smallint CHECK (quiet_hours_start BETWEEN 0 AND 1439),
      quiet_hours_end       smallint CHECK (quiet_hours_end BETWEEN 0 AND 1439),
      newsletter_topics     text[] NOT NULL DEFAULT '{}',
      sms_only_after_inbound boolean NOT NULL DEFAULT true,
      updated_at            timestamptz NOT NULL,
      PRIMARY KEY (program_id, customer_id),
      FOREIGN KEY (program_id, customer_id) REFERENCES customers (program_id, id)
    );

    CREATE TABLE contact_consents (
      program_id  uuid NOT NULL,
      customer_id uuid NOT NULL,
      channel     text NOT NULL CHECK (channel IN ('EMAIL', 'SMS', 'PUSH')),
      state       text NOT NULL CHECK (state IN ('GRANTED', 'DENIED')),
      source      text NOT NULL,
      changed_at  timestamptz NOT NULL,
      PRIMARY KEY (program_id, customer_id, channel),
      FOREIGN KEY (program_id, customer_id) REFERENCES customers (program_id, id)
    );

    -- Staff notes ("ask about the new dog"); never shown to a customer session.
    CREATE TABLE customer_notes (
      program_id  uuid NOT NULL,
      id          uuid NOT NULL DEFAULT gen_random_uuid(),
      customer_id uuid NOT NULL,
      body        text NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
      pinned      boolean NOT NULL DEFAULT false,
      author      text NOT NULL,
      created_at  timestamptz NOT NULL,
      updated_at  timestamptz NOT NULL,
      PRIMARY KEY (program_id, id),
      FOREIGN KEY (program_id, customer_id) REFERENCES customers (program_id, id)
    );
    CREATE INDEX customer_notes_customer ON customer_notes (program_id, customer_id, pinned DESC, created_at DESC);

    -- Who changed what, when. Written in the same transaction as the change.
    CREATE TABLE audit_log (
      program_id  uuid NOT NULL REFERENCES programs (id),
      id          bigint GENERATED ALWAYS AS IDENTITY,
      actor_kind  text NOT NULL CHECK (actor_kind IN ('api_key', 'customer', 'cli', 'system')),
      actor_id    text,
      actor_role  text,
      action      text NOT NULL,
      target_type text NOT NULL,
      target_id   text,
      details     jsonb NOT NULL DEFAULT '{}',
      created_at  timestamptz NOT NULL,
      PRIMARY KEY (program_id, id)
    );
    CREATE INDEX audit_log_target ON audit_log (program_id, target_type, target_id);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TABLE audit_log, customer_notes, contact_consents, contact_preferences,
      customer_sessions, customers, api_keys, programs;
  `);
}
