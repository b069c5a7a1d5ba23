import type { Knex } from 'knex';
import type { Scoped } from '../../db/scoped';
import { AppError, parseInput } from '../../shared/errors';
import { CreateProgramInput } from './programs.inputs';
import {
  findProgramById,
  findProgramBySlug,
  insertProgram,
  listPrograms,
  type ProgramRow,
} from './programs.repo';

export type { ProgramRow };

export async function createProgram(db: Knex, input: CreateProgramInput): Promise<ProgramRow> {
  const p = parseInput(CreateProgramInput, input, []);
  if (await findProgramBySlug(db, p.slug)) {
    throw AppError.badInput([{ path: 'slug', message: `A program with slug "${p.slug}" already exists` }]);
  }
  return insertProgram(db, { slug: p.slug, name: p.name, currency: p.currency, time_zone: p.timeZone });
}

/**
 * The program a scoped helper works in, with its time zone and currency: the one way code with
 * a request context (`programOf(ctx.q)`) or a scoped helper reads them. Memoised per process
 * (programs do not change once created; programs.repo keeps the rows).
 *
 * One fallback policy: a scoped helper's program exists (its id came from a signed-in viewer, a
 * key, or rows of that program), so a missing one is NOT_FOUND, never a default time zone or
 * currency. Only code holding a bare id from outside (a job's payload, a signed link) uses
 * `findProgram` and says itself what a missing program means.
 */
export async function programOf(q: Scoped): Promise<ProgramRow> {
  const p = await findProgramById(q.knex as Knex, q.programId);
  if (!p) throw AppError.notFound('Program');
  return p;
}

/** The program with this id, or undefined (for ids from outside: job payloads, signed links). */
export function findProgram(db: Knex, id: string): Promise<ProgramRow | undefined> {
  return findProgramById(db, id);
}

/** Every program, oldest first (the per-program sweeps of scheduled jobs). */
export function allPrograms(db: Knex): Promise<ProgramRow[]> {
  return listPrograms(db);
}
