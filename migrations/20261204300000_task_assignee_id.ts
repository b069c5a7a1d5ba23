import type { Knex } from 'knex';

// A follow-up task is assigned to a colleague's console account (issue 11): follow_up_tasks.assignee_id
// is the staff user, and `assignee` keeps their name as it was when assigned (and the free-text
// names of tasks assigned before). Staff users are disabled, never deleted, so the reference stays.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE follow_up_tasks ADD COLUMN assignee_id uuid,
      ADD FOREIGN KEY (program_id, assignee_id) REFERENCES staff_users (program_id, id)
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE follow_up_tasks DROP COLUMN assignee_id');
}
