/**
 * adjustPoints as a workflow (issue 12), in the shape of recordPurchase: claim and lock in one
 * statement, read under the locks only what the adjustment needs (the lots, to spend or to pay
 * a debt; tier metrics when the program has tiers), decide with pure functions, write every
 * fact in one statement (entry, lot, lots taken, balance, tier activity and upgrade, audit,
 * idempotency result). A credit to a customer without debt in a program without tiers is
 * BEGIN, read, write, COMMIT: 4 round trips; a debit is 5. Behaviour is that of
 * ledger.service creditPoints/spendPoints and planTierMove; a tier's
 * welcome rewards are granted by the rewards module (rare, its own statements).
 */

import type { Scoped } from '../db/scoped';
import type { Actor } from '../modules/auth/viewer';
import { findKey } from '../modules/idempotency/idempotency.repo';
import { type Idempotent, replayOrConflict, requestHashes } from '../modules/idempotency/idempotency.service';
import { type EarningConfig, expiryFor } from '../modules/ledger/earning';
import type { AdjustPointsInput } from '../modules/ledger/ledger.inputs';
import type { BalanceRow, LedgerEntryRow } from '../modules/ledger/ledger.repo';
import { programOf } from '../modules/programs/programs.service';
import type { TierRow } from '../modules/tiers/tiers.repo';
import type { RequestContext } from '../shared/context';
import { AppError } from '../shared/errors';
import { localDate } from '../shared/time';
import { readAdjustFacts } from './adjust-points.repo';
import { adjustTiers, checkWritten, grantWelcome } from './point-moves';
import { insufficient, planCredit, planSpend } from './point-moves.plan';
import { type MoveWrite, readUnderLocks, type UnderLocks, writeMove } from './point-moves.repo';
import { knownSettings, settingsFor } from './program-settings';

const OPERATION = 'adjustPoints';

export type AdjustResult = Idempotent<{ customerId: string; entryId: number }>;

// The entry each fresh result wrote, for the GraphQL payload (replays load it).
const writtenEntries = new WeakMap<object, LedgerEntryRow>();

/** The ledger entry a fresh (not replayed) adjustPoints result wrote; undefined otherwise. */
export function writtenEntry(result: object): LedgerEntryRow | undefined {
  return writtenEntries.get(result);
}

/** Staff correction with a reason; a negative one may not take available below zero. */
export async function adjustPoints(ctx: RequestContext, p: AdjustPointsInput): Promise<AdjustResult> {
  const { idempotencyKey: key, ...rest } = p;
  const { hash, fields } = requestHashes(OPERATION, rest);
  return ctx.q.transaction(async (q) => {
    const at = ctx.clock.now();
    // 1. Claim, lock, read.
    const known = knownSettings(ctx.programId);
    const facts = await readAdjustFacts(q, {
      key,
      operation: OPERATION,
      hash,
      fieldHashes: fields,
      at,
      customerId: p.customerId,
      known,
    });
    if (!facts.claimed) return replayOrConflict<AdjustResult>(await findKey(q, key), OPERATION, hash, fields);
    if (!facts.customerFound) throw AppError.notFound('Customer');
    const settings = settingsFor(ctx.programId, known, facts.settingsRevision, facts.settings);
    const balance = facts.balance!;
    const today = localDate(at, (await programOf(q)).time_zone);

    // 2. Read under the locks what this adjustment needs.
    const under = await readWhatTheAdjustmentNeeds(q, p, balance, { tiers: settings.tiers, today });

    // 3. Decide.
    const move = planAdjustment(p, settings.config, balance, under, at);
    const activity = { day: today, spendMinor: 0, points: p.points, purchases: 0 };
    const tier = adjustTiers(settings.tiers, facts.held, under, today, activity);
    const entry = adjustEntry(p, move.expiresAt, at);

    // 4. Write.
    const written = await writeMove(q, {
      ...adjustmentWrite(p, { move, entry, tier, key }),
      actor: ctx.actor,
      at,
      activity,
    });
    checkWritten(written, { takes: move.takes.length });
    await grantWelcome({ ...ctx, q }, q, p.customerId, tier.move);
    const result = { customerId: p.customerId, entryId: written.entryId!, replayed: false };
    writtenEntries.set(result, entryRow(written.entryId!, p.customerId, entry, ctx.actor, at));
    return result;
  });
}

/** Statement 2, when needed: the lots to spend or to pay a debt from, and tier metrics. */
async function readWhatTheAdjustmentNeeds(
  q: Scoped,
  p: AdjustPointsInput,
  balance: BalanceRow,
  t: { tiers: TierRow[]; today: string },
): Promise<UnderLocks | null> {
  const needLots = p.points < 0 || balance.debt > 0;
  if (!needLots && t.tiers.length === 0) return null;
  return readUnderLocks(q, p.customerId, {
    lots: needLots,
    ...(t.tiers.length > 0 ? { tiers: { tiers: t.tiers, today: t.today, day: t.today } } : {}),
  });
}

interface Adjustment {
  takes: { lotId: number; take: number }[];
  debtPaid: number;
  /** A credit's new lot gives this much to the debt or other lots (null for a debit). */
  fromNewLot: number | null;
  /** When a credit's points expire (null for a debit, or no expiry). */
  expiresAt: Date | null;
}

/** Pure: a credit pays a debt first; a debit spends oldest points first, or is refused. */
function planAdjustment(
  p: AdjustPointsInput,
  cfg: EarningConfig,
  balance: BalanceRow,
  under: UnderLocks | null,
  at: Date,
): Adjustment {
  if (p.points > 0) {
    const plan = planCredit(under?.lots ?? null, balance.debt, p.points, at);
    const expiresAt = expiryFor(cfg, at, balance.last_purchase_at);
    return { takes: plan.takes, debtPaid: plan.debtPaid, fromNewLot: plan.fromNewLot, expiresAt };
  }
  const plan = planSpend(under!.lots!, balance.debt, -p.points, at);
  if (!plan.ok) throw insufficient(plan);
  return { takes: plan.takes, debtPaid: plan.debtPaid, fromNewLot: null, expiresAt: null };
}

function adjustEntry(p: AdjustPointsInput, expiresAt: Date | null, at: Date) {
  return {
    kind: 'ADJUST' as const,
    points: p.points,
    reason: p.reason,
    purchase_id: null,
    reward_id: null,
    available_at: p.points > 0 ? at : null,
    expires_at: expiresAt,
  };
}

type AdjustEntry = ReturnType<typeof adjustEntry>;

/** Statement 3's facts but the actor, time and tier activity. */
function adjustmentWrite(
  p: AdjustPointsInput,
  d: { move: Adjustment; entry: AdjustEntry; tier: ReturnType<typeof adjustTiers>; key: string },
): Omit<MoveWrite, 'actor' | 'at' | 'activity'> {
  const { move, tier } = d;
  return {
    customerId: p.customerId,
    takes: move.takes,
    entry: d.entry,
    lot: move.fromNewLot === null ? null : { points: p.points, taken: move.fromNewLot },
    balance: { points: p.points, debt: -move.debtPaid, lifetime: 0 },
    upgrade:
      tier.move.kind === 'upgrade' ? { ...tier.upgrade!, reason: 'ADJUSTMENT', purchase_id: null } : null,
    clearGrace: tier.move.kind === 'clearGrace',
    refund: null,
    reward: null,
    audit: {
      action: 'points.adjust',
      targetType: 'customer',
      targetId: p.customerId,
      details: { points: p.points, reason: p.reason },
    },
    idempotency: { key: d.key, result: { customerId: p.customerId }, withEntryId: true },
  };
}

/** The ledger entry as written, for the GraphQL payload. */
function entryRow(
  id: number,
  customerId: string,
  entry: AdjustEntry,
  actor: Actor,
  at: Date,
): LedgerEntryRow {
  return {
    id,
    customer_id: customerId,
    ...entry,
    lot_id: null,
    base_points: null,
    bonus_points: null,
    actor_kind: actor.kind,
    actor_id: actor.id,
    actor_role: actor.role,
    created_at: at,
  };
}
