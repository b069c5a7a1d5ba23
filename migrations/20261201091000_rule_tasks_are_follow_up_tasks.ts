import type { Knex } from 'knex';

// One task model: a CREATE_TASK rule action makes a follow-up task (kind RULE) that staff
// see, assign, comment and resolve with the others, instead of a row in staff_tasks, which
// nothing read. Existing rows move over; their due time is the program's task SLA.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE follow_up_tasks DROP CONSTRAINT follow_up_tasks_kind_check;
    ALTER TABLE follow_up_tasks ADD CONSTRAINT follow_up_tasks_kind_check
      CHECK (kind IN ('LOW_SCORE', 'CALL_CUSTOMER', 'RULE'));
    ALTER TABLE follow_up_tasks
      ADD COLUMN title text CHECK (length(title) <= 200),
      ADD COLUMN rule_version_id uuid,
      -- What made the task, for kinds without a survey: one task per rule firing.
      ADD COLUMN source_key text;
    CREATE UNIQUE INDEX follow_up_tasks_source ON follow_up_tasks (program_id, source_key);

    INSERT INTO follow_up_tasks (program_id, id, kind, customer_id, title, rule_version_id,
                                 source_key, due_at, status, created_at, resolved_at)
    SELECT t.program_id, t.id, 'RULE', t.customer_id, t.title, t.rule_version_id,
           'staff_task:' || t.id,
           t.created_at + make_interval(hours => coalesce(s.task_sla_hours, 24)),
           CASE WHEN t.done_at IS NULL THEN 'OPEN' ELSE 'RESOLVED' END,
           t.created_at, t.done_at
      FROM staff_tasks t
      LEFT JOIN survey_settings s ON s.program_id = t.program_id;
    DROP TABLE staff_tasks;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE staff_tasks (
      program_id      uuid NOT NULL,
      id              uuid NOT NULL DEFAULT gen_random_uuid(),
      customer_id     uuid NOT NULL,
      rule_version_id uuid,
      title           text NOT NULL,
      done_at         timestamptz,
      created_at      timestamptz NOT NULL,
      PRIMARY KEY (program_id, id),
      FOREIGN KEY (program_id, customer_id) REFERENCES customers (program_id, id)
    );
    CREATE INDEX staff_tasks_open ON staff_tasks (program_id, created_at) WHERE done_at IS NULL;
    INSERT INTO staff_tasks (program_id, id, customer_id, rule_version_id, title, done_at, created_at)
    SELECT program_id, id, customer_id, rule_version_id, title, resolved_at, created_at
      FROM follow_up_tasks WHERE kind = 'RULE';
    DELETE FROM follow_up_comments c USING follow_up_tasks t
     WHERE t.kind = 'RULE' AND c.program_id = t.program_id AND c.task_id = t.id;
    DELETE FROM follow_up_tasks WHERE kind = 'RULE';
    DROP INDEX follow_up_tasks_source;
    ALTER TABLE follow_up_tasks DROP COLUMN title, DROP COLUMN rule_version_id, DROP COLUMN source_key;
    ALTER TABLE follow_up_tasks DROP CONSTRAINT follow_up_tasks_kind_check;
    ALTER TABLE follow_up_tasks ADD CONSTRAINT follow_up_tasks_kind_check
      CHECK (kind IN ('LOW_SCORE', 'CALL_CUSTOMER'));
  `);
}
