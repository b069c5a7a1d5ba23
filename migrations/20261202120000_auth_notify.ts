import type { Knex } from 'knex';

// Processes cache verified tokens (src/modules/auth/auth.cache.ts). Whatever revokes a key or
// ends a session (the API, the CLI, an erasure, SQL by hand) notifies `regulars_auth` with the
// token's hash, delivered to every listening process when the change commits.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION regulars_auth_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('regulars_auth', encode(OLD.token_hash, 'hex'));
      RETURN NULL;
    END $$;

    CREATE TRIGGER api_keys_auth_changed AFTER UPDATE ON api_keys FOR EACH ROW
      WHEN (OLD.revoked_at IS DISTINCT FROM NEW.revoked_at OR OLD.role IS DISTINCT FROM NEW.role
            OR OLD.token_hash IS DISTINCT FROM NEW.token_hash)
      EXECUTE FUNCTION regulars_auth_changed();
    CREATE TRIGGER api_keys_auth_deleted AFTER DELETE ON api_keys FOR EACH ROW
      EXECUTE FUNCTION regulars_auth_changed();

    CREATE TRIGGER customer_sessions_auth_changed AFTER UPDATE ON customer_sessions FOR EACH ROW
      WHEN (OLD.expires_at IS DISTINCT FROM NEW.expires_at OR OLD.customer_id IS DISTINCT FROM NEW.customer_id
            OR OLD.token_hash IS DISTINCT FROM NEW.token_hash)
      EXECUTE FUNCTION regulars_auth_changed();
    CREATE TRIGGER customer_sessions_auth_deleted AFTER DELETE ON customer_sessions FOR EACH ROW
      EXECUTE FUNCTION regulars_auth_changed();

    -- TRUNCATE fires no row triggers: an empty payload means "forget every token".
    CREATE FUNCTION regulars_auth_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('regulars_auth', '');
      RETURN NULL;
    END $$;
    CREATE TRIGGER api_keys_auth_truncated AFTER TRUNCATE ON api_keys
      FOR EACH STATEMENT EXECUTE FUNCTION regulars_auth_truncated();
    CREATE TRIGGER customer_sessions_auth_truncated AFTER TRUNCATE ON customer_sessions
      FOR EACH STATEMENT EXECUTE FUNCTION regulars_auth_truncated();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TRIGGER customer_sessions_auth_truncated ON customer_sessions;
    DROP TRIGGER api_keys_auth_truncated ON api_keys;
    DROP FUNCTION regulars_auth_truncated();
    DROP TRIGGER customer_sessions_auth_deleted ON customer_sessions;
    DROP TRIGGER customer_sessions_auth_changed ON customer_sessions;
    DROP TRIGGER api_keys_auth_deleted ON api_keys;
    DROP TRIGGER api_keys_auth_changed ON api_keys;
    DROP FUNCTION regulars_auth_changed();
  `);
}
