import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { RecordPurchaseInput } from '../../src/modules/purchases/purchases.inputs';
import type { ManualClock } from '../../src/shared/clock';
import type { RequestContext } from '../../src/shared/context';
import { parseInput } from '../../src/shared/errors';
import { recordPurchase } from '../../src/workflows/record-purchase';
import type { TestServer } from './server';

export const key = () => `k-${randomBytes(6).toString('hex')}`;

export const RECORD = `mutation($input: RecordPurchaseInput!) {
  recordPurchase(input: $input) {
    pointsEarned replayed
    purchase { id externalId totalMinor pointsEarned pointsReversed refundedMinor lines { sku quantity refundedQuantity } }
    customer { id externalId balance { available pending lifetimeEarned } }
    rewardsIssued { id }
  }
}`;

/** previewPurchase with every field of its answer. */
export const PREVIEW = `query($input: PreviewPurchaseInput!) {
  previewPurchase(input: $input) {
    customer { id } currency totalMinor pointsEarned basePoints tierBonusPoints availableAt expiresAt
    ruleBonusPoints laterRuleBonusPoints
    rewardsIssued { name label catalogItem { id name } }
    tierAfter { id name }
  }
}`;

export const REFUND = `mutation($input: RefundPurchaseInput!) {
  refundPurchase(input: $input) {
    pointsReversed replayed
    purchase { id pointsReversed refundedMinor lines { sku refundedQuantity } }
    customer { id balance { available pending } }
  }
}`;

export const ADJUST = `mutation($input: AdjustPointsInput!) {
  adjustPoints(input: $input) { replayed entry { id kind points reason } customer { balance { available } } }
}`;

export const UPSERT_ITEM = `mutation($input: UpsertCatalogItemInput!) {
  upsertCatalogItem(input: $input) { id name costPoints active validDays stock }
}`;

export const REDEEM = `mutation($input: RedeemRewardInput!) {
  redeemReward(input: $input) { replayed reward { id code name status issuedAt expiresAt } customer { balance { available } } }
}`;

export const USE = `mutation($input: UseRewardInput!) {
  useReward(input: $input) { replayed reward { id status usedAt } }
}`;

export const VOID = `mutation($input: VoidRewardInput!) {
  voidReward(input: $input) { replayed pointsReturned reward { id status } customer { balance { available } } }
}`;

export const BALANCE = `query($id: ID!) {
  customer(id: $id) { balance { available pending lifetimeEarned expiringSoon { points expiresAt } } }
}`;

export const EARNING = `mutation($input: UpdateEarningConfigInput!) {
  updateEarningConfig(input: $input) {
    pointsPerUnit rounding pendingDays expiryPolicy expiryDays autoEnroll backdatingDays excludedCategories
    categoryMultipliers { category percent } skuMultipliers { sku percent }
  }
}`;

export function purchaseInput(customerId: string, overrides: Record<string, unknown> = {}) {
  return {
    idempotencyKey: key(),
    customerId,
    externalId: `r-${randomBytes(6).toString('hex')}`,
    storeCode: 'S1',
    occurredAt: new Date().toISOString(),
    currency: 'USD',
    lines: [{ sku: 'LATTE', category: 'coffee', quantity: 2, unitPriceMinor: 450 }],
    ...overrides,
  };
}

/** Rows in every table these modules write: a failed mutation must leave all of them unchanged. */
export async function writeCounts(db: Knex): Promise<Record<string, number>> {
  const tables = [
    'purchases',
    'purchase_lines',
    'ledger_entries',
    'point_lots',
    'point_balances',
    'idempotency_keys',
    'issued_rewards',
    'customers',
    'audit_log',
  ];
  const out: Record<string, number> = {};
  for (const t of tables) {
    const [r] = await db(t).count<{ count: number }[]>('* as count');
    out[t] = r!.count;
  }
  const [b] = await db('point_balances').sum<{ s: number | null }[]>('points as s');
  out.balanceSum = Number(b!.s ?? 0);
  const [st] = await db('catalog_items').sum<{ s: number | null }[]>('stock as s');
  out.stock = Number(st!.s ?? 0);
  return out;
}

/** Asserts the error code, then that nothing was written. */
export async function expectFailsCleanly(
  s: TestServer,
  run: () => Promise<{ errors?: { message: string; extensions: { code: string } }[] }>,
  code: string,
) {
  const before = await writeCounts(s.testDb.db);
  const r = await run();
  const got = r.errors?.[0]?.extensions.code;
  if (got !== code) throw new Error(`expected ${code}, got ${JSON.stringify(r.errors ?? r)}`);
  const after = await writeCounts(s.testDb.db);
  if (JSON.stringify(after) !== JSON.stringify(before)) {
    throw new Error(`writes after a failed mutation: ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
  }
  return r;
}

/** The ledger's own sum and the balance row agree with the lots (the bookkeeping invariant). */
export async function ledgerAgrees(db: Knex, programId: string, customerId: string) {
  const where = { program_id: programId, customer_id: customerId };
  const [e] = await db('ledger_entries').where(where).sum<{ s: number | null }[]>('points as s');
  const [l] = await db('point_lots').where(where).sum<{ s: number | null }[]>('remaining as s');
  const b = await db('point_balances').where(where).first();
  return {
    entries: Number(e!.s ?? 0),
    balance: Number(b?.points ?? 0),
    lotsLessDebt: Number(l!.s ?? 0) - Number(b?.debt ?? 0),
  };
}

/** A one-line purchase (sku X) of `minor` that happened at `occurredAt`, recorded through the workflow. */
export function recordOneLine(
  ctx: RequestContext,
  customerId: string,
  occurredAt: Date,
  minor: number,
  currency = 'USD',
) {
  return recordPurchase(
    ctx,
    parseInput(RecordPurchaseInput, {
      idempotencyKey: key(),
      customerId,
      externalId: `r-${randomBytes(6).toString('hex')}`,
      occurredAt,
      currency,
      lines: [{ sku: 'X', quantity: 1, unitPriceMinor: minor }],
    }),
  );
}

/**
 * A one-line purchase of `dollars` whole units at `at`, recorded through the service with the
 * manual clock set to `at` (for report tests that build a history day by day).
 */
export function buyAt(
  ctx: RequestContext,
  clock: ManualClock,
  p: { customerId: string; dollars: number; at: string; currency: string },
) {
  clock.set(p.at);
  return recordOneLine(ctx, p.customerId, new Date(p.at), p.dollars * 100, p.currency);
}
