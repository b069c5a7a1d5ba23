import type { Knex } from 'knex';

// Two-way communication: survey settings and surveys, follow-up tasks with comments, the
// feedback inbox and its replies. program_id leads every key and index.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE survey_settings (
      program_id        uuid PRIMARY KEY REFERENCES programs (id),
      enabled           boolean NOT NULL DEFAULT false,
      scale             text NOT NULL CHECK (scale IN ('CSAT', 'NPS')),
      ask_comment       boolean NOT NULL DEFAULT true,
      delay_minutes     integer NOT NULL CHECK (delay_minutes BETWEEN 0 AND 43200),
      sample_percent    integer NOT NULL CHECK (sample_percent BETWEEN 0 AND 100),
      min_days_between  integer NOT NULL CHECK (min_days_between BETWEEN 0 AND 365),
      channel           text CHECK (channel IN ('EMAIL', 'SMS', 'PUSH')),
      call_after_days   integer NOT NULL CHECK (call_after_days BETWEEN 1 AND 90),
      task_sla_hours    integer NOT NULL CHECK (task_sla_hours BETWEEN 1 AND 720),
      updated_at        timestamptz NOT NULL
    );

    CREATE TABLE surveys (
      program_id   uuid NOT NULL,
      id           uuid NOT NULL DEFAULT gen_random_uuid(),
      customer_id  uuid NOT NULL,
      purchase_id  uuid,
      scale        text NOT NULL CHECK (scale IN ('CSAT', 'NPS')),
      ask_comment  boolean NOT NULL,
      message_id   uuid,
      sent_at      timestamptz NOT NULL,
      answered_at  timestamptz,
      score        integer,
      comment      text CHECK (length(comment) <= 2000),
      source       text CHECK (source IN ('link', 'app')),
      PRIMARY KEY (program_id, id),
      UNIQUE (program_id, purchase_id),
      FOREIGN KEY (program_id, customer_id) REFERENCES customers (program_id, id)
    );
    CREATE INDEX surveys_customer ON surveys (program_id, customer_id, sent_at DESC);
    CREATE INDEX surveys_unanswered ON surveys (program_id, sent_at) WHERE answered_at IS NULL;
    CREATE INDEX surveys_answered ON surveys (program_id, answered_at) WHERE answered_at IS NOT NULL;

    CREATE TABLE follow_up_tasks (
      program_id   uuid NOT NULL,
      id           uuid NOT NULL DEFAULT gen_random_uuid(),
      kind         text NOT NULL CHECK (kind IN ('LOW_SCORE', 'CALL_CUSTOMER')),
      customer_id  uuid NOT NULL,
      survey_id    uuid,
      purchase_id  uuid,
      score        integer,
      comment      text,
      assignee     text,
      due_at       timestamptz NOT NULL,
      status       text NOT NULL CHECK (status IN ('OPEN', 'RESOLVED')),
      outcome      text,
      created_at   timestamptz NOT NULL,
      resolved_at  timestamptz,
      PRIMARY KEY (program_id, id),
      -- One task of each kind per survey: the follow-up job may run twice.
      UNIQUE (program_id, survey_id, kind),
      FOREIGN KEY (program_id, customer_id) REFERENCES customers (program_id, id)
    );
    CREATE INDEX follow_up_tasks_open ON follow_up_tasks (program_id, status, due_at);
    CREATE INDEX follow_up_tasks_customer ON follow_up_tasks (program_id, customer_id, status);

    CREATE TABLE follow_up_comments (
      program_id  uuid NOT NULL,
      id          uuid NOT NULL DEFAULT gen_random_uuid(),
      task_id     uuid NOT NULL,
      body        text NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
      author      text NOT NULL,
      created_at  timestamptz NOT NULL,
      PRIMARY KEY (program_id, id),
      FOREIGN KEY (program_id, task_id) REFERENCES follow_up_tasks (program_id, id)
    );
    CREATE INDEX follow_up_comments_task ON follow_up_comments (program_id, task_id, created_at);

    CREATE TABLE feedback_items (
      program_id        uuid NOT NULL,
      id                uuid NOT NULL DEFAULT gen_random_uuid(),
      customer_id       uuid NOT NULL,
      purchase_id       uuid,
      topic             text NOT NULL,
      message           text NOT NULL CHECK (length(message) BETWEEN 1 AND 5000),
      status            text NOT NULL CHECK (status IN ('OPEN', 'RESOLVED')),
      created_at        timestamptz NOT NULL,
      first_response_at timestamptz,
      resolved_at       timestamptz,
      PRIMARY KEY (program_id, id),
      FOREIGN KEY (program_id, customer_id) REFERENCES customers (program_id, id)
    );
    CREATE INDEX feedback_items_inbox ON feedback_items (program_id, created_at DESC, id DESC);
    CREATE INDEX feedback_items_status ON feedback_items (program_id, status, created_at DESC);

    CREATE TABLE feedback_replies (
      program_id  uuid NOT NULL,
      id          uuid NOT NULL DEFAULT gen_random_uuid(),
      feedback_id uuid NOT NULL,
      body        text NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
      author      text NOT NULL,
      message_id  uuid,
      created_at  timestamptz NOT NULL,
      PRIMARY KEY (program_id, id),
      FOREIGN KEY (program_id, feedback_id) REFERENCES feedback_items (program_id, id)
    );
    CREATE INDEX feedback_replies_item ON feedback_replies (program_id, feedback_id, created_at);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TABLE feedback_replies, feedback_items, follow_up_comments, follow_up_tasks, surveys,
      survey_settings;
  `);
}
