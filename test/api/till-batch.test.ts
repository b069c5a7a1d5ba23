import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/shared/clock';
import { makeCustomer } from '../helpers/factories';
import { expectFailsCleanly, key, ledgerAgrees, purchaseInput } from '../helpers/ledger';
import { programForFile, serverForFile } from '../helpers/suite';

// recordPurchases (issue 15): an offline till's backlog, one result per item.
const clock = new ManualClock('2026-03-10T12:00:00Z');
const s = serverForFile({ clock });
const { program, keys } = programForFile(s);
const other = programForFile(s);

const BATCH = `mutation($input: RecordPurchasesInput!) {
  recordPurchases(input: $input) {
    recorded replayed failed
    results {
      index idempotencyKey status
      result { pointsEarned replayed purchase { id externalId occurredAt } customer { id } }
      error { code message issues { path message } fields }
    }
  }
}`;

interface ItemResult {
  index: number;
  idempotencyKey: string;
  status: 'RECORDED' | 'REPLAYED' | 'FAILED';
  result: {
    pointsEarned: number;
    replayed: boolean;
    purchase: { id: string };
    customer: { id: string };
  } | null;
  error: {
    code: string;
    message: string;
    issues: { path: string; message: string }[];
    fields: string[];
  } | null;
}
interface Batch {
  recordPurchases: { recorded: number; replayed: number; failed: number; results: ItemResult[] };
}

const newCustomer = (programId = program.id) => makeCustomer(s.testDb.db, programId, {}, clock);
/** Minutes before the manual clock's now: a till's backlog of the last hours. */
const ago = (minutes: number) => new Date(clock.now().getTime() - minutes * 60_000).toISOString();
const send = (purchases: unknown[], token = keys.pos) => s.gql<Batch>(BATCH, { input: { purchases } }, token);
const purchaseCount = async (programId = program.id) =>
  Number(
    (await s.testDb.db('purchases').where({ program_id: programId }).count<{ n: string }[]>('* as n'))[0]!.n,
  );

describe('recordPurchases', () => {
  it('the same batch sent three times (a till whose network drops) records each purchase once', async () => {
    const customers = [await newCustomer(), await newCustomer(), await newCustomer()];
    const items = Array.from({ length: 30 }, (_, i) =>
      purchaseInput(customers[i % 3]!.id, {
        occurredAt: ago(300 - i),
        lines: [{ sku: `SKU${i}`, quantity: 1, unitPriceMinor: 100 * (i + 1) }],
      }),
    );
    const before = await purchaseCount();
    const first = await send(items);
    expect(first.errors).toBeUndefined();
    expect(first.data!.recordPurchases).toMatchObject({ recorded: 30, replayed: 0, failed: 0 });
    for (let n = 0; n < 2; n++) {
      const again = await send(items);
      expect(again.errors).toBeUndefined();
      expect(again.data!.recordPurchases).toMatchObject({ recorded: 0, replayed: 30, failed: 0 });
      // Each item's result is the original one: the same purchase, the same points.
      again.data!.recordPurchases.results.forEach((r, i) => {
        const was = first.data!.recordPurchases.results[i]!;
        expect(r.status).toBe('REPLAYED');
        expect(r.result!.purchase.id).toBe(was.result!.purchase.id);
        expect(r.result!.pointsEarned).toBe(was.result!.pointsEarned);
      });
    }
    expect((await purchaseCount()) - before).toBe(30);
    for (const [i, c] of customers.entries()) {
      // 100 × (i+1) minor units each: 1, 4, 7 … (i+1), i+4 … points
      const points = items
        .map((_, j) => j)
        .filter((j) => j % 3 === i)
        .reduce((sum, j) => sum + (j + 1), 0);
      expect(await ledgerAgrees(s.testDb.db, program.id, c.id)).toEqual({
        entries: points,
        balance: points,
        lotsLessDebt: points,
      });
    }
  });

  it('sent three times at once (a retry while the first is still running): still once each', async () => {
    const c = await newCustomer();
    const items = Array.from({ length: 20 }, (_, i) => purchaseInput(c.id, { occurredAt: ago(100 - i) }));
    const before = await purchaseCount();
    const all = await Promise.all([send(items), send(items), send(items)]);
    for (const r of all) expect(r.data!.recordPurchases.failed).toBe(0);
    expect(all.reduce((n, r) => n + r.data!.recordPurchases.recorded, 0)).toBe(20);
    expect((await purchaseCount()) - before).toBe(20);
    expect((await ledgerAgrees(s.testDb.db, program.id, c.id)).balance).toBe(20 * 9);
  });

  it('applies each customer’s purchases in occurredAt order, whatever the order sent', async () => {
    const c = await newCustomer();
    const d = await newCustomer();
    // Newest first, two customers interleaved.
    const items = Array.from({ length: 10 }, (_, i) =>
      purchaseInput(i % 2 ? c.id : d.id, { occurredAt: ago(10 + i) }),
    );
    const r = await send(items);
    expect(r.data!.recordPurchases.recorded).toBe(10);
    for (const who of [c, d]) {
      // Ledger entries are numbered as written: their purchases must be oldest first.
      const rows = await s.testDb
        .db('ledger_entries as e')
        .join('purchases as p', 'p.id', 'e.purchase_id')
        .where({ 'e.program_id': program.id, 'e.customer_id': who.id, 'e.kind': 'EARN' })
        .orderBy('e.id')
        .select('p.occurred_at');
      const times = rows.map((x: { occurred_at: Date }) => x.occurred_at.getTime());
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(times).toHaveLength(5);
    }
  });

  it('500 items with 10 bad ones: the 490 are recorded, each bad one says why, in its place', async () => {
    const customers = await Promise.all(Array.from({ length: 10 }, () => newCustomer()));
    const foreign = await newCustomer(other.program.id);
    const items: Record<string, unknown>[] = Array.from({ length: 500 }, (_, i) =>
      purchaseInput(customers[i % 10]!.id, {
        occurredAt: ago(600 - i),
        lines: [{ sku: 'X', quantity: 1 + (i % 3), unitPriceMinor: 250 }],
      }),
    );
    const bad = new Map<number, { code: string; path?: string }>();
    const spoil = (i: number, patch: Record<string, unknown>, code: string, path?: string) => {
      items[i] = { ...items[i]!, ...patch };
      bad.set(i, { code, path });
    };
    spoil(7, { customerId: foreign.id }, 'NOT_FOUND'); // another programme's customer
    spoil(50, { currency: 'EUR' }, 'BAD_USER_INPUT', 'input.purchases.50.currency');
    spoil(
      99,
      { lines: [{ sku: 'X', quantity: 0, unitPriceMinor: 1 }] },
      'BAD_USER_INPUT',
      'input.purchases.99.lines.0.quantity',
    );
    spoil(
      150,
      { occurredAt: new Date(clock.now().getTime() + 86_400_000).toISOString() },
      'BAD_USER_INPUT',
      'input.purchases.150.occurredAt',
    );
    spoil(201, { occurredAt: ago(60 * 24 * 400) }, 'BAD_USER_INPUT', 'input.purchases.201.occurredAt'); // past the backdating window
    spoil(250, { customerId: '00000000-0000-4000-8000-000000000000' }, 'NOT_FOUND');
    // The same receipt number twice in the batch: the later item fails.
    spoil(300, { externalId: items[299]!.externalId }, 'BAD_USER_INPUT', 'input.purchases.300.externalId');
    // The same key twice with a different purchase: IDEMPOTENCY_CONFLICT for the later one.
    spoil(351, { idempotencyKey: items[350]!.idempotencyKey }, 'IDEMPOTENCY_CONFLICT');
    spoil(400, { idempotencyKey: '' }, 'BAD_USER_INPUT', 'input.purchases.400.idempotencyKey');
    spoil(
      450,
      { customerId: null, customerExternalId: null },
      'BAD_USER_INPUT',
      'input.purchases.450.customerId',
    );
    // The same key and the same purchase twice: the copy is a replay, not an error.
    items[499] = { ...items[498]! };

    const before = await purchaseCount();
    const r = await send(items);
    expect(r.errors).toBeUndefined();
    const out = r.data!.recordPurchases;
    expect(out).toMatchObject({ recorded: 489, replayed: 1, failed: 10 });
    expect(out.results).toHaveLength(500);
    out.results.forEach((res, i) => {
      expect(res.index).toBe(i);
      expect(res.idempotencyKey).toBe(items[i]!.idempotencyKey);
      const want = bad.get(i);
      if (!want) {
        expect(res.status, JSON.stringify(res.error)).toBe(i === 499 ? 'REPLAYED' : 'RECORDED');
        return;
      }
      expect(res.status).toBe('FAILED');
      expect(res.result).toBeNull();
      expect(res.error!.code, res.error!.message).toBe(want.code);
      if (want.path) expect(res.error!.issues.map((x) => x.path)).toContain(want.path);
    });
    expect(out.results[499]!.result!.purchase.id).toBe(out.results[498]!.result!.purchase.id);
    // The conflict names what differs from the purchase first sent with the key.
    expect(out.results[351]!.error!.fields).toEqual(expect.arrayContaining(['externalId', 'occurredAt']));
    expect((await purchaseCount()) - before).toBe(489);
    expect(await purchaseCount(other.program.id)).toBe(0);
    for (const c of customers) {
      const l = await ledgerAgrees(s.testDb.db, program.id, c.id);
      expect(l.entries).toBe(l.balance);
      expect(l.lotsLessDebt).toBe(l.balance);
    }
  }, 300_000);

  it('501 items: the whole request is refused with BAD_USER_INPUT at input.purchases, nothing written', async () => {
    const c = await newCustomer();
    const items = Array.from({ length: 501 }, (_, i) => purchaseInput(c.id, { occurredAt: ago(600 - i) }));
    const r = await expectFailsCleanly(s, () => send(items), 'BAD_USER_INPUT');
    expect(r.errors![0]!.extensions).toMatchObject({ issues: [{ path: 'input.purchases' }] });
    const empty = await expectFailsCleanly(s, () => send([]), 'BAD_USER_INPUT');
    expect(empty.errors![0]!.extensions).toMatchObject({ issues: [{ path: 'input.purchases' }] });
  });

  it('is for POS and admin keys only', async () => {
    const c = await newCustomer();
    const r = await send([purchaseInput(c.id, { idempotencyKey: key() })], keys.staff);
    expect(r.errors![0]!.extensions.code).toBe('FORBIDDEN');
  });
});
