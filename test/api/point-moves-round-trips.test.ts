import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdjustPointsInput } from '../../src/modules/ledger/ledger.inputs';
import { RefundPurchaseInput } from '../../src/modules/purchases/purchases.inputs';
import { RedeemRewardInput, UpsertCatalogItemInput } from '../../src/modules/rewards/rewards.inputs';
import { upsertCatalogItem } from '../../src/modules/rewards/rewards.service';
import { ManualClock } from '../../src/shared/clock';
import { parseInput } from '../../src/shared/errors';
import { adjustPoints } from '../../src/workflows/adjust-points';
import { redeemReward } from '../../src/workflows/redeem-reward';
import { refundPurchase } from '../../src/workflows/refund-purchase';
import { makeCustomer, makeProgramWithKeys, systemContext } from '../helpers/factories';
import { ADJUST, EARNING, key, ledgerAgrees, REDEEM, REFUND } from '../helpers/ledger';
import { buyNow, statementsDuring } from '../helpers/purchases';
import { type GqlResult, startTestServer, type TestServer } from '../helpers/server';

// Issue 12: refunds, redemptions and adjustments are workflows like the purchase: a few round
// trips, BEGIN and COMMIT included, counted as the purchase's are (knex 'query' events).
// Before them (the same operations one module call at a time): a whole refund 17 statements,
// a partial one 16, a redemption 12 (13 with a stocked item), an adjustment 13.

const clock = new ManualClock('2026-03-03T12:00:00Z');
let s: TestServer;

beforeAll(async () => {
  s = await startTestServer({ clock });
});
afterAll(() => s.close());

const statements = (run: () => Promise<unknown>) => statementsDuring(s.testDb.db, run);

const ROUND = ['BEGIN;', 'WITH claim', 'SELECT (SELECT', 'WITH e', 'COMMIT;'];

async function setup() {
  const p = await makeProgramWithKeys(s.testDb.db);
  // Points spendable at once, so purchases fund redemptions.
  expect((await s.gql(EARNING, { input: { pendingDays: 0 } }, p.keys.admin)).errors).toBeUndefined();
  const ctx = systemContext(s.testDb.db, p.program.id, clock);
  const c = await makeCustomer(s.testDb.db, p.program.id, {}, clock);
  const buy = () =>
    buyNow(ctx, c.id, {
      lines: [
        { sku: 'A', quantity: 2, unitPriceMinor: 5000 },
        { sku: 'B', quantity: 1, unitPriceMinor: 1000 },
      ],
    });
  const item = await upsertCatalogItem(
    ctx,
    parseInput(UpsertCatalogItemInput, { name: 'Cake', costPoints: 30 }),
  );
  const stocked = await upsertCatalogItem(
    ctx,
    parseInput(UpsertCatalogItemInput, { name: 'Mug', costPoints: 30, stock: 10 }),
  );
  // Fill the process's caches (program row, settings) and record each key's first use.
  await buy();
  for (const k of [p.keys.pos, p.keys.staff]) await s.gql('{ __typename }', {}, k);
  const agrees = async () => {
    const l = await ledgerAgrees(s.testDb.db, p.program.id, c.id);
    expect(l.entries).toBe(l.balance);
  };
  return { ...p, ctx, c, buy, item, stocked, agrees };
}

describe('refunds, redemptions and adjustments: round trips (issue 12)', () => {
  it('a refund, whole or in part: BEGIN, claim and locks, lines and lots, one write, COMMIT', async () => {
    const p = await setup();
    const a = await p.buy();
    const b = await p.buy();
    const whole = await statements(() =>
      refundPurchase(
        p.ctx,
        parseInput(RefundPurchaseInput, { idempotencyKey: key(), purchaseId: a.purchaseId }),
      ),
    );
    expect(whole).toEqual(ROUND);
    const part = await statements(() =>
      refundPurchase(
        p.ctx,
        parseInput(RefundPurchaseInput, {
          idempotencyKey: key(),
          purchaseId: b.purchaseId,
          lines: [{ sku: 'A', quantity: 1 }],
        }),
      ),
    );
    expect(part).toEqual(ROUND);
    await p.agrees();
  });

  it('a redemption (with or without stock): BEGIN, claim and lock, lots, one write, COMMIT', async () => {
    const p = await setup();
    await p.buy();
    const redeem = (catalogItemId: string) =>
      statements(() =>
        redeemReward(
          p.ctx,
          parseInput(RedeemRewardInput, { idempotencyKey: key(), customerId: p.c.id, catalogItemId }),
        ),
      );
    expect(await redeem(p.item.id)).toEqual(ROUND);
    expect(await redeem(p.stocked.id)).toEqual(ROUND);
    await p.agrees();
  });

  it('an adjustment: a credit is BEGIN, claim and lock, one write, COMMIT; a debit reads the lots too', async () => {
    const p = await setup();
    const credit = await statements(() =>
      adjustPoints(
        p.ctx,
        parseInput(AdjustPointsInput, { idempotencyKey: key(), customerId: p.c.id, points: 5, reason: 'x' }),
      ),
    );
    expect(credit).toEqual(['BEGIN;', 'WITH claim', 'WITH e', 'COMMIT;']);
    const debit = await statements(() =>
      adjustPoints(
        p.ctx,
        parseInput(AdjustPointsInput, { idempotencyKey: key(), customerId: p.c.id, points: -5, reason: 'x' }),
      ),
    );
    expect(debit).toEqual(ROUND);
    await p.agrees();
  });

  it('a replayed key: BEGIN, the claim that finds it taken, the stored result, COMMIT', async () => {
    const p = await setup();
    const input = { idempotencyKey: key(), customerId: p.c.id, points: 5, reason: 'x' };
    const first = await adjustPoints(p.ctx, parseInput(AdjustPointsInput, input));
    let again: unknown;
    const st = await statements(async () => {
      again = await adjustPoints(p.ctx, parseInput(AdjustPointsInput, input));
    });
    expect(again).toEqual({ ...first, replayed: true });
    expect(st).toEqual(['BEGIN;', 'WITH claim', 'select *', 'COMMIT;']);
  });

  it('over HTTP the payload adds one statement: the customer with their balance', async () => {
    const p = await setup();
    const a = await p.buy();
    const gql = async (query: string, input: object, token: string) => {
      let r: GqlResult | undefined;
      const st = await statements(async () => {
        r = await s.gql(query, { input }, token);
      });
      expect(r!.errors).toBeUndefined();
      return { st, data: r!.data! };
    };
    const refund = await gql(REFUND, { idempotencyKey: key(), purchaseId: a.purchaseId }, p.keys.pos);
    expect(refund.st).toEqual([...ROUND, 'SELECT to_jsonb(c)']);
    // The payload is what the refund wrote, as a read after it would see it.
    expect(refund.data.refundPurchase.purchase).toEqual({
      id: a.purchaseId,
      pointsReversed: 110,
      refundedMinor: 11000,
      lines: [
        { sku: 'A', refundedQuantity: 2 },
        { sku: 'B', refundedQuantity: 1 },
      ],
    });
    await p.buy();
    const redeem = await gql(
      REDEEM,
      { idempotencyKey: key(), customerId: p.c.id, catalogItemId: p.item.id },
      p.keys.pos,
    );
    expect(redeem.st).toEqual([...ROUND, 'SELECT to_jsonb(c)']);
    const reward = redeem.data.redeemReward.reward;
    const [row] = await s.testDb.db('issued_rewards').where({ program_id: p.program.id, id: reward.id });
    expect(reward).toEqual({
      id: row.id,
      code: row.code,
      name: 'Cake',
      status: 'AVAILABLE',
      issuedAt: row.issued_at.toISOString(),
      expiresAt: null,
    });
    const adjust = await gql(
      ADJUST,
      { idempotencyKey: key(), customerId: p.c.id, points: 7, reason: 'x' },
      p.keys.staff,
    );
    expect(adjust.st).toEqual(['BEGIN;', 'WITH claim', 'WITH e', 'COMMIT;', 'SELECT to_jsonb(c)']);
    const entry = adjust.data.adjustPoints.entry;
    expect(entry).toMatchObject({ kind: 'ADJUST', points: 7, reason: 'x' });
    expect(
      await s.testDb.db('ledger_entries').where({ program_id: p.program.id, id: entry.id }).first(),
    ).toMatchObject({
      kind: 'ADJUST',
      points: 7,
    });
    await p.agrees();
  });
});
