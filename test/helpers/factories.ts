import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { scoped } from '../../src/db/scoped';
import { createApiKey } from '../../src/modules/auth/auth.service';
import type { StaffRole } from '../../src/modules/auth/viewer';
import { EnrollCustomerInput } from '../../src/modules/customers/customers.inputs';
import type { CreateProgramInput } from '../../src/modules/programs/programs.inputs';
import { createProgram } from '../../src/modules/programs/programs.service';
import { CreateTierInput } from '../../src/modules/tiers/tiers.inputs';
import { createTier } from '../../src/modules/tiers/tiers.service';
import { type Clock, systemClock } from '../../src/shared/clock';
import type { RequestContext } from '../../src/shared/context';
import { parseInput } from '../../src/shared/errors';
import { enrollCustomer } from '../../src/workflows/enroll-customer';

const actor = { kind: 'system' as const, id: 'test', role: null };

export function makeProgram(db: Knex, overrides: Partial<CreateProgramInput> = {}) {
  return createProgram(db, {
    slug: `p-${randomBytes(4).toString('hex')}`,
    name: 'Test Café',
    currency: 'USD',
    ...overrides,
  });
}

/** The context a service call gets from the system (no viewer) in `programId`, on `clock`. */
export function systemContext(db: Knex, programId: string, clock: Clock): RequestContext {
  return { programId, q: scoped(db, programId), viewer: null, actor, clock };
}

export async function makeKey(db: Knex, programId: string, role: StaffRole, clock: Clock = systemClock) {
  return (await createApiKey(db, programId, actor, clock, { role })).secret;
}

export async function makeCustomer(
  db: Knex,
  programId: string,
  overrides: Record<string, unknown> = {},
  clock: Clock = systemClock,
) {
  const ctx = { programId, q: scoped(db, programId), viewer: null, actor, clock };
  const { customer } = await enrollCustomer(
    ctx,
    parseInput(EnrollCustomerInput, {
      externalId: `ext-${randomBytes(4).toString('hex')}`,
      firstName: 'Test',
      ...overrides,
    }),
  );
  return customer;
}

/** A program with one key of every role: the usual start of an API test. */
export async function makeProgramWithKeys(db: Knex, overrides: Partial<CreateProgramInput> = {}) {
  const program = await makeProgram(db, overrides);
  const keys = {
    admin: await makeKey(db, program.id, 'admin'),
    marketing: await makeKey(db, program.id, 'marketing'),
    staff: await makeKey(db, program.id, 'staff'),
    pos: await makeKey(db, program.id, 'pos'),
  };
  return { program, keys };
}

/**
 * Two spend tiers, as staff create them: Regular from 0 and Gold from `goldFrom` (minor units)
 * spent within `goldWindow` (a calendar year unless given).
 */
export async function makeSpendTiers(
  ctx: RequestContext,
  goldFrom: number,
  goldWindow: { kind: 'CALENDAR_YEAR' } | { kind: 'ROLLING_DAYS'; days: number } = { kind: 'CALENDAR_YEAR' },
) {
  const tier = (name: string, rank: number, threshold: number, window: object) =>
    createTier(ctx, parseInput(CreateTierInput, { name, rank, metric: 'SPEND', threshold, window }));
  return [
    await tier('Regular', 1, 0, { kind: 'CALENDAR_YEAR' }),
    await tier('Gold', 2, goldFrom, goldWindow),
  ];
}

export type ProgramWithKeys = Awaited<ReturnType<typeof makeProgramWithKeys>>;
/** A key of every role, as `makeProgramWithKeys` makes them. */
export type ProgramKeys = ProgramWithKeys['keys'];
