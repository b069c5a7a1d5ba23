import type { Knex } from 'knex';

// Data in and out (issue 19): imports, erasure. program_id leads every key.
// - customers.erased_at: set once by eraseCustomer; the row stays (the ledger and purchases
//   point at it) with every personal field cleared.
// - erased_external_ids: a SHA-256 of each erased customer's external id, so an import of an
//   old file cannot bring the person back by accident (bytea: no text to search or leak).
// - customer_imports: which import file and line created a customer, and a hash of the row:
//   a rerun of the same file (or of a corrected one) recognises rows already imported.
// - tier_history may record an IMPORT (the tier placed directly by an import).
// - ledger_entries stays append-only for amounts; an erasure (and only inside one, flagged by
//   the transaction-local setting regulars.erasing) may blank an entry's free-text reason.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE customers ADD COLUMN erased_at timestamptz;

    CREATE TABLE erased_external_ids (
      program_id       uuid NOT NULL REFERENCES programs (id),
      external_id_hash bytea NOT NULL,
      erased_at        timestamptz NOT NULL,
      PRIMARY KEY (program_id, external_id_hash)
    );

    CREATE TABLE customer_imports (
      program_id  uuid NOT NULL,
      customer_id uuid NOT NULL,
      file_id     text NOT NULL,
      line        integer NOT NULL,
      row_hash    bytea NOT NULL,
      created_at  timestamptz NOT NULL,
      PRIMARY KEY (program_id, customer_id),
      FOREIGN KEY (program_id, customer_id) REFERENCES customers (program_id, id)
    );

    ALTER TABLE tier_history DROP CONSTRAINT tier_history_reason_check;
    ALTER TABLE tier_history ADD CONSTRAINT tier_history_reason_check
      CHECK (reason IN ('PURCHASE', 'REFUND', 'ADJUSTMENT', 'EVALUATION', 'ARCHIVE', 'IMPORT'));

    CREATE OR REPLACE FUNCTION ledger_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      kept ledger_entries%ROWTYPE;
    BEGIN
      IF TG_OP = 'UPDATE' AND current_setting('regulars.erasing', true) = 'on' THEN
        kept := NEW;
        kept.reason := OLD.reason;
        IF kept IS NOT DISTINCT FROM OLD THEN
          RETURN NEW;
        END IF;
      END IF;
      RAISE EXCEPTION 'ledger_entries is append-only (% refused)', TG_OP;
    END $$;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE OR REPLACE FUNCTION ledger_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'ledger_entries is append-only (% refused)', TG_OP;
    END $$;
    DELETE FROM tier_history WHERE reason = 'IMPORT';
    ALTER TABLE tier_history DROP CONSTRAINT tier_history_reason_check;
    ALTER TABLE tier_history ADD CONSTRAINT tier_history_reason_check
      CHECK (reason IN ('PURCHASE', 'REFUND', 'ADJUSTMENT', 'EVALUATION', 'ARCHIVE'));
    DROP TABLE customer_imports, erased_external_ids;
    ALTER TABLE customers DROP COLUMN erased_at;
  `);
}
