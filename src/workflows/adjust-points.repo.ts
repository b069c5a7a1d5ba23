/** The first statement of adjustPoints; the others are shared (point-moves.repo). */
import type { Scoped } from '../db/scoped';
import type { BalanceRow } from '../modules/ledger/ledger.repo';
import {
  type ClaimKey,
  CUSTOMER_FOUND,
  customerBalanceCtes,
  heldAndSettings,
  heldAndSettingsColumns,
  readClaimed,
  tierLockCte,
} from './point-moves.repo';
import type { CachedSettings, ProgramSettings } from './program-settings';
import type { HeldTierRow } from './record-purchase.repo';

export interface AdjustFacts {
  claimed: boolean;
  customerFound: boolean;
  /** Locked (created if absent) when the key was claimed and the customer exists. */
  balance: BalanceRow | null;
  /** Locked like the balance, when the program has active tiers. */
  held: HeldTierRow | null;
  settingsRevision: string | null;
  settings: ProgramSettings | null;
}

/**
 * Statement 1: the idempotency claim; the customer (customers.service requireCustomer); the
 * balance row and, with tiers, the tier row, locked; the program's settings revision and the
 * settings when they are not the cached ones (program-settings).
 */
export async function readAdjustFacts(
  q: Scoped,
  k: ClaimKey & { customerId: string; known: CachedSettings | undefined },
): Promise<AdjustFacts> {
  const { claimed, balance, row } = await readClaimed(q, k, {
    ctes: (s, pid) => `${customerBalanceCtes(s, pid, k.customerId, k.at)},
     ${tierLockCte(s, pid, k.at)}`,
    columns: (s, pid) => `${CUSTOMER_FOUND},
            ${heldAndSettingsColumns(s, pid, k.known)}`,
  });
  return { claimed, customerFound: row.customer_found > 0, balance, ...heldAndSettings(row) };
}
