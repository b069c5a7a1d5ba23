/** The first statement of adjustPoints; the others are shared (point-moves.repo). */
import { prepared } from '../db/prepared';
import type { Scoped } from '../db/scoped';
import type { BalanceRow } from '../modules/ledger/ledger.repo';
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
  const s = new Sql();
  const pid = q.programId;
  const { rows } = await prepared<JsonRow>(
    q.knex,
    `WITH ${claimCte(s, pid, k)},
     c AS (SELECT id AS customer_id FROM customers WHERE program_id = ${s.v(pid)}::uuid AND id = ${s.v(k.customerId)}::uuid),
     ${balanceLockCte(s, pid, k.at, 'SELECT c.customer_id FROM c, claim')},
     ${tierLockCte(s, pid, k.at)}
     SELECT (SELECT count(*) FROM claim)::int AS claimed,
            (SELECT count(*) FROM c)::int AS customer_found,
            (SELECT to_jsonb(b) FROM b) AS balance,
            (SELECT to_jsonb(ct) FROM ct) AS held,
            ${settingsColumns(s, pid, k.known)}`,
    s.bindings,
  );
  const r = rows[0]!;
  return {
    claimed: r.claimed > 0,
    customerFound: r.customer_found > 0,
    balance: toBalance(r.balance),
    held: toHeld(r.held),
    settingsRevision: r.settings_revision ?? null,
    settings: r.settings ? parseSettings(r.settings) : null,
  };
}
