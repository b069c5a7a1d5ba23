import type { Knex } from 'knex';

// What a purchase reads of its program's settings (earning config, survey settings, active
// tiers, the reward rules' revision) is cached per process (issue 12). The cache is checked,
// not told: every change to those rows, whoever makes it (the API, the CLI, SQL by hand), gives
// the program a new random revision here, in the changing transaction; the purchase reads the
// revision in its first statement and uses its cache only when the revision is the one it
// cached. So the check sees exactly what the purchase's snapshot sees: a change committed
// before it began (no notification lag), and the transaction's own uncommitted change. Random,
// not a counter: a rolled-back change's revision never comes back for different settings.
// No row: nothing changed since this table was made (a stable state like any revision).
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE program_settings_revisions (
      program_id uuid PRIMARY KEY REFERENCES programs (id),
      revision   uuid NOT NULL
    );

    CREATE FUNCTION regulars_settings_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO program_settings_revisions (program_id, revision)
      VALUES (coalesce(NEW.program_id, OLD.program_id), gen_random_uuid())
      ON CONFLICT (program_id) DO UPDATE SET revision = excluded.revision;
      RETURN NULL;
    END $$;

    -- TRUNCATE fires no row triggers: every program gets a new revision.
    CREATE FUNCTION regulars_settings_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO program_settings_revisions (program_id, revision)
      SELECT id, gen_random_uuid() FROM programs
      ON CONFLICT (program_id) DO UPDATE SET revision = excluded.revision;
      RETURN NULL;
    END $$;

    CREATE TRIGGER earning_configs_settings_changed AFTER INSERT OR UPDATE OR DELETE ON earning_configs
      FOR EACH ROW EXECUTE FUNCTION regulars_settings_changed();
    CREATE TRIGGER survey_settings_settings_changed AFTER INSERT OR UPDATE OR DELETE ON survey_settings
      FOR EACH ROW EXECUTE FUNCTION regulars_settings_changed();
    CREATE TRIGGER tiers_settings_changed AFTER INSERT OR UPDATE OR DELETE ON tiers
      FOR EACH ROW EXECUTE FUNCTION regulars_settings_changed();
    CREATE TRIGGER rule_settings_settings_changed AFTER INSERT OR UPDATE OR DELETE ON rule_settings
      FOR EACH ROW EXECUTE FUNCTION regulars_settings_changed();

    CREATE TRIGGER earning_configs_settings_truncated AFTER TRUNCATE ON earning_configs
      FOR EACH STATEMENT EXECUTE FUNCTION regulars_settings_truncated();
    CREATE TRIGGER survey_settings_settings_truncated AFTER TRUNCATE ON survey_settings
      FOR EACH STATEMENT EXECUTE FUNCTION regulars_settings_truncated();
    CREATE TRIGGER tiers_settings_truncated AFTER TRUNCATE ON tiers
      FOR EACH STATEMENT EXECUTE FUNCTION regulars_settings_truncated();
    CREATE TRIGGER rule_settings_settings_truncated AFTER TRUNCATE ON rule_settings
      FOR EACH STATEMENT EXECUTE FUNCTION regulars_settings_truncated();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TRIGGER rule_settings_settings_truncated ON rule_settings;
    DROP TRIGGER tiers_settings_truncated ON tiers;
    DROP TRIGGER survey_settings_settings_truncated ON survey_settings;
    DROP TRIGGER earning_configs_settings_truncated ON earning_configs;
    DROP TRIGGER rule_settings_settings_changed ON rule_settings;
    DROP TRIGGER tiers_settings_changed ON tiers;
    DROP TRIGGER survey_settings_settings_changed ON survey_settings;
    DROP TRIGGER earning_configs_settings_changed ON earning_configs;
    DROP FUNCTION regulars_settings_truncated();
    DROP FUNCTION regulars_settings_changed();
    DROP TABLE program_settings_revisions;
  `);
}
