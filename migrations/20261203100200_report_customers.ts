import type { Knex } from 'knex';

// The rules report's follow-up windows (ADR 0018). report_customers: per customer, the
// instants of their purchases (ascending) and the running sum of what they came to, kept by
// the report_rollups job for the purchases recorded before its cutoff: a customer's visits
// and spend in any window are two binary searches, not a scan of the year's purchases.
// The two partial indexes find a rule's bonus points and rewards without reading every
// entry and reward of the range.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE report_customers (
      program_id  uuid NOT NULL REFERENCES programs (id),
      customer_id uuid NOT NULL,
      purchase_at timestamptz[] NOT NULL,
      spend_cum   bigint[] NOT NULL,
      PRIMARY KEY (program_id, customer_id)
    );
    CREATE INDEX ledger_entries_rule ON ledger_entries (program_id, rule_version_id, created_at)
      INCLUDE (points) WHERE kind = 'BONUS';
    CREATE INDEX issued_rewards_rule ON issued_rewards (program_id, rule_version_id, issued_at)
      INCLUDE (cost_points) WHERE rule_version_id IS NOT NULL;
    -- Roll-ups built before this table have no rows in it: the job builds them all again.
    DELETE FROM report_rollups;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP INDEX issued_rewards_rule, ledger_entries_rule;
    DROP TABLE report_customers;
  `);
}
