import type { Knex } from 'knex';

// Reward rules (issue 5). program_id leads every key and index. `rules` holds the current
// state of each rule (status, the published version, the budget spent, health counters);
// `rule_versions` every published definition, never updated. `rule_applications` records
// each time a rule acted for a customer: the per-customer limits count it, and period_key
// makes scheduled triggers idempotent (one birthday per customer per year).
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE rule_settings (
      program_id uuid PRIMARY KEY REFERENCES programs (id),
      -- Bumped on every rule change: evaluators compare it with their cached compilation.
      revision   bigint NOT NULL DEFAULT 0
    );

    CREATE TABLE rules (
      program_id    uuid NOT NULL REFERENCES programs (id),
      id            uuid NOT NULL DEFAULT gen_random_uuid(),
      name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      status        text NOT NULL CHECK (status IN ('DRAFT', 'ACTIVE', 'PAUSED', 'ARCHIVED')),
      version       integer NOT NULL DEFAULT 1,
      trigger       text NOT NULL,
      priority      integer NOT NULL DEFAULT 0,
      budget_used   bigint NOT NULL DEFAULT 0 CHECK (budget_used >= 0),
      error_count   integer NOT NULL DEFAULT 0,
      last_error    text,
      last_error_at timestamptz,
      created_at    timestamptz NOT NULL,
      updated_at    timestamptz NOT NULL,
      PRIMARY KEY (program_id, id)
    );
    CREATE INDEX rules_active ON rules (program_id, trigger) WHERE status = 'ACTIVE';

    CREATE TABLE rule_versions (
      program_id uuid NOT NULL,
      id         uuid NOT NULL DEFAULT gen_random_uuid(),
      rule_id    uuid NOT NULL,
      version    integer NOT NULL,
      label      text NOT NULL,
      definition jsonb NOT NULL,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (program_id, id),
      UNIQUE (program_id, rule_id, version),
      FOREIGN KEY (program_id, rule_id) REFERENCES rules (program_id, id)
    );

    CREATE TABLE rule_applications (
      program_id      uuid NOT NULL,
      id              bigserial,
      rule_id         uuid NOT NULL,
      rule_version_id uuid NOT NULL,
      customer_id     uuid NOT NULL,
      purchase_id     uuid,
      period_key      text,
      points          integer NOT NULL DEFAULT 0,
      rewards         integer NOT NULL DEFAULT 0,
      -- PENDING: waits for the purchase's return window (due_at); a refund before then CANCELS it.
      status          text NOT NULL DEFAULT 'DONE' CHECK (status IN ('DONE', 'PENDING', 'CANCELLED')),
      due_at          timestamptz,
      base_points     integer NOT NULL DEFAULT 0,
      applied_at      timestamptz NOT NULL,
      PRIMARY KEY (program_id, id),
      FOREIGN KEY (program_id, rule_version_id) REFERENCES rule_versions (program_id, id),
      FOREIGN KEY (program_id, customer_id) REFERENCES customers (program_id, id)
    );
    CREATE INDEX rule_applications_customer ON rule_applications (program_id, rule_id, customer_id, applied_at);
    CREATE INDEX rule_applications_due ON rule_applications (program_id, due_at) WHERE status = 'PENDING';
    CREATE INDEX rule_applications_purchase ON rule_applications (program_id, purchase_id) WHERE status = 'PENDING';
    CREATE UNIQUE INDEX rule_applications_period ON rule_applications (program_id, rule_id, customer_id, period_key)
      WHERE period_key IS NOT NULL;

    -- CREATE_TASK actions: a to-do for staff ("call Ana about her 10th visit").
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

    -- The rule simulator replays a program's purchases in time order, in keyset pages.
    CREATE INDEX purchases_occurred ON purchases (program_id, occurred_at, id);

    -- Explanations: the ledger and rewards modules store which rule version gave a bonus;
    -- the customer-facing label travels in ledger_entries.reason / issued_rewards.label.
    ALTER TABLE ledger_entries ADD COLUMN rule_version_id uuid;
    ALTER TABLE issued_rewards ADD COLUMN rule_version_id uuid, ADD COLUMN label text;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP INDEX purchases_occurred;
    ALTER TABLE issued_rewards DROP COLUMN rule_version_id, DROP COLUMN label;
    ALTER TABLE ledger_entries DROP COLUMN rule_version_id;
    DROP TABLE staff_tasks, rule_applications, rule_versions, rules, rule_settings;
  `);
}
