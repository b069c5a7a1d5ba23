import type { Knex } from 'knex';

// Purchases, the points ledger and rewards (issue 3). program_id leads every key and index,
// as in the foundation. Money is bigint minor units; points are bigint.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    -- One row per (program, key): claimed first in the mutation's transaction, so a
    -- concurrent duplicate waits on the primary key until the first commits or rolls back.
    CREATE TABLE idempotency_keys (
      program_id   uuid NOT NULL REFERENCES programs (id),
      key          text NOT NULL CHECK (length(key) BETWEEN 1 AND 128),
      operation    text NOT NULL,
      request_hash bytea NOT NULL,
      result       jsonb NOT NULL DEFAULT '{}',
      created_at   timestamptz NOT NULL,
      PRIMARY KEY (program_id, key)
    );
    CREATE INDEX idempotency_keys_created ON idempotency_keys (program_id, created_at);

    -- How purchases earn. No row = the defaults of API.md (1 point per whole unit, at once,
    -- never expiring). Multipliers are integer percentages (150 = 1.5x), never floats.
    CREATE TABLE earning_configs (
      program_id           uuid PRIMARY KEY REFERENCES programs (id),
      points_per_unit      integer NOT NULL DEFAULT 1 CHECK (points_per_unit BETWEEN 0 AND 1000),
      category_multipliers jsonb NOT NULL DEFAULT '{}',
      sku_multipliers      jsonb NOT NULL DEFAULT '{}',
      excluded_categories  text[] NOT NULL DEFAULT '{}',
      rounding             text NOT NULL DEFAULT 'FLOOR' CHECK (rounding IN ('FLOOR', 'HALF_UP', 'CEIL')),
      pending_days         integer NOT NULL DEFAULT 0 CHECK (pending_days BETWEEN 0 AND 365),
      expiry_policy        text NOT NULL DEFAULT 'NONE' CHECK (expiry_policy IN ('NONE', 'FIXED_DAYS', 'INACTIVITY')),
      expiry_days          integer CHECK (expiry_days BETWEEN 1 AND 3650),
      auto_enroll          boolean NOT NULL DEFAULT false,
      backdating_days      integer NOT NULL DEFAULT 30 CHECK (backdating_days BETWEEN 0 AND 365),
      updated_at           timestamptz NOT NULL,
      CHECK ((expiry_policy = 'NONE') = (expiry_days IS NULL))
    );

    CREATE TABLE purchases (
      program_id      uuid NOT NULL,
      id              uuid NOT NULL DEFAULT gen_random_uuid(),
      customer_id     uuid NOT NULL,
      external_id     text NOT NULL,
      store_code      text,
      currency        char(3) NOT NULL,
      total_minor     bigint NOT NULL CHECK (total_minor >= 0),
      -- Sum over lines of quantity x unit weight: the basis for proportional refunds.
      earn_weight     bigint NOT NULL CHECK (earn_weight >= 0),
      refunded_weight bigint NOT NULL DEFAULT 0 CHECK (refunded_weight BETWEEN 0 AND earn_weight),
      points_earned   bigint NOT NULL CHECK (points_earned >= 0),
      points_reversed bigint NOT NULL DEFAULT 0 CHECK (points_reversed BETWEEN 0 AND points_earned),
      occurred_at     timestamptz NOT NULL,
      recorded_at     timestamptz NOT NULL,
      PRIMARY KEY (program_id, id),
      FOREIGN KEY (program_id, customer_id) REFERENCES customers (program_id, id)
    );
    -- A receipt is recorded once per store.
    CREATE UNIQUE INDEX purchases_receipt ON purchases (program_id, store_code, external_id) NULLS NOT DISTINCT;
    CREATE INDEX purchases_customer ON purchases (program_id, customer_id, occurred_at DESC, id DESC);

    CREATE TABLE purchase_lines (
      program_id        uuid NOT NULL,
      purchase_id       uuid NOT NULL,
      line_no           integer NOT NULL,
      sku               text NOT NULL,
      category          text,
      quantity          integer NOT NULL CHECK (quantity BETWEEN 1 AND 10000),
      unit_price_minor  bigint NOT NULL CHECK (unit_price_minor >= 0),
      -- unit price x multiplier percent (0 when excluded): what one unit weighs for earning.
      unit_weight       bigint NOT NULL CHECK (unit_weight >= 0),
      refunded_quantity integer NOT NULL DEFAULT 0 CHECK (refunded_quantity BETWEEN 0 AND quantity),
      PRIMARY KEY (program_id, purchase_id, line_no),
      FOREIGN KEY (program_id, purchase_id) REFERENCES purchases (program_id, id)
    );

    -- One row per customer: the lock every points change takes first, and the running sum
    -- of the ledger. debt = points reversed after they were spent (available may go negative).
    CREATE TABLE point_balances (
      program_id       uuid NOT NULL,
      customer_id      uuid NOT NULL,
      points           bigint NOT NULL DEFAULT 0,
      debt             bigint NOT NULL DEFAULT 0 CHECK (debt >= 0),
      lifetime_earned  bigint NOT NULL DEFAULT 0,
      last_purchase_at timestamptz,
      updated_at       timestamptz NOT NULL,
      PRIMARY KEY (program_id, customer_id),
      FOREIGN KEY (program_id, customer_id) REFERENCES customers (program_id, id)
    );

    CREATE TABLE ledger_entries (
      program_id   uuid NOT NULL,
      id           bigint GENERATED ALWAYS AS IDENTITY,
      customer_id  uuid NOT NULL,
      kind         text NOT NULL CHECK (kind IN ('EARN', 'BONUS', 'REDEEM', 'REVERSAL', 'EXPIRE', 'ADJUST')),
      points       bigint NOT NULL CHECK (points <> 0),
      purchase_id  uuid,
      reward_id    uuid,
      lot_id       bigint,
      reason       text,
      actor_kind   text NOT NULL,
      actor_id     text,
      actor_role   text,
      available_at timestamptz,
      expires_at   timestamptz,
      created_at   timestamptz NOT NULL,
      PRIMARY KEY (program_id, id),
      FOREIGN KEY (program_id, customer_id) REFERENCES customers (program_id, id)
    );
    CREATE INDEX ledger_entries_customer ON ledger_entries (program_id, customer_id, created_at DESC, id DESC);
    -- A lot is written off at most once, however many expiry sweeps run.
    CREATE UNIQUE INDEX ledger_entries_expire_once ON ledger_entries (program_id, lot_id) WHERE kind = 'EXPIRE';

    CREATE FUNCTION ledger_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'ledger_entries is append-only (% refused)', TG_OP;
    END $$;
    CREATE TRIGGER ledger_entries_no_update_delete BEFORE UPDATE OR DELETE ON ledger_entries
      FOR EACH ROW EXECUTE FUNCTION ledger_entries_append_only();
    CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
      FOR EACH STATEMENT EXECUTE FUNCTION ledger_entries_append_only();

    -- Earned points, spent oldest first. remaining falls as points are spent, reversed or expired.
    CREATE TABLE point_lots (
      program_id   uuid NOT NULL,
      id           bigint GENERATED ALWAYS AS IDENTITY,
      customer_id  uuid NOT NULL,
      entry_id     bigint NOT NULL,
      purchase_id  uuid,
      points       bigint NOT NULL CHECK (points > 0),
      remaining    bigint NOT NULL CHECK (remaining BETWEEN 0 AND points),
      available_at timestamptz NOT NULL,
      expires_at   timestamptz,
      created_at   timestamptz NOT NULL,
      PRIMARY KEY (program_id, id),
      FOREIGN KEY (program_id, customer_id) REFERENCES customers (program_id, id)
    );
    CREATE INDEX point_lots_open ON point_lots (program_id, customer_id, available_at, id) WHERE remaining > 0;
    CREATE INDEX point_lots_expiry ON point_lots (program_id, expires_at) WHERE remaining > 0;
    CREATE INDEX point_lots_purchase ON point_lots (program_id, purchase_id) WHERE purchase_id IS NOT NULL;

    CREATE TABLE catalog_items (
      program_id   uuid NOT NULL REFERENCES programs (id),
      id           uuid NOT NULL DEFAULT gen_random_uuid(),
      name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      description  text,
      cost_points  bigint NOT NULL CHECK (cost_points > 0),
      active       boolean NOT NULL DEFAULT true,
      valid_days   integer CHECK (valid_days BETWEEN 1 AND 3650),
      active_from  timestamptz,
      active_until timestamptz,
      stock        integer CHECK (stock >= 0),
      created_at   timestamptz NOT NULL,
      updated_at   timestamptz NOT NULL,
      PRIMARY KEY (program_id, id)
    );

    CREATE TABLE issued_rewards (
      program_id      uuid NOT NULL,
      id              uuid NOT NULL DEFAULT gen_random_uuid(),
      customer_id     uuid NOT NULL,
      catalog_item_id uuid NOT NULL,
      code            text NOT NULL,
      name            text NOT NULL,
      cost_points     bigint NOT NULL,
      -- EXPIRED is derived from expires_at when read; it is never stored.
      status          text NOT NULL DEFAULT 'AVAILABLE' CHECK (status IN ('AVAILABLE', 'USED', 'VOIDED')),
      issued_at       timestamptz NOT NULL,
      expires_at      timestamptz,
      used_at         timestamptz,
      voided_at       timestamptz,
      PRIMARY KEY (program_id, id),
      UNIQUE (program_id, code),
      FOREIGN KEY (program_id, customer_id) REFERENCES customers (program_id, id),
      FOREIGN KEY (program_id, catalog_item_id) REFERENCES catalog_items (program_id, id)
    );
    CREATE INDEX issued_rewards_customer ON issued_rewards (program_id, customer_id, issued_at DESC);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TABLE issued_rewards, catalog_items, point_lots, ledger_entries, point_balances,
      purchase_lines, purchases, earning_configs, idempotency_keys;
    DROP FUNCTION ledger_entries_append_only();
  `);
}
