/** The first statement of refundPurchase; the others are shared (point-moves.repo). */
import type { Scoped } from '../db/scoped';
import type { BalanceRow } from '../modules/ledger/ledger.repo';
import type { PurchaseRow } from '../modules/purchases/purchases.repo';
import {
  balanceLockCte,
  type ClaimKey,
  heldAndSettings,
  heldAndSettingsColumns,
  readClaimed,
  tierLockCte,
} from './point-moves.repo';
import type { CachedSettings, ProgramSettings } from './program-settings';
import type { HeldTierRow } from './record-purchase.repo';
import { jsonDate } from './sql';

export interface RefundFacts {
  claimed: boolean;
  /** Locked (FOR UPDATE) when the key was claimed; its newest version after any wait. */
  purchase: PurchaseRow | null;
  /** The purchase's customer's balance row, locked (created if absent). */
  balance: BalanceRow | null;
  /** Locked like the balance, when the program has active tiers. */
  held: HeldTierRow | null;
  settingsRevision: string | null;
  settings: ProgramSettings | null;
}

/**
 * Statement 1: the idempotency claim; the purchase, locked (purchases.repo lockPurchase: one
 * refund of a purchase at a time); its customer's balance row and, with tiers, tier row,
 * locked, in that order; the program's settings revision and, when not cached, the settings.
 */
export async function readRefundFacts(
  q: Scoped,
  k: ClaimKey & { purchaseId: string; known: CachedSettings | undefined },
): Promise<RefundFacts> {
  const { claimed, balance, row } = await readClaimed(q, k, {
    ctes: (s, pid) => `p AS (
       SELECT purchases.* FROM purchases
        WHERE program_id = ${s.v(pid)}::uuid AND id = ${s.v(k.purchaseId)}::uuid AND EXISTS (SELECT 1 FROM claim)
        FOR UPDATE
     ),
     ${balanceLockCte(s, pid, k.at, 'SELECT p.customer_id FROM p')},
     ${tierLockCte(s, pid, k.at)}`,
    columns: (s, pid) => `(SELECT to_jsonb(p) FROM p) AS purchase,
            ${heldAndSettingsColumns(s, pid, k.known)}`,
  });
  const p = row.purchase;
  return {
    claimed,
    purchase: p
      ? {
          ...(p as PurchaseRow),
          total_minor: Number(p.total_minor),
          earn_weight: Number(p.earn_weight),
          refunded_weight: Number(p.refunded_weight),
          points_earned: Number(p.points_earned),
          points_reversed: Number(p.points_reversed),
          occurred_at: jsonDate(p.occurred_at)!,
          recorded_at: jsonDate(p.recorded_at)!,
        }
      : null,
    balance,
    ...heldAndSettings(row),
  };
}
