import type { Knex } from 'knex';

// useReward linked to the purchase it was used on (issue 15): the till says which purchase
// (by id, once the purchase is recorded) and the reward remembers it. Nullable: a use without
// a purchase (older tills, a reward given across the counter) stays valid.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE issued_rewards ADD COLUMN used_on_purchase_id uuid;
    ALTER TABLE issued_rewards ADD FOREIGN KEY (program_id, used_on_purchase_id)
      REFERENCES purchases (program_id, id);
    CREATE INDEX issued_rewards_used_on_purchase ON issued_rewards (program_id, used_on_purchase_id)
      WHERE used_on_purchase_id IS NOT NULL;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE issued_rewards DROP COLUMN used_on_purchase_id');
}
