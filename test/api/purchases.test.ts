import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/shared/clock';
import { makeCustomer, makeProgramWithKeys } from '../helpers/factories';
import {
  ADJUST,
  BALANCE,
  EARNING,
  expectFailsCleanly,
  key,
  ledgerAgrees,
  purchaseInput,
  RECORD,
  REFUND,
} from '../helpers/ledger';
import { programForFile, serverForFile } from '../helpers/suite';

const clock = new ManualClock('2026-03-01T12:00:00Z');
const s = serverForFile({ clock });
const { program, keys } = programForFile(s);
const other = programForFile(s);

const at = () => clock.now().toISOString();
const newCustomer = (programId = program.id) => makeCustomer(s.testDb.db, programId, {}, clock);

describe('recordPurchase', () => {
  it('earns 1 point per whole currency unit by default, available at once', async () => {
    const c = await newCustomer();
    const input = purchaseInput(c.id, {
      occurredAt: at(),
      lines: [
        { sku: 'LATTE', category: 'coffee', quantity: 2, unitPriceMinor: 450 },
        { sku: 'CAKE', quantity: 1, unitPriceMinor: 399 },
      ],
    });
    const r = await s.gql(RECORD, { input }, keys.pos);
    expect(r.errors).toBeUndefined();
    expect(r.data!.recordPurchase).toMatchObject({
      pointsEarned: 12, // floor(12.99)
      replayed: false,
      rewardsIssued: [],
      purchase: { totalMinor: 1299, pointsEarned: 12, pointsReversed: 0, externalId: input.externalId },
      customer: { id: c.id, balance: { available: 12, pending: 0, lifetimeEarned: 12 } },
    });
    expect(await ledgerAgrees(s.testDb.db, program.id, c.id)).toEqual({
      entries: 12,
      balance: 12,
      lotsLessDebt: 12,
    });
  });

  it('respects ISO 4217 exponents (JPY 0, KWD 3)', async () => {
    for (const [currency, unitPriceMinor, points] of [
      ['JPY', 1234, 1234],
      ['KWD', 12_345, 12],
    ] as const) {
      const p = await makeProgramWithKeys(s.testDb.db, { currency });
      const c = await newCustomer(p.program.id);
      const r = await s.gql(
        RECORD,
        {
          input: purchaseInput(c.id, {
            currency,
            occurredAt: at(),
            lines: [{ sku: 'X', quantity: 1, unitPriceMinor }],
          }),
        },
        p.keys.pos,
      );
      expect(r.data!.recordPurchase.pointsEarned).toBe(points);
    }
  });

  it('admin may record; staff and marketing may not', async () => {
    const c = await newCustomer();
    const ok = await s.gql(RECORD, { input: purchaseInput(c.id, { occurredAt: at() }) }, keys.admin);
    expect(ok.errors).toBeUndefined();
    for (const k of [keys.staff, keys.marketing]) {
      await expectFailsCleanly(
        s,
        () => s.gql(RECORD, { input: purchaseInput(c.id, { occurredAt: at() }) }, k),
        'FORBIDDEN',
      );
    }
  });

  it('replays a repeated key with the same input and refuses it with a different input', async () => {
    const c = await newCustomer();
    const input = purchaseInput(c.id, { occurredAt: at() });
    const first = await s.gql(RECORD, { input }, keys.pos);
    const again = await s.gql(RECORD, { input }, keys.pos);
    expect(again.data!.recordPurchase.replayed).toBe(true);
    expect(again.data!.recordPurchase.purchase.id).toBe(first.data!.recordPurchase.purchase.id);
    expect(again.data!.recordPurchase.pointsEarned).toBe(first.data!.recordPurchase.pointsEarned);
    expect(again.data!.recordPurchase.customer.balance.available).toBe(9);
    const changed = await expectFailsCleanly(
      s,
      () =>
        s.gql(
          RECORD,
          {
            input: {
              ...input,
              storeCode: 'S2',
              occurredAt: new Date(clock.now().getTime() - 60_000).toISOString(),
            },
          },
          keys.pos,
        ),
      'IDEMPOTENCY_CONFLICT',
    );
    // The error names what differs, so a till's developer sees why (issue 10, defect 4).
    expect(changed.errors?.[0]?.extensions).toMatchObject({ fields: ['occurredAt', 'storeCode'] });
    expect(changed.errors?.[0]?.message).toMatch(/occurredAt, storeCode differ/);
    // The same key on another operation is a different request too.
    const otherOp = await expectFailsCleanly(
      s,
      () =>
        s.gql(
          ADJUST,
          { input: { idempotencyKey: input.idempotencyKey, customerId: c.id, points: 1, reason: 'x' } },
          keys.admin,
        ),
      'IDEMPOTENCY_CONFLICT',
    );
    expect(otherOp.errors?.[0]?.message).toMatch(/recordPurchase, not adjustPoints/);
  });

  it('a key is per program: another program may use the same key', async () => {
    const c = await newCustomer();
    const c2 = await newCustomer(other.program.id);
    const k = key();
    const a = await s.gql(
      RECORD,
      { input: purchaseInput(c.id, { occurredAt: at(), idempotencyKey: k }) },
      keys.pos,
    );
    const b = await s.gql(
      RECORD,
      { input: purchaseInput(c2.id, { occurredAt: at(), idempotencyKey: k }) },
      other.keys.pos,
    );
    expect(a.data!.recordPurchase.replayed).toBe(false);
    expect(b.data!.recordPurchase.replayed).toBe(false);
  });

  it('finds the customer by externalId; an unknown one is NOT_FOUND unless autoEnroll', async () => {
    const c = await newCustomer();
    const byExt = await s.gql(
      RECORD,
      {
        input: purchaseInput(c.id, { customerId: null, customerExternalId: c.external_id, occurredAt: at() }),
      },
      keys.pos,
    );
    expect(byExt.data!.recordPurchase.customer.id).toBe(c.id);

    const unknown = purchaseInput(c.id, {
      customerId: null,
      customerExternalId: 'walk-in-1',
      occurredAt: at(),
    });
    await expectFailsCleanly(s, () => s.gql(RECORD, { input: unknown }, keys.pos), 'NOT_FOUND');

    const p = await makeProgramWithKeys(s.testDb.db);
    await s.gql(EARNING, { input: { autoEnroll: true } }, p.keys.marketing);
    const r = await s.gql(RECORD, { input: unknown }, p.keys.pos);
    expect(r.data!.recordPurchase.customer).toMatchObject({
      externalId: 'walk-in-1',
      balance: { available: 9 },
    });
  });

  it('a receipt is recorded once per store', async () => {
    const c = await newCustomer();
    const input = purchaseInput(c.id, { occurredAt: at() });
    await s.gql(RECORD, { input }, keys.pos);
    const r = await expectFailsCleanly(
      s,
      () => s.gql(RECORD, { input: { ...input, idempotencyKey: key() } }, keys.pos),
      'BAD_USER_INPUT',
    );
    expect((r.errors![0] as any).extensions.issues[0].path).toBe('input.externalId');
  });

  describe('rejects bad input with paths and writes nothing', () => {
    const line = { sku: 'A', quantity: 1, unitPriceMinor: 100 };
    const cases: [string, (c: { id: string }) => Record<string, unknown>, string][] = [
      [
        'zero quantity',
        (c) => purchaseInput(c.id, { lines: [{ ...line, quantity: 0 }] }),
        'input.lines.0.quantity',
      ],
      [
        'negative quantity',
        (c) => purchaseInput(c.id, { lines: [{ ...line, quantity: -3 }] }),
        'input.lines.0.quantity',
      ],
      [
        'quantity above 10,000',
        (c) => purchaseInput(c.id, { lines: [{ ...line, quantity: 10_001 }] }),
        'input.lines.0.quantity',
      ],
      [
        'negative price',
        (c) => purchaseInput(c.id, { lines: [{ ...line, unitPriceMinor: -1 }] }),
        'input.lines.0.unitPriceMinor',
      ],
      ['no lines', (c) => purchaseInput(c.id, { lines: [] }), 'input.lines'],
      [
        '10,000 lines',
        (c) => purchaseInput(c.id, { lines: Array.from({ length: 10_000 }, () => line) }),
        'input.lines',
      ],
      [
        'a total that overflows',
        (c) => purchaseInput(c.id, { lines: [{ ...line, quantity: 10_000, unitPriceMinor: 1_000_000 }] }),
        'input.lines',
      ],
      ['wrong currency', (c) => purchaseInput(c.id, { currency: 'EUR' }), 'input.currency'],
      [
        'an empty idempotency key',
        (c) => purchaseInput(c.id, { idempotencyKey: '' }),
        'input.idempotencyKey',
      ],
      [
        'a 300-char idempotency key',
        (c) => purchaseInput(c.id, { idempotencyKey: 'k'.repeat(300) }),
        'input.idempotencyKey',
      ],
      ['both customer ids', (c) => purchaseInput(c.id, { customerExternalId: 'x' }), 'input.customerId'],
      [
        'occurredAt in the future',
        (c) =>
          purchaseInput(c.id, { occurredAt: new Date(clock.now().getTime() + 10 * 60_000).toISOString() }),
        'input.occurredAt',
      ],
      [
        'occurredAt beyond the backdating window',
        (c) =>
          purchaseInput(c.id, {
            occurredAt: new Date(clock.now().getTime() - 31 * 86_400_000).toISOString(),
          }),
        'input.occurredAt',
      ],
    ];
    for (const [name, make, path] of cases) {
      it(name, async () => {
        const c = await newCustomer();
        const input = { occurredAt: at(), ...make(c) };
        if (name.startsWith('occurredAt')) Object.assign(input, { occurredAt: make(c).occurredAt });
        const r = await expectFailsCleanly(s, () => s.gql(RECORD, { input }, keys.pos), 'BAD_USER_INPUT');
        expect((r.errors![0] as any).extensions.issues.map((i: any) => i.path)).toContain(path);
      });
    }

    it('float money and a price beyond 32 bits fail GraphQL coercion', async () => {
      const c = await newCustomer();
      for (const unitPriceMinor of [4.5, 2 ** 31]) {
        const r = await expectFailsCleanly(
          s,
          () =>
            s.gql(
              RECORD,
              { input: purchaseInput(c.id, { occurredAt: at(), lines: [{ ...line, unitPriceMinor }] }) },
              keys.pos,
            ),
          'BAD_USER_INPUT',
        );
        expect((r.errors![0] as any).extensions.issues[0].path).toBe('input.lines.0.unitPriceMinor');
      }
    });

    it('accepts a small clock skew and a backdated purchase inside the window', async () => {
      const c = await newCustomer();
      for (const offset of [4 * 60_000, -29 * 86_400_000]) {
        const occurredAt = new Date(clock.now().getTime() + offset).toISOString();
        const r = await s.gql(RECORD, { input: purchaseInput(c.id, { occurredAt }) }, keys.pos);
        expect(r.errors).toBeUndefined();
      }
    });
  });
});

describe('earning configuration', () => {
  it('applies multipliers, exclusions, rounding and pending days; audited', async () => {
    const p = await makeProgramWithKeys(s.testDb.db);
    const cfg = await s.gql(
      EARNING,
      {
        input: {
          pointsPerUnit: 2,
          categoryMultipliers: [{ category: 'coffee', percent: 150 }],
          skuMultipliers: [{ sku: 'PROMO', percent: 300 }],
          excludedCategories: ['tobacco'],
          rounding: 'HALF_UP',
          pendingDays: 14,
        },
      },
      p.keys.marketing,
    );
    expect(cfg.errors).toBeUndefined();
    const c = await makeCustomer(s.testDb.db, p.program.id, {}, clock);
    const r = await s.gql(
      RECORD,
      {
        input: purchaseInput(c.id, {
          occurredAt: at(),
          lines: [
            { sku: 'LATTE', category: 'coffee', quantity: 1, unitPriceMinor: 450 }, // 4.50 x 1.5 x 2 = 13.5
            { sku: 'PROMO', category: 'coffee', quantity: 1, unitPriceMinor: 100 }, // 1.00 x 3 x 2 = 6
            { sku: 'CIGS', category: 'tobacco', quantity: 1, unitPriceMinor: 1000 }, // excluded
            { sku: 'BUN', quantity: 1, unitPriceMinor: 125 }, // 1.25 x 2 = 2.5
          ],
        }),
      },
      p.keys.pos,
    );
    expect(r.data!.recordPurchase.pointsEarned).toBe(22); // HALF_UP(22.0)
    expect(r.data!.recordPurchase.customer.balance).toMatchObject({ available: 0, pending: 22 });
    clock.advance(14 * 86_400_000);
    const b = await s.gql(BALANCE, { id: c.id }, p.keys.staff);
    expect(b.data!.customer.balance).toMatchObject({ available: 22, pending: 0 });
    clock.set('2026-03-01T12:00:00Z');
    const audit = await s.testDb
      .db('audit_log')
      .where({ program_id: p.program.id, action: 'earning.update' });
    expect(audit).toHaveLength(1);
  });

  it('defaults read back for a new program; bad values are BAD_USER_INPUT; pos may not change it', async () => {
    const p = await makeProgramWithKeys(s.testDb.db);
    const q = await s.gql(
      `{ earningConfig { pointsPerUnit rounding pendingDays expiryPolicy expiryDays autoEnroll backdatingDays } }`,
      {},
      p.keys.admin,
    );
    expect(q.data!.earningConfig).toEqual({
      pointsPerUnit: 1,
      rounding: 'FLOOR',
      pendingDays: 0,
      expiryPolicy: 'NONE',
      expiryDays: null,
      autoEnroll: false,
      backdatingDays: 30,
    });
    await expectFailsCleanly(
      s,
      () => s.gql(EARNING, { input: { expiryPolicy: 'FIXED_DAYS' } }, p.keys.admin),
      'BAD_USER_INPUT',
    );
    await expectFailsCleanly(
      s,
      () => s.gql(EARNING, { input: { pendingDays: -1 } }, p.keys.admin),
      'BAD_USER_INPUT',
    );
    await expectFailsCleanly(
      s,
      () =>
        s.gql(EARNING, { input: { categoryMultipliers: [{ category: 'a', percent: 1.5 }] } }, p.keys.admin),
      'BAD_USER_INPUT',
    );
    await expectFailsCleanly(s, () => s.gql(EARNING, { input: { pendingDays: 1 } }, p.keys.pos), 'FORBIDDEN');
  });
});

describe('refundPurchase', () => {
  async function bought(lines: { sku: string; quantity: number; unitPriceMinor: number }[]) {
    const c = await newCustomer();
    const r = await s.gql(RECORD, { input: purchaseInput(c.id, { occurredAt: at(), lines }) }, keys.pos);
    return { customer: c, purchase: r.data!.recordPurchase.purchase };
  }

  it('reverses proportionally, never more than earned, and exactly all in the end', async () => {
    // 3 x 3.33 = 9.99 → 9 points. Each unit is a third of the weight.
    const { customer, purchase } = await bought([{ sku: 'A', quantity: 3, unitPriceMinor: 333 }]);
    expect(purchase.pointsEarned).toBe(9);
    const refund = (quantity: number) =>
      s.gql(
        REFUND,
        { input: { idempotencyKey: key(), purchaseId: purchase.id, lines: [{ sku: 'A', quantity }] } },
        keys.pos,
      );
    const r1 = await refund(1);
    expect(r1.data!.refundPurchase).toMatchObject({
      pointsReversed: 3,
      purchase: { pointsReversed: 3, refundedMinor: 333 },
    });
    const r2 = await refund(1);
    expect(r2.data!.refundPurchase.pointsReversed).toBe(3);
    const r3 = await refund(1);
    expect(r3.data!.refundPurchase).toMatchObject({
      pointsReversed: 3,
      customer: { balance: { available: 0 } },
    });
    // Nothing left: a further refund is refused and changes nothing.
    await expectFailsCleanly(s, () => refund(1), 'BAD_USER_INPUT');
    await expectFailsCleanly(
      s,
      () => s.gql(REFUND, { input: { idempotencyKey: key(), purchaseId: purchase.id } }, keys.pos),
      'BAD_USER_INPUT',
    );
    expect(await ledgerAgrees(s.testDb.db, program.id, customer.id)).toEqual({
      entries: 0,
      balance: 0,
      lotsLessDebt: 0,
    });
  });

  it('rounds partial reversals down so their sum never exceeds what was earned', async () => {
    // 7 units earning 10 points: each unit is 10/7 points.
    const { purchase } = await bought([{ sku: 'A', quantity: 7, unitPriceMinor: 143 }]);
    expect(purchase.pointsEarned).toBe(10);
    const reversed: number[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await s.gql(
        REFUND,
        { input: { idempotencyKey: key(), purchaseId: purchase.id, lines: [{ sku: 'A', quantity: 1 }] } },
        keys.staff,
      );
      reversed.push(r.data!.refundPurchase.pointsReversed);
      expect(reversed.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(10);
    }
    expect(reversed.reduce((a, b) => a + b, 0)).toBe(10);
  });

  it('refunds the rest as a whole and is idempotent', async () => {
    const { customer, purchase } = await bought([
      { sku: 'A', quantity: 2, unitPriceMinor: 500 },
      { sku: 'B', quantity: 1, unitPriceMinor: 1000 },
    ]);
    await s.gql(
      REFUND,
      { input: { idempotencyKey: key(), purchaseId: purchase.id, lines: [{ sku: 'B', quantity: 1 }] } },
      keys.pos,
    );
    const input = { idempotencyKey: key(), purchaseId: purchase.id, customerId: customer.id };
    const r = await s.gql(REFUND, { input }, keys.pos);
    expect(r.data!.refundPurchase).toMatchObject({ pointsReversed: 10, replayed: false });
    const again = await s.gql(REFUND, { input }, keys.pos);
    expect(again.data!.refundPurchase).toMatchObject({ pointsReversed: 10, replayed: true });
    expect(again.data!.refundPurchase.purchase.lines).toEqual([
      { sku: 'A', refundedQuantity: 2 },
      { sku: 'B', refundedQuantity: 1 },
    ]);
  });

  it('a refund of points already spent leaves available negative', async () => {
    const { customer, purchase } = await bought([{ sku: 'A', quantity: 1, unitPriceMinor: 5000 }]);
    await s.gql(
      `mutation($input: AdjustPointsInput!) { adjustPoints(input: $input) { replayed } }`,
      { input: { idempotencyKey: key(), customerId: customer.id, points: -40, reason: 'spent at the till' } },
      keys.staff,
    );
    const r = await s.gql(REFUND, { input: { idempotencyKey: key(), purchaseId: purchase.id } }, keys.pos);
    expect(r.data!.refundPurchase).toMatchObject({
      pointsReversed: 50,
      customer: { balance: { available: -40 } },
    });
    expect(await ledgerAgrees(s.testDb.db, program.id, customer.id)).toEqual({
      entries: -40,
      balance: -40,
      lotsLessDebt: -40,
    });
  });

  it('refuses unknown skus, too many items, and another customer or program', async () => {
    const { purchase } = await bought([{ sku: 'A', quantity: 2, unitPriceMinor: 500 }]);
    const stranger = await newCustomer();
    const refund = (input: Record<string, unknown>, token = keys.pos) =>
      s.gql(REFUND, { input: { idempotencyKey: key(), purchaseId: purchase.id, ...input } }, token);
    const tooMany = await expectFailsCleanly(
      s,
      () => refund({ lines: [{ sku: 'A', quantity: 3 }] }),
      'BAD_USER_INPUT',
    );
    expect((tooMany.errors![0] as any).extensions.issues[0].path).toBe('input.lines.0.quantity');
    await expectFailsCleanly(
      s,
      () =>
        refund({
          lines: [
            { sku: 'A', quantity: 1 },
            { sku: 'A', quantity: 2 },
          ],
        }),
      'BAD_USER_INPUT',
    );
    await expectFailsCleanly(s, () => refund({ lines: [{ sku: 'Z', quantity: 1 }] }), 'BAD_USER_INPUT');
    await expectFailsCleanly(s, () => refund({ lines: [{ sku: 'A', quantity: 0 }] }), 'BAD_USER_INPUT');
    await expectFailsCleanly(s, () => refund({ customerId: stranger.id }), 'NOT_FOUND');
    await expectFailsCleanly(s, () => refund({}, other.keys.pos), 'NOT_FOUND');
    await expectFailsCleanly(s, () => refund({}, keys.marketing), 'FORBIDDEN');
  });

  it('reverses pending points first', async () => {
    const p = await makeProgramWithKeys(s.testDb.db);
    await s.gql(EARNING, { input: { pendingDays: 7 } }, p.keys.admin);
    const c = await makeCustomer(s.testDb.db, p.program.id, {}, clock);
    const old = purchaseInput(c.id, {
      occurredAt: new Date(clock.now().getTime() - 10 * 86_400_000).toISOString(),
      lines: [{ sku: 'A', quantity: 1, unitPriceMinor: 2000 }],
    });
    await s.gql(RECORD, { input: old }, p.keys.pos);
    const fresh = await s.gql(
      RECORD,
      {
        input: purchaseInput(c.id, {
          occurredAt: at(),
          lines: [{ sku: 'A', quantity: 2, unitPriceMinor: 500 }],
        }),
      },
      p.keys.pos,
    );
    const r = await s.gql(
      REFUND,
      {
        input: {
          idempotencyKey: key(),
          purchaseId: fresh.data!.recordPurchase.purchase.id,
          lines: [{ sku: 'A', quantity: 1 }],
        },
      },
      p.keys.pos,
    );
    expect(r.data!.refundPurchase).toMatchObject({
      pointsReversed: 5,
      customer: { balance: { available: 20, pending: 5 } },
    });
  });
});
