import type { Knex } from 'knex';
import { AppError, parseInput } from '../../shared/errors';
import { CreateProgramInput } from './programs.inputs';
import { findProgramBySlug, insertProgram, type ProgramRow } from './programs.repo';

export async function createProgram(db: Knex, input: CreateProgramInput): Promise<ProgramRow> {
  const p = parseInput(CreateProgramInput, input, []);
  if (await findProgramBySlug(db, p.slug)) {
    throw AppError.badInput([{ path: 'slug', message: `A program with slug "${p.slug}" already exists` }]);
  }
  return insertProgram(db, { slug: p.slug, name: p.name, currency: p.currency, time_zone: p.timeZone });
}
