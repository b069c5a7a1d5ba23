import type { Knex } from 'knex';
import type { RequestContext } from '../../shared/context';
import { AppError, parseInput } from '../../shared/errors';
import { CreateProgramInput } from './programs.inputs';
import { findProgramById, findProgramBySlug, insertProgram, type ProgramRow } from './programs.repo';

export async function createProgram(db: Knex, input: CreateProgramInput): Promise<ProgramRow> {
  const p = parseInput(CreateProgramInput, input, []);
  if (await findProgramBySlug(db, p.slug)) {
    throw AppError.badInput([{ path: 'slug', message: `A program with slug "${p.slug}" already exists` }]);
  }
  return insertProgram(db, { slug: p.slug, name: p.name, currency: p.currency, time_zone: p.timeZone });
}

/** The caller's program (cached per process: programs do not change once created). */
export async function programOf(ctx: RequestContext): Promise<ProgramRow> {
  const p = await findProgramById(ctx.q.knex as Knex, ctx.programId);
  if (!p) throw AppError.notFound('Program');
  return p;
}
