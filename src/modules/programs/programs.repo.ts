import type { Knex } from 'knex';

export interface ProgramRow {
  id: string;
  slug: string;
  name: string;
  currency: string;
  time_zone: string;
  created_at: Date;
}

// `programs` is the tenant root: the only table not reached through the scoped helper.
export function findProgramById(db: Knex, id: string): Promise<ProgramRow | undefined> {
  return db<ProgramRow>('programs').where({ id }).first();
}

export function findProgramBySlug(db: Knex, slug: string): Promise<ProgramRow | undefined> {
  return db<ProgramRow>('programs').where({ slug }).first();
}

export function listPrograms(db: Knex): Promise<ProgramRow[]> {
  return db<ProgramRow>('programs').orderBy('created_at');
}

export async function insertProgram(
  db: Knex | Knex.Transaction,
  p: Pick<ProgramRow, 'slug' | 'name' | 'currency' | 'time_zone'>,
): Promise<ProgramRow> {
  const [row] = await db<ProgramRow>('programs').insert(p).returning('*');
  return row!;
}
