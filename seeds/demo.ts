import type { Knex } from 'knex';
import { scoped } from '../src/db/scoped';
import { createApiKey } from '../src/modules/auth/auth.service';
import type { Actor } from '../src/modules/auth/viewer';
import { enrollCustomer, updateContactPreferences } from '../src/modules/customers/customers.service';
import { createProgram } from '../src/modules/programs/programs.service';
import { type Clock, systemClock } from '../src/shared/clock';
import type { RequestContext } from '../src/shared/context';

const SEED_ACTOR: Actor = { kind: 'system', id: 'seed', role: null };

const CUSTOMERS = [
  {
    externalId: 'card-0001',
    firstName: 'Ada',
    lastName: 'Moreno',
    email: 'ada@example.com',
    birthday: '1988-04-12',
    note: 'Oat flat white, extra hot. Ask about the new dog (Biscuit).',
    pinned: true,
  },
  {
    externalId: 'card-0002',
    firstName: 'Tomás',
    lastName: 'Reyes',
    email: 'tomas@example.com',
    phone: '+15550100002',
    note: 'Brings his own cup.',
  },
  {
    externalId: 'card-0003',
    firstName: 'Priya',
    lastName: 'Natarajan',
    email: 'priya@example.com',
    birthday: '1992-11-30',
    note: 'Working on her garden allotment; likes the seasonal tarts.',
    pinned: true,
  },
  { externalId: 'card-0004', firstName: 'Jonas', lastName: 'Berg', phone: '+15550100004' },
  {
    externalId: 'card-0005',
    firstName: 'Mei',
    lastName: 'Chen',
    email: 'mei@example.com',
    note: 'Allergic to nuts.',
    pinned: true,
  },
  { externalId: 'card-0006', firstName: 'Olu', lastName: 'Adeyemi', email: 'olu@example.com' },
];

/**
 * The demo program: "a neighbourhood café" with a few regulars, their contact preferences
 * and staff notes. Returns the keys it made, to be printed once.
 */
export async function seedDemo(db: Knex, clock: Clock = systemClock) {
  const program = await createProgram(db, {
    slug: 'corner-cafe',
    name: 'The Corner Café',
    currency: 'USD',
    timeZone: 'America/New_York',
  });
  const q = scoped(db, program.id);
  const ctx: RequestContext = { programId: program.id, q, viewer: null, actor: SEED_ACTOR, clock };
  for (const c of CUSTOMERS) {
    const { note, pinned, ...profile } = c;
    const { customer } = await enrollCustomer(ctx, profile);
    await updateContactPreferences(
      { ...ctx, viewer: { kind: 'api_key', programId: program.id, role: 'staff', keyId: 'seed' } },
      {
        customerId: customer.id,
        preferredChannel: profile.email ? 'EMAIL' : 'SMS',
        consents: profile.email ? [{ channel: 'EMAIL', granted: true }] : [],
        newsletterTopics: ['seasonal-menu', 'events'],
        source: 'seed',
      },
    );
    if (note) {
      const at = clock.now();
      await q.insert('customer_notes', {
        customer_id: customer.id,
        body: note,
        pinned: pinned ?? false,
        author: 'seed',
        created_at: at,
        updated_at: at,
      });
    }
  }
  const admin = await createApiKey(db, program.id, SEED_ACTOR, clock, { role: 'admin', name: 'demo admin' });
  const pos = await createApiKey(db, program.id, SEED_ACTOR, clock, { role: 'pos', name: 'demo till' });
  return { program, adminKey: admin.secret, posKey: pos.secret };
}

export async function isEmpty(db: Knex): Promise<boolean> {
  return !(await db('programs').first('id'));
}
