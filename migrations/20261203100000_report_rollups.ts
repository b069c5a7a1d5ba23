import type { Knex } from 'knex';

// Roll-ups for the health report (ADR 0018): per local day of the program's time zone, what
// a year of purchases, ledger entries and rewards comes to, so a report reads a few hundred
// rows instead of millions. Written only by the report_rollups job (never in a till's
// transaction); the report adds what the job has not seen yet (see docs/reports.md).
//
// report_rollups: the program's roll-up state. The rows below cover purchases with
//   recorded_at < cutoff, ledger entries with created_at < cutoff and rewards issued / used
//   before cutoff, in time_zone's local days.
// report_days: per local day. Purchases (by occurred_at) with the distance in local days to
//   the customer's previous purchase as a cumulative count (prev_cum[k + 1] = purchases whose
//   previous purchase was at most k days before; no_prev = first purchases), and the
//   whole-hour gaps to it as a histogram (gap_h ascending, gap_n counts); points by kind (by
//   created_at) and rewards issued and used.
// report_medians: the median gap of every whole local day, week and month.
// report_cohorts: customers enrolled on enrol_day (local) by the local day of the month of
//   their first purchase in `month`: first_cum[j] = those whose first was on day ≤ j.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE report_rollups (
      program_id uuid PRIMARY KEY REFERENCES programs (id),
      time_zone  text NOT NULL,
      cutoff     timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    );

    CREATE TABLE report_days (
      program_id      uuid NOT NULL REFERENCES programs (id),
      day             date NOT NULL,
      purchases       integer NOT NULL DEFAULT 0,
      sales_minor     bigint NOT NULL DEFAULT 0,
      no_prev         integer NOT NULL DEFAULT 0,
      prev_cum        integer[] NOT NULL DEFAULT '{}',
      gap_h           integer[] NOT NULL DEFAULT '{}',
      gap_n           integer[] NOT NULL DEFAULT '{}',
      points_issued   bigint NOT NULL DEFAULT 0,
      points_redeemed bigint NOT NULL DEFAULT 0,
      points_expired  bigint NOT NULL DEFAULT 0,
      points_reversed bigint NOT NULL DEFAULT 0,
      points_returned bigint NOT NULL DEFAULT 0,
      points_adjusted bigint NOT NULL DEFAULT 0,
      rewards_issued  integer NOT NULL DEFAULT 0,
      rewards_used    integer NOT NULL DEFAULT 0,
      PRIMARY KEY (program_id, day)
    );

    CREATE TABLE report_medians (
      program_id   uuid NOT NULL REFERENCES programs (id),
      unit         text NOT NULL CHECK (unit IN ('day', 'week', 'month')),
      start        date NOT NULL,
      median_gap_h double precision NOT NULL,
      PRIMARY KEY (program_id, unit, start)
    );

    CREATE TABLE report_cohorts (
      program_id uuid NOT NULL REFERENCES programs (id),
      enrol_day  date NOT NULL,
      month      date NOT NULL,
      first_cum  integer[] NOT NULL,
      PRIMARY KEY (program_id, enrol_day, month)
    );

    -- What the job has not rolled up yet: purchases by when they were recorded.
    CREATE INDEX purchases_recorded ON purchases (program_id, recorded_at);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP INDEX purchases_recorded;
    DROP TABLE report_cohorts, report_medians, report_days, report_rollups;
  `);
}
