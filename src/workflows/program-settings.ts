/**
 * The program settings the point-moving workflows use (earning config, survey settings, the
 * reward rules' revision, active tiers), cached per process and checked, not told: each
 * workflow's first statement reads the program's settings revision (migration 20261203110000:
 * a new random one on any change to those rows, whoever makes it) in its own snapshot, and the
 * settings themselves only when the revision is not the cached one. So a cached value is used
 * only when it is what the transaction would read itself: never stale after a change committed
 * before the transaction began (no notification to wait for), nor inside a transaction that
 * changed them (it sees its own new revision); a rolled-back change's revision never comes
 * back; and never another program's (keyed by program, read through the scoped statement).
 */
import type { Scoped } from '../db/scoped';
import type { SurveySettingsRow } from '../modules/feedback/feedback.repo';
import { DEFAULT_EARNING, type EarningConfig } from '../modules/ledger/earning';
import { type EarningConfigRow, toEarningConfig } from '../modules/ledger/ledger.repo';
import { type CompiledRule, compiledRules } from '../modules/rules/rules.engine';
import type { TierRow } from '../modules/tiers/tiers.repo';
import { jsonDate } from './sql';

/** The program's settings as read at one settings revision. */
export interface ProgramSettings {
  earning: EarningConfigRow | null;
  survey: SurveySettingsRow | null;
  ruleRevision: number;
  /** Active tiers, lowest rank first. */
  tiers: TierRow[];
}

export interface CachedSettings extends ProgramSettings {
  /** The revision they were read at; null: the program's settings never changed. */
  revision: string | null;
  config: EarningConfig;
  /**
   * The compiled active rules, made on first need: a purchase knows without a statement of its
   * own whether any purchase rule could act. The engine still evaluates the rules that may act
   * from its own read of the rule revision inside the transaction.
   */
  rules?: CompiledRule[];
}

/** A revision no program has (gen_random_uuid() sets version bits): "nothing cached". */
export const NO_REVISION = '00000000-0000-0000-0000-000000000000';

const byProgram = new Map<string, CachedSettings>();

/** What this process has for the program; pass its revision to the first statement. */
export function knownSettings(programId: string): CachedSettings | undefined {
  return byProgram.get(programId);
}

/** The settings read by `settingsColumns` (to_jsonb form), as rows. */
export function parseSettings(st: {
  earning: EarningConfigRow | null;
  survey: SurveySettingsRow | null;
  rule_revision: number | string | null;
  tiers: TierRow[];
}): ProgramSettings {
  return {
    earning: st.earning,
    survey: st.survey,
    ruleRevision: Number(st.rule_revision ?? 0),
    tiers: st.tiers.map((t) => ({
      ...t,
      threshold: Number(t.threshold),
      archived_at: jsonDate(t.archived_at),
      created_at: jsonDate(t.created_at)!,
      updated_at: jsonDate(t.updated_at)!,
    })),
  };
}

/**
 * The settings to use for the revision the statement read: the cached ones when `read` is
 * null (the statement found the revision unchanged), else the ones it read, now cached. Pass
 * the `known` entry whose revision went into the statement (not a fresh lookup: another
 * request may have replaced it meanwhile).
 */
export function settingsFor(
  programId: string,
  known: CachedSettings | undefined,
  revision: string | null,
  read: ProgramSettings | null,
): CachedSettings {
  if (!read) {
    if (!known) throw new Error('settings neither cached nor read');
    return known;
  }
  const entry = { ...read, revision, config: read.earning ? toEarningConfig(read.earning) : DEFAULT_EARNING };
  if (byProgram.size >= 10_000) byProgram.clear();
  byProgram.set(programId, entry);
  return entry;
}

/** The compiled active rules for these settings (compiled once per settings revision). */
export async function rulesOf(q: Scoped, s: CachedSettings): Promise<CompiledRule[]> {
  s.rules ??= await compiledRules(q);
  return s.rules;
}
