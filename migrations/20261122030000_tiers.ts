import type { Knex } from 'knex';

// Tiers (issue 4). program_id leads every key and index. Tier definitions are versioned:
// `tiers` holds the current definition, `tier_versions` every version ever saved.
// `tier_activity` is the tiers module's own daily roll-up of what qualifies (spend, points,
// visits) by local day in the program's time zone: evaluation scans it instead of purchases.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE tier_settings (
      program_id          uuid PRIMARY KEY REFERENCES programs (id),
      grace_days          integer NOT NULL DEFAULT 0 CHECK (grace_days BETWEEN 0 AND 3660),
      max_downgrade_ranks integer NOT NULL DEFAULT 1 CHECK (max_downgrade_ranks BETWEEN 1 AND 100),
      updated_at          timestamptz NOT NULL
    );

    CREATE TABLE tiers (
      program_id         uuid NOT NULL REFERENCES programs (id),
      id                 uuid NOT NULL DEFAULT gen_random_uuid(),
      version            integer NOT NULL DEFAULT 1,
      name               text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      rank               integer NOT NULL CHECK (rank BETWEEN 1 AND 1000),
      metric             text NOT NULL CHECK (metric IN ('SPEND', 'POINTS', 'VISITS')),
      threshold          bigint NOT NULL CHECK (threshold >= 0),
      window_kind        text NOT NULL CHECK (window_kind IN ('ROLLING_DAYS', 'CALENDAR_YEAR')),
      window_days        integer CHECK (window_days BETWEEN 1 AND 3660),
      multiplier_percent integer NOT NULL DEFAULT 100 CHECK (multiplier_percent BETWEEN 100 AND 10000),
      benefits           text,
      welcome_item_id    uuid,
      archived_at        timestamptz,
      archived_to        uuid,
      created_at         timestamptz NOT NULL,
      updated_at         timestamptz NOT NULL,
      PRIMARY KEY (program_id, id),
      CHECK ((window_kind = 'ROLLING_DAYS') = (window_days IS NOT NULL))
    );
    CREATE UNIQUE INDEX tiers_rank ON tiers (program_id, rank) WHERE archived_at IS NULL;

    CREATE TABLE tier_versions (
      program_id uuid NOT NULL,
      tier_id    uuid NOT NULL,
      version    integer NOT NULL,
      definition jsonb NOT NULL,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (program_id, tier_id, version),
      FOREIGN KEY (program_id, tier_id) REFERENCES tiers (program_id, id) ON DELETE CASCADE
    );

    -- The tier a customer holds. grace_until: set when an evaluation first finds the customer
    -- no longer qualifying; no downgrade before it. NULL = qualifying as far as we know.
    CREATE TABLE customer_tiers (
      program_id    uuid NOT NULL,
      customer_id   uuid NOT NULL,
      tier_id       uuid,
      tier_version  integer,
      since         timestamptz NOT NULL,
      grace_until   timestamptz,
      updated_at    timestamptz NOT NULL,
      PRIMARY KEY (program_id, customer_id),
      FOREIGN KEY (program_id, customer_id) REFERENCES customers (program_id, id)
    );
    CREATE INDEX customer_tiers_tier ON customer_tiers (program_id, tier_id);

    -- Net qualifying activity per customer and local day. Refunds subtract from the day of
    -- the purchase they refund; purchases counts purchases not wholly refunded (VISITS).
    CREATE TABLE tier_activity (
      program_id  uuid NOT NULL,
      customer_id uuid NOT NULL,
      day         date NOT NULL,
      spend_minor bigint NOT NULL DEFAULT 0,
      points      bigint NOT NULL DEFAULT 0,
      purchases   integer NOT NULL DEFAULT 0,
      PRIMARY KEY (program_id, customer_id, day)
    );
    CREATE INDEX tier_activity_day ON tier_activity (program_id, day);

    CREATE TABLE tier_history (
      program_id   uuid NOT NULL,
      id           bigint GENERATED ALWAYS AS IDENTITY,
      customer_id  uuid NOT NULL,
      from_tier_id uuid,
      from_version integer,
      to_tier_id   uuid,
      to_version   integer,
      reason       text NOT NULL CHECK (reason IN ('PURCHASE', 'REFUND', 'ADJUSTMENT', 'EVALUATION', 'ARCHIVE')),
      purchase_id  uuid,
      run_date     date,
      created_at   timestamptz NOT NULL,
      PRIMARY KEY (program_id, id),
      FOREIGN KEY (program_id, customer_id) REFERENCES customers (program_id, id)
    );
    CREATE INDEX tier_history_customer ON tier_history (program_id, customer_id, created_at DESC, id DESC);
    -- One change per customer per evaluation run, however often the run is retried.
    CREATE UNIQUE INDEX tier_history_run ON tier_history (program_id, run_date, customer_id)
      WHERE reason = 'EVALUATION';

    -- Claimed first in the run's transaction: a run happens once per program and local day.
    CREATE TABLE tier_evaluation_runs (
      program_id  uuid NOT NULL REFERENCES programs (id),
      run_date    date NOT NULL,
      started_at  timestamptz NOT NULL,
      -- customer_tiers rows written, and how many of them changed tier
      updated     integer NOT NULL DEFAULT 0,
      changed     integer NOT NULL DEFAULT 0,
      PRIMARY KEY (program_id, run_date)
    );

    -- The earn entry of a purchase shows its parts: base points and the tier's bonus.
    ALTER TABLE ledger_entries ADD COLUMN base_points bigint, ADD COLUMN bonus_points bigint;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE ledger_entries DROP COLUMN base_points, DROP COLUMN bonus_points;
    DROP TABLE tier_evaluation_runs, tier_history, tier_activity, customer_tiers, tier_versions,
      tiers, tier_settings;
  `);
}
