/**
 * adjustPoints as a workflow (issue 12), in the shape of recordPurchase: claim and lock in one
 * statement, read under the locks only what the adjustment needs (the lots, to spend or to pay
 * a debt; tier metrics when the program has tiers), decide with pure functions, write every
 * fact in one statement (entry, lot, lots taken, balance, tier activity and upgrade, audit,
 * idempotency result). A credit to a customer without debt in a program without tiers is
 * BEGIN, read, write, COMMIT: 4 round trips; a debit is 5. Behaviour is that of
 * ledger.service creditPoints/spendPoints and tiers.service recordTierActivity; a tier's
 * welcome rewards are granted by the rewards module (rare, its own statements).
 */
import { findKey } from '../modules/idempotency/idempotency.repo';
import { type Idempotent, replayOrConflict, requestHashes } from '../modules/idempotency/idempotency.service';
import { expiryFor } from '../modules/ledger/earning';
import type { AdjustPointsInput } from '../modules/ledger/ledger.inputs';
import type { LedgerEntryRow } from '../modules/ledger/ledger.repo';
import { programOf } from '../modules/programs/programs.service';
import type { RequestContext } from '../shared/context';
import { AppError } from '../shared/errors';
import { localDate } from '../shared/time';
import { readAdjustFacts } from './adjust-points.repo';
import { adjustTiers, checkWritten, grantWelcome } from './point-moves';
import { insufficient, planCredit, planSpend } from './point-moves.plan';
import { readUnderLocks, writeMove } from './point-moves.repo';
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
    const tiers = settings.tiers;
    const today = localDate(at, (await programOf(q)).time_zone);

    // 2. Read under the locks what this adjustment needs.
    const needLots = p.points < 0 || balance.debt > 0;
    const under =
      needLots || tiers.length > 0
        ? await readUnderLocks(q, p.customerId, {
            lots: needLots,
            ...(tiers.length > 0 ? { tiers: { tiers, today, day: today } } : {}),
          })
        : null;

    // 3. Decide.
    let move: { takes: { lotId: number; take: number }[]; debtPaid: number; fromNewLot: number | null };
    let expiresAt: Date | null = null;
    if (p.points > 0) {
      const plan = planCredit(under?.lots ?? null, balance.debt, p.points, at);
      expiresAt = expiryFor(settings.config, at, balance.last_purchase_at);
      move = { takes: plan.takes, debtPaid: plan.debtPaid, fromNewLot: plan.fromNewLot };
    } else {
      const plan = planSpend(under!.lots!, balance.debt, -p.points, at);
      if (!plan.ok) throw insufficient(plan);
      move = { takes: plan.takes, debtPaid: plan.debtPaid, fromNewLot: null };
    }
    const activity = { day: today, spendMinor: 0, points: p.points, purchases: 0 };
    const tier = adjustTiers(tiers, facts.held, under, today, activity);
    const entry = {
      kind: 'ADJUST' as const,
      points: p.points,
      reason: p.reason,
      purchase_id: null,
      reward_id: null,
      available_at: p.points > 0 ? at : null,
      expires_at: expiresAt,
    };

    // 4. Write.
    const written = await writeMove(q, {
      customerId: p.customerId,
      actor: ctx.actor,
      at,
      takes: move.takes,
      entry,
      lot: move.fromNewLot === null ? null : { points: p.points, taken: move.fromNewLot },
      balance: { points: p.points, debt: -move.debtPaid, lifetime: 0 },
      activity,
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
      idempotency: { key, result: { customerId: p.customerId }, withEntryId: true },
    });
    checkWritten(written, { takes: move.takes.length });
    await grantWelcome({ ...ctx, q }, q, p.customerId, tier.move);
    const result = { customerId: p.customerId, entryId: written.entryId!, replayed: false };
    writtenEntries.set(result, {
      id: written.entryId!,
      customer_id: p.customerId,
      ...entry,
      lot_id: null,
      base_points: null,
      bonus_points: null,
      actor_kind: ctx.actor.kind,
      actor_id: ctx.actor.id,
      actor_role: ctx.actor.role,
      created_at: at,
    });
    return result;
  });
}
