import type { Knex } from 'knex';

// Staff accounts (issue 11): people sign in to the console as themselves; API keys stay, for
// machines. program_id leads every key and index.
// - staff_users: email stored lower-case, unique per program; password_hash is a scrypt
//   string that carries its own salt and parameters (src/modules/staff/password.ts).
// - staff_invitations: single use, expiring; only the SHA-256 of the token is stored.
// - staff_sessions: the cookie's token, SHA-256 only; absolute expiry here, idle expiry from
//   last_seen_at (written at most once a minute per process).
// - Revocation reaches every process's token cache by NOTIFY, as for keys (migration
//   20261202120000): a session revoked, re-hashed or deleted, or its person disabled, renamed
//   or given another role, notifies the session token's hash.
// - audit_log names the person: actor_kind 'staff', actor_id the staff user, actor_name.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE staff_users (
      program_id        uuid NOT NULL REFERENCES programs (id),
      id                uuid NOT NULL DEFAULT gen_random_uuid(),
      name              text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      email             text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
      role              text NOT NULL CHECK (role IN ('admin', 'marketing', 'staff')),
      password_hash     text NOT NULL,
      created_at        timestamptz NOT NULL,
      last_signed_in_at timestamptz,
      disabled_at       timestamptz,
      PRIMARY KEY (program_id, id),
      UNIQUE (program_id, email)
    );

    CREATE TABLE staff_invitations (
      program_id      uuid NOT NULL REFERENCES programs (id),
      id              uuid NOT NULL,
      email           text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
      role            text NOT NULL CHECK (role IN ('admin', 'marketing', 'staff')),
      name            text CHECK (length(name) BETWEEN 1 AND 100),
      token_hash      bytea NOT NULL,
      invited_by      text NOT NULL,
      invited_by_kind text NOT NULL,
      invited_by_id   text,
      created_at      timestamptz NOT NULL,
      expires_at      timestamptz NOT NULL,
      accepted_at     timestamptz,
      accepted_by     uuid,
      revoked_at      timestamptz,
      email_sent_at   timestamptz,
      email_transport text,
      email_error     text,
      PRIMARY KEY (program_id, id),
      UNIQUE (program_id, token_hash),
      FOREIGN KEY (program_id, accepted_by) REFERENCES staff_users (program_id, id)
    );
    CREATE INDEX staff_invitations_email ON staff_invitations (program_id, email, created_at DESC);

    CREATE TABLE staff_sessions (
      program_id    uuid NOT NULL,
      id            uuid NOT NULL DEFAULT gen_random_uuid(),
      staff_user_id uuid NOT NULL,
      token_hash    bytea NOT NULL,
      created_at    timestamptz NOT NULL,
      last_seen_at  timestamptz NOT NULL,
      expires_at    timestamptz NOT NULL,
      user_agent    text,
      revoked_at    timestamptz,
      PRIMARY KEY (program_id, id),
      UNIQUE (program_id, token_hash),
      FOREIGN KEY (program_id, staff_user_id) REFERENCES staff_users (program_id, id)
    );
    CREATE INDEX staff_sessions_user ON staff_sessions (program_id, staff_user_id, created_at DESC);

    CREATE TRIGGER staff_sessions_auth_changed AFTER UPDATE ON staff_sessions FOR EACH ROW
      WHEN (OLD.revoked_at IS DISTINCT FROM NEW.revoked_at OR OLD.expires_at IS DISTINCT FROM NEW.expires_at
            OR OLD.staff_user_id IS DISTINCT FROM NEW.staff_user_id OR OLD.token_hash IS DISTINCT FROM NEW.token_hash)
      EXECUTE FUNCTION regulars_auth_changed();
    CREATE TRIGGER staff_sessions_auth_deleted AFTER DELETE ON staff_sessions FOR EACH ROW
      EXECUTE FUNCTION regulars_auth_changed();
    CREATE TRIGGER staff_sessions_auth_truncated AFTER TRUNCATE ON staff_sessions
      FOR EACH STATEMENT EXECUTE FUNCTION regulars_auth_truncated();

    -- A cached session carries its person's role and name: a change to either, or disabling
    -- the person, forgets each of their sessions everywhere.
    CREATE FUNCTION regulars_staff_user_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('regulars_auth', encode(s.token_hash, 'hex'))
         FROM staff_sessions s
        WHERE s.program_id = OLD.program_id AND s.staff_user_id = OLD.id AND s.revoked_at IS NULL;
      RETURN NULL;
    END $$;
    CREATE TRIGGER staff_users_auth_changed AFTER UPDATE ON staff_users FOR EACH ROW
      WHEN (OLD.disabled_at IS DISTINCT FROM NEW.disabled_at OR OLD.role IS DISTINCT FROM NEW.role
            OR OLD.name IS DISTINCT FROM NEW.name)
      EXECUTE FUNCTION regulars_staff_user_changed();

    ALTER TABLE audit_log DROP CONSTRAINT audit_log_actor_kind_check;
    ALTER TABLE audit_log ADD CONSTRAINT audit_log_actor_kind_check
      CHECK (actor_kind IN ('api_key', 'customer', 'cli', 'system', 'staff'));
    ALTER TABLE audit_log ADD COLUMN actor_name text;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE audit_log DROP COLUMN actor_name;
    UPDATE audit_log SET actor_kind = 'system' WHERE actor_kind = 'staff';
    ALTER TABLE audit_log DROP CONSTRAINT audit_log_actor_kind_check;
    ALTER TABLE audit_log ADD CONSTRAINT audit_log_actor_kind_check
      CHECK (actor_kind IN ('api_key', 'customer', 'cli', 'system'));
    DROP TRIGGER staff_users_auth_changed ON staff_users;
    DROP FUNCTION regulars_staff_user_changed();
    DROP TABLE staff_sessions, staff_invitations, staff_users;
  `);
}
