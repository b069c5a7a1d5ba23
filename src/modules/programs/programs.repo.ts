import type { Knex } from 'knex';

export interface ProgramRow {
  id: string;
  slug: string;
  name: string;
  currency: string;
  time_zone: string;
  created_at: Date;
}

// Programs do not change once created (slug, currency and time zone have no update path), so
// every process keeps the rows it has read: a purchase needs its program's currency and time
// zone, and this saves a query on every one. If programs become editable, evict here.
const programCache = new Map<string, ProgramRow>();

// `programs` is the tenant root: the only table not reached through the scoped helper.
export async function findProgramById(db: Knex, id: string): Promise<ProgramRow | undefined> {
  const cached = programCache.get(id);
  if (cached) return cached;
  const row = await db<ProgramRow>('programs').where({ id }).first();
  if (row) {
    if (programCache.size >= 10_000) programCache.clear();
    programCache.set(id, row);
  }
  return row;
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
