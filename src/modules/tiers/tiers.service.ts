import type { Scoped } from '../../db/scoped';
import type { RequestContext } from '../../shared/context';
import { AppError, type InputIssue } from '../../shared/errors';
import { recordAudit } from '../audit/audit.service';
import { itemById } from '../rewards/rewards.service';
import type {
  ArchiveTierInput,
  CreateTierInput,
  DeleteTierInput,
  UpdateTierInput,
  UpdateTierSettingsInput,
} from './tiers.inputs';
import {
  activeTiers,
  archiveTier as archiveTierRow,
  deleteTier as deleteTierRow,
  everHeld,
  heldTierRow,
  holderCount,
  insertTier,
  listTiers,
  lockTier,
  lockTierDefinitions,
  moveHolders,
  saveTierSettings,
  type TierFields,
  type TierRow,
  type TierSettingsRow,
  tierSettings,
  updateTier as updateTierRow,
} from './tiers.repo';

// Reads and writes other modules make of tiers (import, rules).
export { activeTiers, customerTiersByIds, placeCustomerTiers, tiersByIds } from './tiers.repo';

// Tier definitions ---------------------------------------------------------------------------

export function tiers(ctx: RequestContext, includeArchived: boolean): Promise<TierRow[]> {
  return listTiers(ctx.q, includeArchived);
}

/**
 * The rules the active tiers must keep together: ranks distinct; among tiers of the same
 * metric, thresholds strictly increase with rank (no overlap); at most one base tier
 * (threshold 0), and it is the lowest. Issues name the fields of the tier being saved.
 */
function checkLadder(all: TierRow[], saving: TierFields & { id?: string }): InputIssue[] {
  const issues: InputIssue[] = [];
  const others = all.filter((t) => t.id !== saving.id);
  const clash = others.find((t) => t.rank === saving.rank);
  if (clash) issues.push({ path: 'input.rank', message: `Rank ${saving.rank} is already ${clash.name}` });
  for (const t of others.filter((o) => o.metric === saving.metric)) {
    const bad =
      (t.rank < saving.rank && t.threshold >= saving.threshold) ||
      (t.rank > saving.rank && t.threshold <= saving.threshold);
    if (bad) {
      issues.push({
        path: 'input.threshold',
        message: `Overlaps ${t.name} (rank ${t.rank}, threshold ${t.threshold}): thresholds must rise with rank`,
      });
      break;
    }
  }
  if (saving.threshold === 0) {
    const base = others.find((t) => t.threshold === 0);
    if (base) issues.push({ path: 'input.threshold', message: `${base.name} is already the base tier` });
    else if (others.some((t) => t.rank < saving.rank))
      issues.push({ path: 'input.threshold', message: 'Only the lowest tier may have threshold 0' });
  } else if (others.some((t) => t.threshold === 0 && t.rank > saving.rank)) {
    issues.push({ path: 'input.rank', message: 'Must rank above the base tier' });
  }
  return issues;
}

async function checkWelcomeItem(q: Scoped, id: string | null): Promise<InputIssue[]> {
  if (!id || (await itemById(q, id))) return [];
  return [{ path: 'input.welcomeCatalogItemId', message: 'No such catalogue item' }];
}

function toFields(p: CreateTierInput): TierFields {
  return {
    name: p.name,
    rank: p.rank,
    metric: p.metric,
    threshold: p.threshold,
    window_kind: p.window.kind,
    window_days: p.window.days ?? null,
    multiplier_percent: p.earnMultiplierPercent ?? 100,
    benefits: p.benefits ?? null,
    welcome_item_id: p.welcomeCatalogItemId ?? null,
  };
}

export async function createTier(ctx: RequestContext, p: CreateTierInput): Promise<TierRow> {
  const at = ctx.clock.now();
  return ctx.q.transaction(async (q) => {
    await lockTierDefinitions(q);
    return saveTier(ctx, q, at, toFields(p), null);
  });
}

/** Saves a new version; it applies to evaluations from now on, never to the past. */
export async function updateTier(ctx: RequestContext, p: UpdateTierInput): Promise<TierRow> {
  const at = ctx.clock.now();
  return ctx.q.transaction(async (q) => {
    await lockTierDefinitions(q);
    const current = await lockTier(q, p.id);
    if (!current || current.archived_at) throw AppError.notFound('Tier');
    const f: TierFields = {
      name: p.name ?? current.name,
      rank: p.rank ?? current.rank,
      metric: p.metric ?? current.metric,
      threshold: p.threshold ?? current.threshold,
      window_kind: p.window?.kind ?? current.window_kind,
      window_days: p.window ? (p.window.days ?? null) : current.window_days,
      multiplier_percent: p.earnMultiplierPercent ?? current.multiplier_percent,
      benefits: p.benefits === undefined ? current.benefits : p.benefits,
      welcome_item_id:
        p.welcomeCatalogItemId === undefined ? current.welcome_item_id : p.welcomeCatalogItemId,
    };
    return saveTier(ctx, q, at, f, p.id);
  });
}

/**
 * Checks a tier's fields against the ladder and its welcome item, then writes them (a new
 * tier when `id` is null, else its next version) and audits, inside the caller's lock.
 */
async function saveTier(
  ctx: RequestContext,
  q: Scoped,
  at: Date,
  f: TierFields,
  id: string | null,
): Promise<TierRow> {
  const issues = [
    ...checkLadder(await activeTiers(q), id ? { ...f, id } : f),
    ...(await checkWelcomeItem(q, f.welcome_item_id)),
  ];
  if (issues.length) throw AppError.badInput(issues);
  const row = id ? await updateTierRow(q, id, f, at) : await insertTier(q, f, at);
  await recordAudit(q, ctx.actor, at, {
    action: id ? 'tier.update' : 'tier.create',
    targetType: 'tier',
    targetId: row.id,
    details: { ...f, version: row.version },
  });
  return row;
}

export type ArchiveTierResult = { tierId: string; customersMoved: number };

/** Archives a tier; its holders move to `moveHoldersTo` (required when anyone holds it). */
export async function archiveTier(ctx: RequestContext, p: ArchiveTierInput): Promise<ArchiveTierResult> {
  const at = ctx.clock.now();
  return ctx.q.transaction(async (q) => {
    await lockTierDefinitions(q);
    const tier = await lockTier(q, p.id);
    if (!tier || tier.archived_at) throw AppError.notFound('Tier');
    const holders = await holderCount(q, tier.id);
    let target: TierRow | undefined;
    if (p.moveHoldersTo) {
      target = (await activeTiers(q)).find((t) => t.id === p.moveHoldersTo && t.id !== tier.id);
      if (!target)
        throw AppError.badInput([{ path: 'input.moveHoldersTo', message: 'Must be another active tier' }]);
    } else if (holders > 0) {
      throw AppError.badInput([
        {
          path: 'input.moveHoldersTo',
          message: `${holders} customers hold ${tier.name}: name the tier they move to`,
        },
      ]);
    }
    const moved = target ? await moveHolders(q, tier, target, at) : 0;
    await archiveTierRow(q, tier.id, target?.id ?? null, at);
    await recordAudit(q, ctx.actor, at, {
      action: 'tier.archive',
      targetType: 'tier',
      targetId: tier.id,
      details: { moveHoldersTo: target?.id ?? null, customersMoved: moved },
    });
    return { tierId: tier.id, customersMoved: moved };
  });
}

/** Only a tier nobody holds or ever held may be deleted; otherwise archive it. */
export async function deleteTier(ctx: RequestContext, p: DeleteTierInput): Promise<{ id: string }> {
  const at = ctx.clock.now();
  return ctx.q.transaction(async (q) => {
    await lockTierDefinitions(q);
    const tier = await lockTier(q, p.id);
    if (!tier) throw AppError.notFound('Tier');
    const holders = await holderCount(q, tier.id);
    if (holders > 0 || (await everHeld(q, tier.id))) {
      throw AppError.badInput([
        {
          path: 'input.id',
          message:
            holders > 0
              ? `${holders} customers hold ${tier.name}: archive it with a tier to move them to instead`
              : `${tier.name} appears in tier history: archive it instead`,
        },
      ]);
    }
    await deleteTierRow(q, tier.id);
    await recordAudit(q, ctx.actor, at, { action: 'tier.delete', targetType: 'tier', targetId: tier.id });
    return { id: tier.id };
  });
}

export function getTierSettings(ctx: RequestContext): Promise<TierSettingsRow> {
  return tierSettings(ctx.q);
}

export async function updateTierSettings(
  ctx: RequestContext,
  p: UpdateTierSettingsInput,
): Promise<TierSettingsRow> {
  const at = ctx.clock.now();
  return ctx.q.transaction(async (q) => {
    const current = await tierSettings(q);
    const next: TierSettingsRow = {
      grace_days: p.graceDays ?? current.grace_days,
      max_downgrade_ranks: p.maxDowngradeRanks ?? current.max_downgrade_ranks,
    };
    await saveTierSettings(q, next, at);
    await recordAudit(q, ctx.actor, at, {
      action: 'tier.settings',
      targetType: 'tier_settings',
      targetId: ctx.programId,
      details: { ...next },
    });
    return next;
  });
}

// Evaluation inside the purchase, refund and adjustment transactions --------------------------

/** The tier a customer holds now: their row's, else the base tier (threshold 0), if any. */
export async function currentTier(q: Scoped, customerId: string): Promise<TierRow | null> {
  const active = await activeTiers(q);
  const row = await heldTierRow(q, customerId);
  return heldTier(active, row?.tier_id);
}

/**
 * The bonus a purchase's base points earn from the tier held when it was made (the purchase
 * that crosses a threshold earns at the old rate). Rounded down, integers only.
 */
export async function tierBonus(
  q: Scoped,
  customerId: string,
  basePoints: number,
): Promise<{ points: number; reason: string } | null> {
  return bonusForTier(await currentTier(q, customerId), basePoints);
}

/** Pure: the tier a customer holds given the active tiers and their row's tier_id. */
export function heldTier(active: TierRow[], tierId: string | null | undefined): TierRow | null {
  if (tierId) return active.find((t) => t.id === tierId) ?? null;
  return active[0]?.threshold === 0 ? active[0] : null;
}

/** Pure: the bonus `basePoints` earn under `tier`'s multiplier, rounded down; null when none. */
export function bonusForTier(
  tier: Pick<TierRow, 'name' | 'multiplier_percent'> | null,
  basePoints: number,
): { points: number; reason: string } | null {
  if (!tier || tier.multiplier_percent === 100 || basePoints <= 0) return null;
  const points = Math.floor((basePoints * (tier.multiplier_percent - 100)) / 100);
  return points > 0 ? { points, reason: `${tier.name} tier ${tier.multiplier_percent}%` } : null;
}

/** The highest level (1-based position in `tiers`) whose threshold the values reach; 0 = none. */
export function earnedLevel(tiers: TierRow[], values: number[] | undefined): number {
  let level = 0;
  tiers.forEach((t, i) => {
    if ((values?.[i] ?? 0) >= t.threshold) level = i + 1;
  });
  return level;
}
