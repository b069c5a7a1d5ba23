/** The first statement of refundPurchase; the others are shared (point-moves.repo). */
import { prepared } from '../db/prepared';
import type { Scoped } from '../db/scoped';
import type { BalanceRow } from '../modules/ledger/ledger.repo';
import type { PurchaseRow } from '../modules/purchases/purchases.repo';
import {
  balanceLockCte,
  type ClaimKey,
  claimCte,
  type JsonRow,
  tierLockCte,
  toBalance,
  toHeld,
} from './point-moves.repo';
import { type CachedSettings, type ProgramSettings, parseSettings } from './program-settings';
import { settingsColumns } from './program-settings.repo';
import type { HeldTierRow } from './record-purchase.repo';
import { Sql } from './sql';

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

const date = (v: unknown): Date | null => (v == null ? null : new Date(v as string));

/**
 * Statement 1: the idempotency claim; the purchase, locked (purchases.repo lockPurchase: one
 * refund of a purchase at a time); its customer's balance row and, with tiers, tier row,
 * locked, in that order; the program's settings revision and, when not cached, the settings.
 */
export async function readRefundFacts(
  q: Scoped,
  k: ClaimKey & { purchaseId: string; known: CachedSettings | undefined },
): Promise<RefundFacts> {
  const s = new Sql();
  const pid = q.programId;
  const { rows } = await prepared<JsonRow>(
    q.knex,
    `WITH ${claimCte(s, pid, k)},
     p AS (
       SELECT purchases.* FROM purchases
        WHERE program_id = ${s.v(pid)}::uuid AND id = ${s.v(k.purchaseId)}::uuid AND EXISTS (SELECT 1 FROM claim)
        FOR UPDATE
     ),
     ${balanceLockCte(s, pid, k.at, 'SELECT p.customer_id FROM p')},
     ${tierLockCte(s, pid, k.at)}
     SELECT (SELECT count(*) FROM claim)::int AS claimed,
            (SELECT to_jsonb(p) FROM p) AS purchase,
            (SELECT to_jsonb(b) FROM b) AS balance,
            (SELECT to_jsonb(ct) FROM ct) AS held,
            ${settingsColumns(s, pid, k.known)}`,
    s.bindings,
  );
  const r = rows[0]!;
  const p = r.purchase;
  return {
    claimed: r.claimed > 0,
    purchase: p
      ? {
          ...(p as PurchaseRow),
          total_minor: Number(p.total_minor),
          earn_weight: Number(p.earn_weight),
          refunded_weight: Number(p.refunded_weight),
          points_earned: Number(p.points_earned),
          points_reversed: Number(p.points_reversed),
          occurred_at: date(p.occurred_at)!,
          recorded_at: date(p.recorded_at)!,
        }
      : null,
    balance: toBalance(r.balance),
    held: toHeld(r.held),
    settingsRevision: r.settings_revision ?? null,
    settings: r.settings ? parseSettings(r.settings) : null,
  };
}
