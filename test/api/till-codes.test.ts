import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/shared/clock';
import { makeCustomer, makeProgramWithKeys } from '../helpers/factories';
import {
  EARNING,
  expectFailsCleanly,
  key,
  PREVIEW,
  purchaseInput,
  RECORD,
  REDEEM,
  UPSERT_ITEM,
  USE,
  writeCounts,
} from '../helpers/ledger';
import { startTestServer, type TestServer } from '../helpers/server';

// At the till (issue 15): previewPurchase, rewardByCode, useReward linked to its purchase.
const clock = new ManualClock('2026-04-01T10:00:00Z');
let s: TestServer;
let p: Awaited<ReturnType<typeof makeProgramWithKeys>>;
let other: Awaited<ReturnType<typeof makeProgramWithKeys>>;
let itemId: string;

const BY_CODE = `query($code: String!) {
  rewardByCode(code: $code) { id code name status expiresAt customer { id } usedOnPurchase { id externalId } }
}`;
const USE_LINKED = `mutation($input: UseRewardInput!) {
  useReward(input: $input) { replayed reward { id status usedAt usedOnPurchase { id } } }
}`;

beforeAll(async () => {
  s = await startTestServer({ clock });
  p = await makeProgramWithKeys(s.testDb.db);
  other = await makeProgramWithKeys(s.testDb.db);
  const item = await s.gql(
    UPSERT_ITEM,
    { input: { name: 'Free coffee', costPoints: 10, validDays: 30 } },
    p.keys.admin,
  );
  itemId = item.data!.upsertCatalogItem.id;
});
afterAll(() => s.close());

const at = () => clock.now().toISOString();
const issuePaths = (r: { errors?: { extensions: object }[] }) =>
  ((r.errors?.[0]?.extensions as { issues?: { path: string }[] } | undefined)?.issues ?? []).map(
    (i) => i.path,
  );
const newCustomer = () => makeCustomer(s.testDb.db, p.program.id, {}, clock);

/** A customer with a recorded $20 purchase and a reward redeemed from its points. */
async function customerWithReward() {
  const c = await newCustomer();
  const bought = await s.gql(
    RECORD,
    {
      input: purchaseInput(c.id, {
        occurredAt: at(),
        lines: [{ sku: 'X', quantity: 1, unitPriceMinor: 2000 }],
      }),
    },
    p.keys.pos,
  );
  const r = await s.gql(
    REDEEM,
    { input: { idempotencyKey: key(), customerId: c.id, catalogItemId: itemId } },
    p.keys.pos,
  );
  expect(r.errors).toBeUndefined();
  return {
    customer: c,
    purchaseId: bought.data!.recordPurchase.purchase.id as string,
    reward: r.data!.redeemReward.reward as { id: string; code: string },
  };
}

describe('rewardByCode', () => {
  it('finds a reward however the code is typed, with its customer and status; null when unknown', async () => {
    const { customer, reward } = await customerWithReward();
    const typed = `${reward.code.slice(0, 5).toLowerCase()}-${reward.code.slice(5)}`;
    for (const token of [p.keys.pos, p.keys.staff, p.keys.admin]) {
      const r = await s.gql(BY_CODE, { code: typed }, token);
      expect(r.errors).toBeUndefined();
      expect(r.data!.rewardByCode).toMatchObject({
        id: reward.id,
        status: 'AVAILABLE',
        name: 'Free coffee',
        customer: { id: customer.id },
        usedOnPurchase: null,
      });
    }
    expect((await s.gql(BY_CODE, { code: 'ZZZZZZZZZZ' }, p.keys.pos)).data!.rewardByCode).toBeNull();
    // Another programme's key never sees it.
    expect((await s.gql(BY_CODE, { code: reward.code }, other.keys.pos)).data!.rewardByCode).toBeNull();
  });

  it('refuses a code that cannot be one, and roles that do not serve at a till', async () => {
    const bad = await s.gql(BY_CODE, { code: 'ab' }, p.keys.pos);
    expect(bad.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'code' }] });
    const m = await s.gql(BY_CODE, { code: 'ABCDEFGHJK' }, p.keys.marketing);
    expect(m.errors![0]!.extensions.code).toBe('FORBIDDEN');
  });
});

describe('useReward with the purchase it was used on', () => {
  it('links the reward to the purchase; a replay returns the same; another purchase under the key conflicts', async () => {
    const { reward, purchaseId } = await customerWithReward();
    const input = { idempotencyKey: key(), code: reward.code, purchaseId };
    const r = await s.gql(USE_LINKED, { input }, p.keys.pos);
    expect(r.errors).toBeUndefined();
    expect(r.data!.useReward).toMatchObject({
      replayed: false,
      reward: { id: reward.id, status: 'USED', usedOnPurchase: { id: purchaseId } },
    });
    const again = await s.gql(USE_LINKED, { input }, p.keys.pos);
    expect(again.data!.useReward).toMatchObject({
      replayed: true,
      reward: { usedOnPurchase: { id: purchaseId } },
    });
    const { purchaseId: otherPurchase } = await customerWithReward();
    await expectFailsCleanly(
      s,
      () => s.gql(USE_LINKED, { input: { ...input, purchaseId: otherPurchase } }, p.keys.pos),
      'IDEMPOTENCY_CONFLICT',
    );
    const looked = await s.gql(BY_CODE, { code: reward.code }, p.keys.pos);
    expect(looked.data!.rewardByCode).toMatchObject({ status: 'USED', usedOnPurchase: { id: purchaseId } });
    const second = await s.gql(USE_LINKED, { input: { ...input, idempotencyKey: key() } }, p.keys.pos);
    expect(second.errors![0]!.extensions.code).toBe('REWARD_ALREADY_USED');
  });

  it("refuses another customer's purchase or one that does not exist, and uses nothing", async () => {
    const { reward } = await customerWithReward();
    const { purchaseId: notTheirs } = await customerWithReward();
    for (const purchaseId of [notTheirs, '00000000-0000-4000-8000-000000000000']) {
      const r = await expectFailsCleanly(
        s,
        () =>
          s.gql(USE_LINKED, { input: { idempotencyKey: key(), code: reward.code, purchaseId } }, p.keys.pos),
        'BAD_USER_INPUT',
      );
      expect(issuePaths(r)).toEqual(['input.purchaseId']);
    }
    const looked = await s.gql(BY_CODE, { code: reward.code }, p.keys.pos);
    expect(looked.data!.rewardByCode.status).toBe('AVAILABLE');
    // Without a purchase, as before.
    const plain = await s.gql(USE, { input: { idempotencyKey: key(), code: reward.code } }, p.keys.pos);
    expect(plain.data!.useReward.reward.status).toBe('USED');
  });
});

describe('previewPurchase', () => {
  it('shows what a basket earns and writes nothing', async () => {
    const c = await newCustomer();
    const basket = {
      customerId: c.id,
      currency: 'USD',
      lines: [{ sku: 'LATTE', category: 'coffee', quantity: 3, unitPriceMinor: 450 }],
    };
    const before = await writeCounts(s.testDb.db);
    const r = await s.gql(PREVIEW, { input: basket }, p.keys.pos);
    expect(r.errors).toBeUndefined();
    expect(r.data!.previewPurchase).toMatchObject({
      customer: { id: c.id },
      currency: 'USD',
      totalMinor: 1350,
      pointsEarned: 13,
      basePoints: 13,
      tierBonusPoints: 0,
      availableAt: at(),
      expiresAt: null,
      ruleBonusPoints: 0,
      laterRuleBonusPoints: 0,
      rewardsIssued: [],
      tierAfter: null,
    });
    expect(await writeCounts(s.testDb.db)).toEqual(before);
    // Twice, or with a receipt number: the same (the preview's own key and receipt are never kept).
    const again = await s.gql(
      PREVIEW,
      { input: { ...basket, externalId: 'R-1', storeCode: 'S1' } },
      p.keys.pos,
    );
    expect(again.data!.previewPurchase.pointsEarned).toBe(13);
  });

  it('fails as recordPurchase would: wrong currency, a future time, a receipt already recorded, no customer', async () => {
    const c = await newCustomer();
    const recorded = purchaseInput(c.id, { occurredAt: at() });
    await s.gql(RECORD, { input: recorded }, p.keys.pos);
    const basket = { customerId: c.id, currency: 'USD', lines: recorded.lines };
    const cases: [Record<string, unknown>, string, string | null][] = [
      [{ currency: 'EUR' }, 'BAD_USER_INPUT', 'input.currency'],
      [
        { occurredAt: new Date(clock.now().getTime() + 86_400_000).toISOString() },
        'BAD_USER_INPUT',
        'input.occurredAt',
      ],
      [
        { externalId: recorded.externalId, storeCode: recorded.storeCode },
        'BAD_USER_INPUT',
        'input.externalId',
      ],
      [{ lines: [] }, 'BAD_USER_INPUT', 'input.lines'],
      [{ customerId: 'not-a-uuid' }, 'BAD_USER_INPUT', 'input.customerId'],
      [{ customerId: '00000000-0000-4000-8000-000000000000' }, 'NOT_FOUND', null],
      [{ customerId: null, customerExternalId: 'nobody-yet' }, 'NOT_FOUND', null],
    ];
    for (const [patch, code, path] of cases) {
      const r = await expectFailsCleanly(
        s,
        () => s.gql(PREVIEW, { input: { ...basket, ...patch } }, p.keys.pos),
        code,
      );
      if (path) expect(issuePaths(r)).toContain(path);
    }
  });

  it('for a customer the purchase would enrol: customer null, nobody enrolled', async () => {
    const q = await makeProgramWithKeys(s.testDb.db);
    await s.gql(EARNING, { input: { autoEnroll: true } }, q.keys.admin);
    const before = await writeCounts(s.testDb.db);
    const r = await s.gql(
      PREVIEW,
      {
        input: {
          customerExternalId: 'card-42',
          currency: 'USD',
          lines: [{ sku: 'X', quantity: 1, unitPriceMinor: 999 }],
        },
      },
      q.keys.pos,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.previewPurchase).toMatchObject({ customer: null, pointsEarned: 9 });
    expect(await writeCounts(s.testDb.db)).toEqual(before);
  });

  it('is for POS and admin keys', async () => {
    const c = await newCustomer();
    const input = {
      customerId: c.id,
      currency: 'USD',
      lines: [{ sku: 'X', quantity: 1, unitPriceMinor: 100 }],
    };
    expect((await s.gql(PREVIEW, { input }, p.keys.admin)).errors).toBeUndefined();
    expect((await s.gql(PREVIEW, { input }, p.keys.staff)).errors![0]!.extensions.code).toBe('FORBIDDEN');
  });
});
