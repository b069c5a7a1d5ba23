import type { Scoped } from '../../db/scoped';
import type { RequestContext } from '../../shared/context';
import { AppError } from '../../shared/errors';
import { addDays } from '../../shared/time';
import { recordAudit } from '../audit/audit.service';
import { DEFAULT_EARNING, type EarningConfig, expiryFor } from './earning';
import type { UpdateEarningConfigInput } from './ledger.inputs';
import {
  type BalanceRow,
  changeBalance,
  customersWithLapsedLots,
  earningConfigRow,
  extendExpiry,
  insertEntry,
  insertLot,
  insertOpeningBalances,
  type LedgerEntryRow,
  type LedgerKind,
  type LotRow,
  lapsedLots,
  lockBalance,
  openLots,
  saveEarningConfig,
  takeFromLot,
} from './ledger.repo';

// Reads the API makes (resolvers call the service, never the repo).
// Reads other modules make of the ledger (data exports, expiry notices).
export {
  balanceSummaries,
  customersWithPointsAvailable,
  customersWithPointsExpiring,
  ledgerPage,
} from './ledger.repo';

// The ledger module owns ledger_entries, point_lots and point_balances; besides it, only the
// point-moving workflows (src/workflows: purchases, refunds, redemptions, adjustments) write
// them, with the same SQL in one statement and the same decisions as pure functions
// (point-moves.plan). Every writer locks the customer's balance row first, so one customer's
// points change one transaction at a time.

export async function getEarningConfig(q: Scoped): Promise<EarningConfig> {
  return (await earningConfigRow(q)) ?? DEFAULT_EARNING;
}

export async function updateEarningConfig(
  ctx: RequestContext,
  p: UpdateEarningConfigInput,
): Promise<EarningConfig> {
  const at = ctx.clock.now();
  return ctx.q.transaction(async (q) => {
    const current = await getEarningConfig(q);
    const given = Object.fromEntries(Object.entries(p).filter(([, v]) => v != null));
    const next: EarningConfig = { ...current, ...given, updatedAt: at };
    if (next.expiryPolicy === 'NONE') {
      if (p.expiryDays != null) {
        throw AppError.badInput([{ path: 'input.expiryDays', message: 'Only with an expiry policy' }]);
      }
      next.expiryDays = null;
    } else if (next.expiryDays == null) {
      throw AppError.badInput([
        { path: 'input.expiryDays', message: `Required when expiryPolicy is ${next.expiryPolicy}` },
      ]);
    }
    await saveEarningConfig(q, next, at);
    await recordAudit(q, ctx.actor, at, {
      action: 'earning.update',
      targetType: 'earning_config',
      targetId: ctx.programId,
      details: given,
    });
    return next;
  });
}

/** Locks the account and pays any debt from points that are spendable now. */
async function openAccount(q: Scoped, customerId: string, at: Date): Promise<BalanceRow> {
  const balance = await lockBalance(q, customerId, at);
  if (balance.debt > 0) {
    const paid = await consume(q, spendable(await openLots(q, customerId), at), balance.debt);
    if (paid > 0) {
      await changeBalance(q, customerId, { debt: -paid }, at);
      balance.debt -= paid;
    }
  }
  return balance;
}

const isLive = (l: LotRow, at: Date) => l.expires_at === null || l.expires_at > at;
const spendable = (lots: LotRow[], at: Date) => lots.filter((l) => l.available_at <= at && isLive(l, at));

/** Takes up to `points` from `lots` in order; returns what it took. */
async function consume(q: Scoped, lots: LotRow[], points: number): Promise<number> {
  let left = points;
  for (const lot of lots) {
    if (left === 0) break;
    const take = Math.min(lot.remaining, left);
    await takeFromLot(q, lot.id, take);
    lot.remaining -= take;
    left -= take;
  }
  return points - left;
}

/**
 * Earns a purchase's points as one lot: pending until the return window passes, expiring by
 * the program's policy. Also records the purchase as activity (INACTIVITY expiry). `points`
 * includes the tier `bonus`, if any; the entry shows both parts.
 */
export async function earnForPurchase(
  ctx: RequestContext,
  q: Scoped,
  e: {
    customerId: string;
    purchaseId: string;
    points: number;
    occurredAt: Date;
    cfg: EarningConfig;
    bonus?: { points: number; reason: string } | null;
  },
): Promise<void> {
  const at = ctx.clock.now();
  const balance = await openAccount(q, e.customerId, at);
  const last =
    balance.last_purchase_at && balance.last_purchase_at > e.occurredAt
      ? balance.last_purchase_at
      : e.occurredAt;
  const expiresAt = expiryFor(e.cfg, e.occurredAt, last);
  if (e.cfg.expiryPolicy === 'INACTIVITY' && expiresAt) await extendExpiry(q, e.customerId, expiresAt, at);
  if (e.points > 0) {
    const availableAt = addDays(e.occurredAt, e.cfg.pendingDays);
    const entry = await insertEntry(
      q,
      {
        customer_id: e.customerId,
        kind: 'EARN',
        points: e.points,
        base_points: e.points - (e.bonus?.points ?? 0),
        bonus_points: e.bonus?.points ?? 0,
        reason: e.bonus?.reason ?? null,
        purchase_id: e.purchaseId,
        available_at: availableAt,
        expires_at: expiresAt,
      },
      ctx.actor,
      at,
    );
    await insertLot(
      q,
      {
        customer_id: e.customerId,
        entry_id: entry.id,
        purchase_id: e.purchaseId,
        points: e.points,
        available_at: availableAt,
        expires_at: expiresAt,
      },
      at,
    );
  }
  await changeBalance(
    q,
    e.customerId,
    { points: e.points, lifetime: e.points, lastPurchaseAt: e.occurredAt },
    at,
  );
}

/**
 * Adds spendable points at once (a positive adjustment, a voided reward's refund) as a new
 * lot that expires by the program's policy counted from now.
 */
export async function creditPoints(
  ctx: RequestContext,
  q: Scoped,
  c: {
    customerId: string;
    points: number;
    kind: Extract<LedgerKind, 'ADJUST' | 'REVERSAL' | 'BONUS'>;
    rewardId?: string;
    reason?: string;
    ruleVersionId?: string;
  },
): Promise<LedgerEntryRow> {
  const at = ctx.clock.now();
  const balance = await openAccount(q, c.customerId, at);
  const cfg = await getEarningConfig(q);
  const expiresAt = expiryFor(cfg, at, balance.last_purchase_at);
  const entry = await insertEntry(
    q,
    {
      customer_id: c.customerId,
      kind: c.kind,
      points: c.points,
      reward_id: c.rewardId ?? null,
      reason: c.reason ?? null,
      rule_version_id: c.ruleVersionId ?? null,
      available_at: at,
      expires_at: expiresAt,
    },
    ctx.actor,
    at,
  );
  const lot = await insertLot(
    q,
    {
      customer_id: c.customerId,
      entry_id: entry.id,
      purchase_id: null,
      points: c.points,
      available_at: at,
      expires_at: expiresAt,
    },
    at,
  );
  // Credit pays debt first: the customer owed these points.
  const paid = Math.min(balance.debt, c.points);
  if (paid > 0) await takeFromLot(q, lot.id, paid);
  await changeBalance(
    q,
    c.customerId,
    { points: c.points, debt: -paid, lifetime: c.kind === 'BONUS' ? c.points : 0 },
    at,
    [
      [
        'points.changed',
        { customerId: c.customerId, points: c.points, kind: c.kind, reason: c.reason ?? null },
      ],
    ],
  );
  return entry;
}

// adjustPoints is a workflow of its own (issue 12): claim, lock, write in a few round trips.

/**
 * Writes off lapsed lots as EXPIRE entries, one per lot. Idempotent and safe to run
 * concurrently: each customer is done under its balance lock, a lot written off has nothing
 * left, and a unique index allows one EXPIRE per lot. Returns the points written off.
 */
export async function expireLots(
  ctx: RequestContext,
  customerId: string | 'all',
  now: Date,
): Promise<number> {
  const ids = customerId === 'all' ? await customersWithLapsedLots(ctx.q, now) : [customerId];
  let total = 0;
  for (const id of ids) {
    total += await ctx.q.transaction(async (q) => {
      await openAccount(q, id, now);
      let sum = 0;
      for (const lot of await lapsedLots(q, id, now)) {
        await takeFromLot(q, lot.id, lot.remaining);
        await insertEntry(
          q,
          {
            customer_id: id,
            kind: 'EXPIRE',
            points: -lot.remaining,
            lot_id: lot.id,
            expires_at: lot.expires_at,
          },
          ctx.actor,
          now,
        );
        sum += lot.remaining;
      }
      if (sum > 0) {
        await changeBalance(q, id, { points: -sum }, now, [
          ['points.changed', { customerId: id, points: -sum, kind: 'EXPIRE', reason: null }],
        ]);
      }
      return sum;
    });
  }
  return total;
}

/**
 * Opening balances of customers who have no points yet (an import): per customer one ADJUST
 * entry, one lot and the balance row, as `creditPoints` would write them, set-based (three
 * statements for any number of customers). Expiry by the program's policy, counted from now.
 * A customer who already has a balance row makes the insert fail: this is not for them.
 */
export async function openBalances(
  ctx: RequestContext,
  q: Scoped,
  opening: readonly { customerId: string; points: number }[],
  reason: string,
): Promise<void> {
  const list = opening.filter((o) => o.points > 0);
  if (!list.length) return;
  const at = ctx.clock.now();
  const cfg = await getEarningConfig(q);
  const expiresAt = expiryFor(cfg, at, null);
  await insertOpeningBalances(q, ctx.actor, list, reason, at, expiresAt);
}
