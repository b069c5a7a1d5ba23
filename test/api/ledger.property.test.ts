import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { scoped } from '../../src/db/scoped';
import { AdjustPointsInput, UpdateEarningConfigInput } from '../../src/modules/ledger/ledger.inputs';
import { balanceSummaries } from '../../src/modules/ledger/ledger.repo';
import { expireLots, updateEarningConfig } from '../../src/modules/ledger/ledger.service';
import { RecordPurchaseInput, RefundPurchaseInput } from '../../src/modules/purchases/purchases.inputs';
import {
  RedeemRewardInput,
  UpsertCatalogItemInput,
  VoidRewardInput,
} from '../../src/modules/rewards/rewards.inputs';
import { upsertCatalogItem, voidReward } from '../../src/modules/rewards/rewards.service';
import { ManualClock } from '../../src/shared/clock';
import type { RequestContext } from '../../src/shared/context';
import { AppError, parseInput } from '../../src/shared/errors';
import { adjustPoints } from '../../src/workflows/adjust-points';
import { recordPurchase } from '../../src/workflows/record-purchase';
import { redeemReward } from '../../src/workflows/redeem-reward';
import { refundPurchase } from '../../src/workflows/refund-purchase';
import { createTestDb, type TestDb } from '../helpers/db';
import { makeCustomer, makeProgram } from '../helpers/factories';

/**
 * Random sequences of purchases, refunds, redemptions, voids, adjustments, expiry sweeps and
 * clock moves, run through the services on a real database, against a small in-memory model
 * of the same rules. After every step: the model and the database agree on available,
 * pending and lifetimeEarned, and API.md's invariants hold.
 */

const DAY = 86_400_000;
const PENDING_DAYS = 3;
const EXPIRY_DAYS = 20;
const SKUS = ['A', 'B', 'C'] as const;
const PERCENT: Record<string, number> = { A: 100, B: 150, C: 100 };
const COSTS = [50, 120, 300];

let tdb: TestDb;
let ctx: RequestContext;
const clock = new ManualClock('2026-03-01T12:00:00Z');
let items: { id: string; cost: number }[];

beforeAll(async () => {
  tdb = await createTestDb();
  const program = await makeProgram(tdb.db);
  ctx = {
    programId: program.id,
    q: scoped(tdb.db, program.id),
    viewer: null,
    actor: { kind: 'system', id: 'property', role: null },
    clock,
  };
  await updateEarningConfig(
    ctx,
    parseInput(UpdateEarningConfigInput, {
      pendingDays: PENDING_DAYS,
      expiryPolicy: 'FIXED_DAYS',
      expiryDays: EXPIRY_DAYS,
      skuMultipliers: [{ sku: 'B', percent: PERCENT.B }],
    }),
  );
  items = [];
  for (const cost of COSTS) {
    const row = await upsertCatalogItem(
      ctx,
      parseInput(UpsertCatalogItemInput, { name: `Item ${cost}`, costPoints: cost }),
    );
    items.push({ id: row.id, cost });
  }
});
afterAll(() => tdb.drop());

// ---- the model -------------------------------------------------------------------------

interface Lot {
  seq: number;
  purchaseId: string | null;
  remaining: number;
  availableAt: number;
  expiresAt: number;
}
interface Model {
  lots: Lot[];
  debt: number;
  sum: number;
  lifetime: number;
  seq: number;
  purchases: {
    id: string;
    earned: number;
    reversed: number;
    weight: number;
    refundedWeight: number;
    lines: { sku: string; quantity: number; refunded: number; unitWeight: number }[];
  }[];
  rewards: { id: string; cost: number; voided: boolean }[];
}

const live = (l: Lot, now: number) => l.expiresAt > now;
const spendable = (m: Model, now: number) =>
  m.lots
    .filter((l) => l.remaining > 0 && l.availableAt <= now && live(l, now))
    .sort((a, b) => a.availableAt - b.availableAt || a.seq - b.seq);

function take(lots: Lot[], points: number): number {
  let left = points;
  for (const l of lots) {
    const t = Math.min(l.remaining, left);
    l.remaining -= t;
    left -= t;
  }
  return points - left;
}

/** What every points change does first: pay debt from points spendable now. */
function settle(m: Model, now: number) {
  if (m.debt > 0) m.debt -= take(spendable(m, now), m.debt);
}
const available = (m: Model, now: number) => spendable(m, now).reduce((s, l) => s + l.remaining, 0) - m.debt;
const pending = (m: Model, now: number) =>
  m.lots.filter((l) => l.availableAt > now && live(l, now)).reduce((s, l) => s + l.remaining, 0);

function credit(m: Model, now: number, points: number) {
  settle(m, now);
  const lot = {
    seq: m.seq++,
    purchaseId: null,
    remaining: points,
    availableAt: now,
    expiresAt: now + EXPIRY_DAYS * DAY,
  };
  const paid = Math.min(m.debt, points);
  lot.remaining -= paid;
  m.debt -= paid;
  m.lots.push(lot);
  m.sum += points;
}

function spend(m: Model, now: number, points: number): string | null {
  settle(m, now);
  if (available(m, now) < points) return 'INSUFFICIENT_POINTS';
  take(spendable(m, now), points);
  m.sum -= points;
  return null;
}

// ---- commands ----------------------------------------------------------------------------

type Cmd =
  | { t: 'buy'; lines: { sku: string; quantity: number; price: number }[]; retry: boolean }
  | { t: 'refund'; pick: number; lines: { sku: string; quantity: number }[] | null; retry: boolean }
  | { t: 'redeem'; item: number; retry: boolean }
  | { t: 'void'; pick: number; retry: boolean }
  | { t: 'adjust'; points: number; retry: boolean }
  | { t: 'advance'; ms: number }
  | { t: 'expire' };

const sku = fc.constantFrom(...SKUS);
const retry = fc.boolean();
const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant('buy' as const),
      lines: fc.array(
        fc.record({
          sku,
          quantity: fc.integer({ min: 1, max: 4 }),
          price: fc.integer({ min: 0, max: 6000 }),
        }),
        { minLength: 1, maxLength: 3 },
      ),
      retry,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('refund' as const),
      pick: fc.nat(),
      lines: fc.option(
        fc.array(fc.record({ sku, quantity: fc.integer({ min: 1, max: 3 }) }), {
          minLength: 1,
          maxLength: 2,
        }),
      ),
      retry,
    }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('redeem' as const), item: fc.nat({ max: 2 }), retry }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('void' as const), pick: fc.nat(), retry }) },
  {
    weight: 1,
    arbitrary: fc.record({
      t: fc.constant('adjust' as const),
      points: fc.integer({ min: -150, max: 150 }).filter((p) => p !== 0),
      retry,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('advance' as const),
      ms: fc.integer({ min: 0, max: 12 * DAY }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ t: 'expire' as const }) },
);

async function codeOf(p: Promise<unknown>): Promise<{ ok: unknown } | { code: string }> {
  try {
    return { ok: await p };
  } catch (e) {
    if (e instanceof AppError) return { code: e.code };
    throw e;
  }
}

let n = 0;
const k = () => `prop-${n++}`;

async function run(cmds: Cmd[]) {
  clock.set('2026-03-01T12:00:00Z');
  const customer = await makeCustomer(tdb.db, ctx.programId, {}, clock);
  const m: Model = { lots: [], debt: 0, sum: 0, lifetime: 0, seq: 0, purchases: [], rewards: [] };

  for (const c of cmds) {
    const now = clock.now().getTime();
    let expected: string | null = null;
    let exec: (() => Promise<unknown>) | null = null;
    const before = structuredClone(m);
    const onSuccess: ((result: any) => void)[] = [];

    if (c.t === 'advance') {
      clock.advance(c.ms);
      continue;
    }
    if (c.t === 'expire') {
      await expireLots(ctx, customer.id, clock.now());
      settle(m, now);
      for (const l of m.lots) {
        if (l.remaining > 0 && !live(l, now)) {
          m.sum -= l.remaining;
          l.remaining = 0;
        }
      }
    } else if (c.t === 'buy') {
      const lines = c.lines.map((l) => ({
        sku: l.sku,
        quantity: l.quantity,
        refunded: 0,
        unitWeight: l.price * PERCENT[l.sku]!,
      }));
      const weight = lines.reduce((s, l) => s + l.quantity * l.unitWeight, 0);
      const earned = Math.floor(weight / 10_000);
      const input = {
        idempotencyKey: k(),
        customerId: customer.id,
        externalId: k(),
        occurredAt: clock.now(),
        currency: 'USD',
        lines: c.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, unitPriceMinor: l.price })),
      };
      exec = () => recordPurchase(ctx, parseInput(RecordPurchaseInput, input));
      settle(m, now);
      onSuccess.push((r) => {
        m.purchases.push({ id: r.purchaseId, earned, reversed: 0, weight, refundedWeight: 0, lines });
        if (earned > 0) {
          m.lots.push({
            seq: m.seq++,
            purchaseId: r.purchaseId,
            remaining: earned,
            availableAt: now + PENDING_DAYS * DAY,
            expiresAt: now + EXPIRY_DAYS * DAY,
          });
        }
        m.sum += earned;
        m.lifetime += earned;
        expect(r.pointsEarned).toBe(earned);
      });
    } else if (c.t === 'refund') {
      if (m.purchases.length === 0) continue;
      const p = m.purchases[c.pick % m.purchases.length]!;
      const input = { idempotencyKey: k(), purchaseId: p.id, lines: c.lines };
      exec = () => refundPurchase(ctx, parseInput(RefundPurchaseInput, input));
      // Allocate like the service: per sku over its lines in order.
      const alloc = new Map<number, number>();
      if (c.lines) {
        for (const w of c.lines) {
          let left = w.quantity;
          const idx = p.lines.map((l, i) => [l, i] as const).filter(([l]) => l.sku === w.sku);
          if (idx.length === 0) expected = 'BAD_USER_INPUT';
          for (const [l, i] of idx) {
            const t = Math.min(l.quantity - l.refunded - (alloc.get(i) ?? 0), left);
            if (t > 0) alloc.set(i, (alloc.get(i) ?? 0) + t);
            left -= t;
          }
          if (left > 0) expected = 'BAD_USER_INPUT';
        }
      } else {
        p.lines.forEach((l, i) => {
          if (l.quantity > l.refunded) alloc.set(i, l.quantity - l.refunded);
        });
      }
      if (alloc.size === 0) expected = 'BAD_USER_INPUT';
      if (!expected) {
        let w = 0;
        for (const [i, q] of alloc) {
          p.lines[i]!.refunded += q;
          w += q * p.lines[i]!.unitWeight;
        }
        p.refundedWeight += w;
        const total = p.weight === 0 ? 0 : Math.floor((p.earned * p.refundedWeight) / p.weight);
        const points = total - p.reversed;
        p.reversed = total;
        if (points > 0) {
          settle(m, now);
          const own = m.lots.filter((l) => l.purchaseId === p.id && l.remaining > 0);
          const others = spendable(m, now).filter((l) => l.purchaseId !== p.id);
          const taken = take([...own, ...others], points);
          m.debt += points - taken;
          m.sum -= points;
          m.lifetime -= points;
        }
        onSuccess.push((r) => expect(r.pointsReversed).toBe(points));
      }
    } else if (c.t === 'redeem') {
      const item = items[c.item]!;
      const input = { idempotencyKey: k(), customerId: customer.id, catalogItemId: item.id };
      exec = () => redeemReward(ctx, parseInput(RedeemRewardInput, input));
      expected = spend(m, now, item.cost);
      onSuccess.push((r) => m.rewards.push({ id: r.rewardId, cost: item.cost, voided: false }));
    } else if (c.t === 'void') {
      if (m.rewards.length === 0) continue;
      const reward = m.rewards[c.pick % m.rewards.length]!;
      const input = { idempotencyKey: k(), rewardId: reward.id };
      exec = () => voidReward(ctx, parseInput(VoidRewardInput, input));
      if (reward.voided) expected = 'REWARD_NOT_AVAILABLE';
      else {
        reward.voided = true;
        credit(m, now, reward.cost);
      }
    } else if (c.t === 'adjust') {
      const input = { idempotencyKey: k(), customerId: customer.id, points: c.points, reason: 'property' };
      exec = () => adjustPoints(ctx, parseInput(AdjustPointsInput, input));
      if (c.points > 0) credit(m, now, c.points);
      else expected = spend(m, now, -c.points);
    }

    if (exec) {
      const got = await codeOf(exec());
      if (expected) {
        expect(got).toEqual({ code: expected });
        Object.assign(m, before); // a failed mutation changes nothing
      } else {
        if ('code' in got) throw new Error(`${c.t} failed with ${got.code}; the model expected success`);
        for (const f of onSuccess) f(got.ok);
        // Invariant 2: spending never takes available below zero.
        if (c.t === 'redeem' || (c.t === 'adjust' && c.points < 0))
          expect(available(m, now)).toBeGreaterThanOrEqual(0);
        if ('retry' in c && c.retry) {
          // Invariant 3: the same key and input replay and change nothing.
          const again = (await exec()) as { replayed: boolean };
          expect(again).toEqual({ ...(got.ok as object), replayed: true });
        }
      }
    }
    await check(customer.id, m);
  }
}

async function check(customerId: string, m: Model) {
  const now = clock.now();
  const t = now.getTime();
  const [summary] = await balanceSummaries(ctx.q, [customerId], now);
  const db = tdb.db;
  const where = { program_id: ctx.programId, customer_id: customerId };
  const [entries] = await db('ledger_entries').where(where).sum<{ s: number | null }[]>('points as s');
  const [lapsed] = await db('point_lots')
    .where(where)
    .where('remaining', '>', 0)
    .where('expires_at', '<=', now)
    .sum<{ s: number | null }[]>('remaining as s');
  const balance = await db('point_balances').where(where).first();
  const got = {
    available: summary?.available ?? 0,
    pending: summary?.pending ?? 0,
    lifetime: summary?.lifetime_earned ?? 0,
  };
  expect(got).toEqual({ available: available(m, t), pending: pending(m, t), lifetime: m.lifetime });
  const sum = Number(entries!.s ?? 0);
  expect(sum).toBe(m.sum);
  // Invariant 1: entries = available + pending + lapsed points not yet written off.
  expect(sum).toBe(got.available + got.pending + Number(lapsed!.s ?? 0));
  // The balance row is the ledger's running sum.
  expect(Number(balance?.points ?? 0)).toBe(sum);
}

it('services agree with the model and keep the invariants', { timeout: 120_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(cmd, { minLength: 1, maxLength: 30 }), (cmds) => run(cmds)),
    { numRuns: Number(process.env.PROP_RUNS ?? 25) },
  );
});
