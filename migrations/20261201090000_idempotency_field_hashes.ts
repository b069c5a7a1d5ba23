import type { Knex } from 'knex';

// A short hash per top-level input field beside the request hash, so IDEMPOTENCY_CONFLICT can
// say which fields differ without keeping a copy of the request (which may hold personal data).
// Keys claimed before this migration have none: their conflicts name no fields.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE idempotency_keys ADD COLUMN field_hashes jsonb');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE idempotency_keys DROP COLUMN field_hashes');
}
