import type { Knex } from 'knex';
import { scoped } from '../src/db/scoped';
import { createApiKey } from '../src/modules/auth/auth.service';
import type { Actor } from '../src/modules/auth/viewer';
import { enrollCustomer, updateContactPreferences } from '../src/modules/customers/customers.service';
import { updateEarningConfig } from '../src/modules/ledger/ledger.service';
import { createProgram } from '../src/modules/programs/programs.service';
import { recordPurchase } from '../src/modules/purchases/purchases.service';
import { redeemReward, upsertCatalogItem } from '../src/modules/rewards/rewards.service';
import { createTier } from '../src/modules/tiers/tiers.service';
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

const MENU = [
  { sku: 'flat-white', category: 'coffee', unitPriceMinor: 450 },
  { sku: 'filter-coffee', category: 'coffee', unitPriceMinor: 325 },
  { sku: 'croissant', category: 'bakery', unitPriceMinor: 375 },
  { sku: 'seasonal-tart', category: 'bakery', unitPriceMinor: 550 },
  { sku: 'beans-250g', category: 'retail', unitPriceMinor: 1400 },
];

const CATALOG = [
  { name: 'A pastry on us', description: 'Any pastry from the counter.', costPoints: 40, validDays: 30 },
  { name: 'Coffee on us', description: 'Any coffee, any size.', costPoints: 60, validDays: 30 },
  {
    name: 'Bag of house beans',
    description: '250 g, ground or whole.',
    costPoints: 150,
    validDays: 60,
    stock: 20,
  },
];

/** A small deterministic PRNG, so every demo database tells the same story. */
function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The demo program: "a neighbourhood café" with a few regulars, their contact preferences,
 * staff notes, three months of purchases (recorded as an offline till would, through the
 * same service as the API) and a small rewards catalogue. Returns the keys it made, to be
 * printed once.
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
  // Offline tills may send older receipts: allow the seed's three months of history.
  await updateEarningConfig(ctx, { backdatingDays: 120 });
  const items = [];
  for (const item of CATALOG) items.push(await upsertCatalogItem(ctx, { ...item, active: true }));

  // Regulars are recognised by what they spent in the last 90 days.
  const window = { kind: 'ROLLING_DAYS', days: 90 };
  await createTier(ctx, {
    name: 'Neighbour',
    rank: 1,
    metric: 'SPEND',
    threshold: 0,
    window,
    benefits: 'Points on every visit.',
  });
  await createTier(ctx, {
    name: 'Regular',
    rank: 2,
    metric: 'SPEND',
    threshold: 5_000,
    window,
    earnMultiplierPercent: 125,
    benefits: '25% more points, and a pastry on us when you join.',
    welcomeCatalogItemId: items[0]!.id,
  });
  await createTier(ctx, {
    name: 'Friend of the house',
    rank: 3,
    metric: 'SPEND',
    threshold: 15_000,
    window,
    earnMultiplierPercent: 150,
    benefits: 'Half as many points again, and first taste of the seasonal menu.',
  });

  const random = mulberry32(42);
  const now = clock.now().getTime();
  const customers = await q('customers').orderBy('external_id').select('id', 'external_id');
  for (const [i, c] of customers.entries()) {
    const visits = 4 + ((i * 7) % 11); // regulars and occasional visitors
    for (let v = 0; v < visits; v++) {
      const occurredAt = new Date(now - Math.floor(random() * 90 * 86_400_000) - 3_600_000);
      const lines = MENU.filter(() => random() < 0.45).map((m) => ({
        ...m,
        quantity: 1 + Math.floor(random() * 2),
      }));
      if (lines.length === 0) lines.push({ ...MENU[0]!, quantity: 1 });
      await recordPurchase(ctx, {
        idempotencyKey: `seed-${c.external_id}-${v}`,
        customerId: c.id,
        externalId: `R-${c.external_id}-${v}`,
        storeCode: 'main-street',
        occurredAt,
        currency: program.currency,
        lines,
      });
    }
  }
  // Ada has already treated herself once.
  await redeemReward(ctx, {
    idempotencyKey: 'seed-redeem-1',
    customerId: customers[0]!.id,
    catalogItemId: items[0]!.id,
  });

  const admin = await createApiKey(db, program.id, SEED_ACTOR, clock, { role: 'admin', name: 'demo admin' });
  const pos = await createApiKey(db, program.id, SEED_ACTOR, clock, { role: 'pos', name: 'demo till' });
  return { program, adminKey: admin.secret, posKey: pos.secret };
}

export async function isEmpty(db: Knex): Promise<boolean> {
  return !(await db('programs').first('id'));
}
