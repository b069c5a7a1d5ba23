import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Config } from '../src/config';
import { scoped } from '../src/db/scoped';
import { createApiKey } from '../src/modules/auth/auth.service';
import type { Actor } from '../src/modules/auth/viewer';
import {
  EnrollCustomerInput,
  UpdateContactPreferencesInput,
} from '../src/modules/customers/customers.inputs';
import { updateContactPreferences } from '../src/modules/customers/customers.service';
import { DEFAULT_EARNING, pointsForWeight, unitWeight } from '../src/modules/ledger/earning';
import { type EarnedRow, insertEarnedHistory } from '../src/modules/ledger/ledger.repo';
import { createProgram } from '../src/modules/programs/programs.service';
import { RedeemRewardInput, UpsertCatalogItemInput } from '../src/modules/rewards/rewards.inputs';
import { grantReward, upsertCatalogItem } from '../src/modules/rewards/rewards.service';
import { InviteStaffInput } from '../src/modules/staff/staff.inputs';
import { inviteStaff } from '../src/modules/staff/staff.service';
import { CreateTierInput } from '../src/modules/tiers/tiers.inputs';
import type { TierRow } from '../src/modules/tiers/tiers.repo';
import { createTier, earnedLevel } from '../src/modules/tiers/tiers.service';
import { type Clock, systemClock } from '../src/shared/clock';
import type { RequestContext } from '../src/shared/context';
import { parseInput } from '../src/shared/errors';
import { enrollCustomer } from '../src/workflows/enroll-customer';
import { redeemReward } from '../src/workflows/redeem-reward';

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
 * staff notes, three months of purchases and a small rewards catalogue. Returns the keys it
 * made, to be printed once.
 *
 * The first start waits for this, so it is written set-based: the program, customers, tiers
 * and catalogue go through their services (a few statements each), the purchase history is
 * decided in memory and written in a handful of multi-row statements (`seedHistory`).
 */
/** The demo's first console user: `npm start` prints a single-use sign-in link for them. */
export const DEMO_OWNER = { email: 'owner@corner-cafe.example', name: 'Demo Owner' };

export async function seedDemo(db: Knex, clock: Clock = systemClock, config?: Config) {
  const program = await createProgram(db, {
    slug: 'corner-cafe',
    name: 'The Corner Café',
    currency: 'USD',
    timeZone: 'America/New_York',
  });
  const q = scoped(db, program.id);
  const ctx: RequestContext = { programId: program.id, q, viewer: null, actor: SEED_ACTOR, clock };
  const staff: RequestContext = {
    ...ctx,
    viewer: { kind: 'api_key', programId: program.id, role: 'staff', keyId: 'seed' },
  };
  const notes = [];
  for (const c of CUSTOMERS) {
    const { note, pinned, ...profile } = c;
    const { customer } = await enrollCustomer(ctx, parseInput(EnrollCustomerInput, profile));
    await updateContactPreferences(
      staff,
      parseInput(UpdateContactPreferencesInput, {
        customerId: customer.id,
        preferredChannel: profile.email ? 'EMAIL' : 'SMS',
        consents: profile.email ? [{ channel: 'EMAIL', granted: true }] : [],
        newsletterTopics: ['seasonal-menu', 'events'],
        source: 'seed',
      }),
    );
    const at = clock.now();
    if (note) {
      notes.push({
        customer_id: customer.id,
        body: note,
        pinned: pinned ?? false,
        author: 'seed',
        created_at: at,
        updated_at: at,
      });
    }
  }
  await q.insert('customer_notes', notes);
  const items = [];
  for (const item of CATALOG)
    items.push(await upsertCatalogItem(ctx, parseInput(UpsertCatalogItemInput, { ...item, active: true })));

  // Regulars are recognised by what they spent in the last 90 days.
  const window = { kind: 'ROLLING_DAYS', days: 90 };
  const tiers: TierRow[] = [
    await createTier(
      ctx,
      parseInput(CreateTierInput, {
        name: 'Neighbour',
        rank: 1,
        metric: 'SPEND',
        threshold: 0,
        window,
        benefits: 'Points on every visit.',
      }),
    ),
    await createTier(
      ctx,
      parseInput(CreateTierInput, {
        name: 'Regular',
        rank: 2,
        metric: 'SPEND',
        threshold: 5_000,
        window,
        earnMultiplierPercent: 125,
        benefits: '25% more points, and a pastry on us when you join.',
        welcomeCatalogItemId: items[0]!.id,
      }),
    ),
    await createTier(
      ctx,
      parseInput(CreateTierInput, {
        name: 'Friend of the house',
        rank: 3,
        metric: 'SPEND',
        threshold: 15_000,
        window,
        earnMultiplierPercent: 150,
        benefits: 'Half as many points again, and first taste of the seasonal menu.',
      }),
    ),
  ];

  const customers = await q('customers').orderBy('external_id').select('id', 'external_id');
  await seedHistory(ctx, program.currency, customers, tiers);
  // Ada has already treated herself once.
  await redeemReward(
    ctx,
    parseInput(RedeemRewardInput, {
      idempotencyKey: 'seed-redeem-1',
      customerId: customers[0]!.id,
      catalogItemId: items[0]!.id,
    }),
  );

  const admin = await createApiKey(db, program.id, SEED_ACTOR, clock, { role: 'admin', name: 'demo admin' });
  const pos = await createApiKey(db, program.id, SEED_ACTOR, clock, { role: 'pos', name: 'demo till' });
  // A console sign-in link for the demo's owner, made from the install's link secret (config):
  // printed by `npm start`, not emailed (nobody reads owner@corner-cafe.example).
  const owner = config
    ? await inviteStaff(
        ctx,
        config,
        parseInput(InviteStaffInput, { email: DEMO_OWNER.email, name: DEMO_OWNER.name, role: 'ADMIN' }),
        { sendEmail: false },
      )
    : null;
  return { program, adminKey: admin.secret, posKey: pos.secret, ownerInvitation: owner };
}

/**
 * Three months of visits, decided in memory as the till would have recorded them live (in
 * time order: a purchase earns at the rate of the tier held before it, and moves the
 * customer up once their spend crosses a threshold), then written in one transaction of
 * multi-row statements: purchases, lines, the ledger (entries, lots, balances: see
 * insertEarnedHistory), the tiers' daily activity, tier rows and their history, and the
 * welcome rewards of the tiers reached. The default earning rules apply (1 point per dollar,
 * at once, never expiring). Past tier changes raise no events: nobody is told today about
 * last month's upgrade.
 */
async function seedHistory(
  ctx: RequestContext,
  currency: string,
  customers: { id: string; external_id: string }[],
  tiers: TierRow[],
): Promise<void> {
  const cfg = DEFAULT_EARNING;
  const random = mulberry32(42);
  const now = ctx.clock.now();
  const purchases: Record<string, unknown>[] = [];
  const lines: Record<string, unknown>[] = [];
  const earned: EarnedRow[] = [];
  const held: Record<string, unknown>[] = [];
  const history: Record<string, unknown>[] = [];
  const welcomes: { customerId: string; catalogItemId: string }[] = [];
  for (const [i, c] of customers.entries()) {
    const visits = [];
    const count = 4 + ((i * 7) % 11); // regulars and occasional visitors
    for (let v = 0; v < count; v++) {
      // Within the last 88 days: the 90-day tier window still holds all of it today.
      const occurredAt = new Date(now.getTime() - Math.floor(random() * 88 * 86_400_000) - 3_600_000);
      const picked = MENU.filter(() => random() < 0.45).map((m) => ({
        ...m,
        quantity: 1 + Math.floor(random() * 2),
      }));
      if (picked.length === 0) picked.push({ ...MENU[0]!, quantity: 1 });
      visits.push({ v, occurredAt, lines: picked });
    }
    visits.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
    let spend = 0;
    let level = 0; // no tier row yet: the base tier applies (threshold 0)
    let since = now;
    for (const visit of visits) {
      const id = randomUUID();
      const weight = visit.lines.reduce((s, l) => s + l.quantity * unitWeight(cfg, l), 0);
      const total = visit.lines.reduce((s, l) => s + l.quantity * l.unitPriceMinor, 0);
      const base = pointsForWeight(cfg, weight, currency);
      const tier = level > 0 ? tiers[level - 1]! : tiers[0]!.threshold === 0 ? tiers[0]! : null;
      const bonusPoints = tier ? Math.floor((base * (tier.multiplier_percent - 100)) / 100) : 0;
      const points = base + bonusPoints;
      purchases.push({
        id,
        customer_id: c.id,
        external_id: `R-${c.external_id}-${visit.v}`,
        store_code: 'main-street',
        currency,
        total_minor: total,
        earn_weight: weight,
        points_earned: points,
        occurred_at: visit.occurredAt,
        recorded_at: visit.occurredAt,
      });
      lines.push(
        ...visit.lines.map((l, n) => ({
          purchase_id: id,
          line_no: n + 1,
          sku: l.sku,
          category: l.category,
          quantity: l.quantity,
          unit_price_minor: l.unitPriceMinor,
          unit_weight: unitWeight(cfg, l),
          refunded_quantity: 0,
        })),
      );
      if (points > 0) {
        earned.push({
          customer_id: c.id,
          purchase_id: id,
          points,
          base_points: base,
          bonus_points: bonusPoints,
          reason: bonusPoints > 0 ? `${tier!.name} tier ${tier!.multiplier_percent}%` : null,
          at: visit.occurredAt,
          available_at: visit.occurredAt,
          expires_at: null,
        });
      }
      spend += total;
      const reached = earnedLevel(
        tiers,
        tiers.map(() => spend),
      );
      if (reached > level) {
        const from = level > 0 ? tiers[level - 1]! : null;
        const to = tiers[reached - 1]!;
        history.push({
          customer_id: c.id,
          from_tier_id: from?.id ?? null,
          from_version: from?.version ?? null,
          to_tier_id: to.id,
          to_version: to.version,
          reason: 'PURCHASE',
          purchase_id: id,
          created_at: visit.occurredAt,
        });
        for (const t of tiers.slice(level, reached)) {
          if (t.welcome_item_id) welcomes.push({ customerId: c.id, catalogItemId: t.welcome_item_id });
        }
        level = reached;
        since = visit.occurredAt;
      }
    }
    if (level > 0) {
      const t = tiers[level - 1]!;
      held.push({ customer_id: c.id, tier_id: t.id, tier_version: t.version, since, updated_at: since });
    }
  }

  await ctx.q.transaction(async (q) => {
    await q.insert('purchases', purchases);
    await q.insert('purchase_lines', lines);
    await insertEarnedHistory(q, earned, ctx.actor, now);
    // The tiers' daily roll-up, by local day in the program's time zone, as recordTierActivity keeps it.
    await q.knex.raw(
      `INSERT INTO tier_activity (program_id, customer_id, day, spend_minor, points, purchases)
       SELECT p.program_id, p.customer_id, (p.occurred_at AT TIME ZONE g.time_zone)::date,
              sum(p.total_minor), sum(p.points_earned), count(*)
         FROM purchases p JOIN programs g ON g.id = p.program_id
        WHERE p.program_id = ?
        GROUP BY 1, 2, 3`,
      [q.programId],
    );
    await q.insert('customer_tiers', held);
    await q.insert('tier_history', history);
    const tx = { ...ctx, q };
    for (const w of welcomes) await grantReward(tx, q, w);
  });
}

export async function isEmpty(db: Knex): Promise<boolean> {
  return !(await db('programs').first('id'));
}
