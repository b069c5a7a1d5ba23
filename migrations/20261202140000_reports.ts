import type { Knex } from 'knex';

// Reports (issue 14). program_id leads every key and index.
// report_settings: what one point is worth in the program's currency, for liability and cost
// figures (minor units per 100 points, so a point may be worth a fraction of a cent).
// rule_holdouts: customers a rule held out when they would have matched (nothing given),
// the control group of the rule's effect report. Written in the purchase's transaction.
// The indexes let the reports read the ledger, enrolments, rewards and tier moves by time.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE report_settings (
      program_id               uuid PRIMARY KEY REFERENCES programs (id),
      point_value_minor_per_100 integer CHECK (point_value_minor_per_100 BETWEEN 0 AND 1000000),
      updated_at               timestamptz NOT NULL
    );

    CREATE TABLE rule_holdouts (
      program_id      uuid NOT NULL,
      id              bigint GENERATED ALWAYS AS IDENTITY,
      rule_id         uuid NOT NULL,
      rule_version_id uuid NOT NULL,
      customer_id     uuid NOT NULL,
      purchase_id     uuid,
      held_at         timestamptz NOT NULL,
      PRIMARY KEY (program_id, id),
      FOREIGN KEY (program_id, customer_id) REFERENCES customers (program_id, id)
    );
    CREATE INDEX rule_holdouts_rule ON rule_holdouts (program_id, rule_id, held_at);

    -- Covering: the ledger is append-only, so its pages stay all-visible and sums by kind up
    -- to a date are index-only scans.
    CREATE INDEX ledger_entries_created ON ledger_entries (program_id, created_at) INCLUDE (kind, points);
    -- Lots in the order spending takes them (newest first), with what the expiry schedule
    -- needs: the liability's window sum reads it without a sort. Lots still pending, by date.
    CREATE INDEX point_lots_fifo ON point_lots (program_id, customer_id, available_at DESC, id DESC)
      INCLUDE (points, expires_at, created_at);
    CREATE INDEX point_lots_available ON point_lots (program_id, available_at);
    -- A purchase's refunds, for the points still pending at a date.
    CREATE INDEX ledger_entries_reversals ON ledger_entries (program_id, purchase_id, created_at)
      INCLUDE (points) WHERE kind = 'REVERSAL';
    CREATE INDEX customers_enrolled ON customers (program_id, enrolled_at);
    CREATE INDEX issued_rewards_issued ON issued_rewards (program_id, issued_at);
    CREATE INDEX issued_rewards_used ON issued_rewards (program_id, used_at) WHERE used_at IS NOT NULL;
    CREATE INDEX tier_history_created ON tier_history (program_id, created_at);
    CREATE INDEX rule_applications_rule_time ON rule_applications (program_id, rule_id, applied_at);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP INDEX ledger_entries_reversals, point_lots_available, point_lots_fifo;
    DROP INDEX rule_applications_rule_time, tier_history_created, issued_rewards_used,
      issued_rewards_issued, customers_enrolled, ledger_entries_created;
    DROP TABLE rule_holdouts, report_settings;
  `);
}
