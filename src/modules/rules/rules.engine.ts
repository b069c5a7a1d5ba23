import { createHash } from 'node:crypto';
import type { Scoped } from '../../db/scoped';
import { createLogger, currentLog } from '../../logger';
import type { RequestContext } from '../../shared/context';
import { DAY_MS } from '../../shared/time';
import { createTask } from '../feedback/follow-up';
import { creditPoints } from '../ledger/ledger.service';
import { queueMessage } from '../messaging/messaging.service';
import { grantReward } from '../rewards/rewards.service';
import { awardedPoints } from './rules.actions';
import type { RuleEvent, TriggerCode } from './rules.conditions';
import { compileConditions, parseDefinition, type RuleDefinition, triggerMatches } from './rules.definition';
import {
  activeRuleVersions,
  applicationsSince,
  cancelPendingFor,
  insertApplication,
  insertHoldout,
  lockDuePending,
  markApplication,
  recordRuleError,
  returnBudget,
  revision,
  takeBudget,
  versionById,
} from './rules.repo';

const fallbackLog = createLogger('info');

export interface CompiledRule {
  ruleId: string;
  versionId: string;
  version: number;
  label: string;
  def: RuleDefinition;
  matches(e: RuleEvent): boolean;
}

export function compileRule(v: {
  rule_id: string;
  id: string;
  version: number;
  label: string;
  definition: unknown;
}) {
  const def = parseDefinition(v.definition, ['definition']);
  const cond = compileConditions(def.conditions);
  return {
    ruleId: v.rule_id,
    versionId: v.id,
    version: v.version,
    label: v.label,
    def,
    matches: (e: RuleEvent) => triggerMatches(def, e) && cond(e),
  } satisfies CompiledRule;
}

// Compiled active rules per program, in this process. Every evaluation reads the program's
// rule revision (one indexed row) and recompiles when it moved: a change made through any
// process is seen by the next purchase everywhere, without LISTEN/NOTIFY.
const cache = new Map<string, { revision: number; rules: CompiledRule[] }>();

export async function compiledRules(q: Scoped): Promise<CompiledRule[]> {
  const rev = await revision(q);
  const hit = cache.get(q.programId);
  if (hit && hit.revision === rev) return hit.rules;
  const rows = await activeRuleVersions(q);
  rows.sort((a, b) => b.priority - a.priority || a.created.getTime() - b.created.getTime());
  const rules = rows.map((v) => {
    try {
      return compileRule(v);
    } catch (err) {
      // A stored definition this release cannot read fails alone, in the rule's health.
      const def = { trigger: { type: (v.definition as RuleDefinition)?.trigger?.type } } as RuleDefinition;
      const fail = () => {
        throw err;
      };
      return { ruleId: v.rule_id, versionId: v.id, version: v.version, label: v.label, def, matches: fail };
    }
  });
  cache.set(q.programId, { revision: rev, rules });
  return rules;
}

/** What a rule would give for an event, before limits: pure, shared with the simulator. */
export function plannedGrant(r: CompiledRule, e: RuleEvent): { points: number; rewards: number } {
  let points = 0;
  let rewards = 0;
  for (const a of r.def.actions) {
    if (a.type === 'AWARD_POINTS') points += awardedPoints(a.args, e.purchase?.basePoints ?? 0);
    if (a.type === 'ISSUE_REWARD') rewards++;
  }
  return { points, rewards };
}

export function inActiveWindow(r: CompiledRule, at: Date): boolean {
  const { activeFrom, activeUntil } = r.def.limits ?? {};
  return (!activeFrom || at >= activeFrom) && (!activeUntil || at < activeUntil);
}

/** Since when the per-customer limit counts applications; null = ever. */
export function limitSince(r: CompiledRule, at: Date): Date | null {
  const days = r.def.limits.perCustomer?.periodDays;
  return days ? new Date(at.getTime() - days * DAY_MS) : null;
}

/**
 * Whether a customer is in a rule's holdout: the first 32 bits of sha256(rule, customer) in
 * [0, 2^32) against percent of the range. The same for every purchase and every process.
 */
export function isHeldOut(ruleId: string, customerId: string, percent: number): boolean {
  const h = createHash('sha256').update(`${ruleId}:${customerId}`).digest().readUInt32BE(0);
  return h < (percent / 100) * 2 ** 32;
}

export type SkipReason = 'NO_MATCH' | 'LIMIT' | 'BUDGET' | 'ALREADY' | 'UNAVAILABLE';
class Skip extends Error {
  constructor(readonly reason: SkipReason) {
    super(reason);
  }
}

export interface Applied {
  ruleId: string;
  versionId: string;
  points: number;
  rewardIds: string[];
}

/**
 * Applies one rule inside a savepoint of the caller's transaction. Returns null when the rule
 * does not act (no match, a limit, the budget, already given this period).
 */
async function applyRule(
  ctx: RequestContext,
  q: Scoped,
  r: CompiledRule,
  e: RuleEvent,
  periodKey: string | null,
): Promise<Applied | null> {
  if (!r.matches(e) || !inActiveWindow(r, e.at)) return null;
  const per = r.def.limits.perCustomer;
  if (per && (await applicationsSince(q, r.ruleId, e.customer.id, limitSince(r, e.at))) >= per.times)
    return null;
  // Held out: recorded as "would have matched", given nothing (and no budget taken).
  if (r.def.holdoutPercent > 0 && isHeldOut(r.ruleId, e.customer.id, r.def.holdoutPercent)) {
    await insertHoldout(q, {
      rule_id: r.ruleId,
      rule_version_id: r.versionId,
      customer_id: e.customer.id,
      purchase_id: e.purchase?.id ?? null,
      held_at: e.at,
    });
    return null;
  }
  const plan = plannedGrant(r, e);
  const budget = r.def.limits.budget;
  if (budget) {
    const amount = budget.kind === 'POINTS' ? plan.points : plan.rewards;
    if (amount > 0 && !(await takeBudget(q, r.ruleId, amount, budget.amount))) throw new Skip('BUDGET');
  }
  // Returns-aware: wait for the return window when the purchase has one; a refund cancels.
  const dueAt =
    r.def.waitForReturnWindow && e.purchase && e.pendingDays
      ? new Date(e.at.getTime() + e.pendingDays * DAY_MS)
      : null;
  const fresh = await insertApplication(q, {
    rule_id: r.ruleId,
    rule_version_id: r.versionId,
    customer_id: e.customer.id,
    purchase_id: e.purchase?.id ?? null,
    period_key: periodKey,
    points: plan.points,
    rewards: plan.rewards,
    applied_at: e.at,
    status: dueAt ? 'PENDING' : 'DONE',
    due_at: dueAt,
    base_points: e.purchase?.basePoints ?? 0,
  });
  if (!fresh) throw new Skip('ALREADY');
  const rewardIds = dueAt
    ? []
    : await executeActions(ctx, q, r, {
        customerId: e.customer.id,
        purchaseId: e.purchase?.id ?? null,
        basePoints: e.purchase?.basePoints ?? 0,
        dedupe: e.purchase?.id ?? periodKey ?? e.at.toISOString(),
      });
  return { ruleId: r.ruleId, versionId: r.versionId, points: plan.points, rewardIds };
}

/** Carries out a rule's actions for one customer; returns the rewards issued. */
async function executeActions(
  ctx: RequestContext,
  q: Scoped,
  r: CompiledRule,
  t: { customerId: string; purchaseId: string | null; basePoints: number; dedupe: string },
): Promise<string[]> {
  const rewardIds: string[] = [];
  const at = ctx.clock.now();
  for (const a of r.def.actions) {
    switch (a.type) {
      case 'AWARD_POINTS': {
        const points = awardedPoints(a.args, t.basePoints);
        if (points > 0) {
          await creditPoints(ctx, q, {
            customerId: t.customerId,
            points,
            kind: 'BONUS',
            reason: r.label,
            ruleVersionId: r.versionId,
          });
        }
        break;
      }
      case 'ISSUE_REWARD': {
        const id = await grantReward(ctx, q, {
          customerId: t.customerId,
          catalogItemId: a.args.catalogItemId,
          ruleVersionId: r.versionId,
          label: r.label,
        });
        // Out of stock or retired: give nothing of this rule (the savepoint undoes the rest).
        if (!id) throw new Skip('UNAVAILABLE');
        rewardIds.push(id);
        break;
      }
      case 'SEND_MESSAGE':
        await queueMessage(q, at, {
          customerId: t.customerId,
          kind: 'THANK_YOU',
          templateKey: a.args.templateKey,
          channel: a.args.channel,
          data: { label: r.label, ruleVersionId: r.versionId, purchaseId: t.purchaseId },
          dedupeKey: `rule:${r.versionId}:${t.dedupe}:${t.customerId}`,
        });
        break;
      case 'CREATE_TASK':
        // A follow-up task like any other (assign, comment, resolve, SLA); one per firing.
        await createTask(q, at, {
          kind: 'RULE',
          customer_id: t.customerId,
          purchase_id: t.purchaseId,
          title: a.args.title,
          rule_version_id: r.versionId,
          source_key: `rule:${r.versionId}:${t.dedupe}:${t.customerId}`,
        });
        break;
    }
  }
  return rewardIds;
}

/**
 * Carries out pending applications whose return window has passed, one savepoint each: a
 * reward out of stock or a failing action skips that one (counted in the rule's health).
 */
export async function runDuePending(ctx: RequestContext, q: Scoped, limit = 500): Promise<number> {
  let done = 0;
  for (const row of await lockDuePending(q, ctx.clock.now(), limit)) {
    const v = await versionById(q, row.rule_version_id);
    try {
      await q.transaction(async (sq) => {
        await executeActions({ ...ctx, q: sq }, sq, compileRule(v!), {
          customerId: row.customer_id,
          purchaseId: row.purchase_id,
          basePoints: row.base_points,
          dedupe: row.purchase_id ?? String(row.id),
        });
      });
      done++;
    } catch (err) {
      if (!(err instanceof Skip)) {
        currentLog(fallbackLog).error({ err, ruleId: row.rule_id }, 'pending reward rule failed');
        await recordRuleError(
          q,
          row.rule_id,
          err instanceof Error ? err.message : String(err),
          ctx.clock.now(),
        );
      }
    }
    await markApplication(q, row.id, 'DONE');
  }
  return done;
}

/** A refund inside the return window cancels what the purchase's pending rules would give. */
export async function cancelPendingRules(q: Scoped, purchaseId: string): Promise<void> {
  for (const row of await cancelPendingFor(q, purchaseId)) {
    const v = await versionById(q, row.rule_version_id);
    const budget = (v?.definition as RuleDefinition | undefined)?.limits?.budget;
    if (budget) await returnBudget(q, row.rule_id, budget.kind === 'POINTS' ? row.points : row.rewards);
  }
}

/**
 * Evaluates the program's active rules for one event, highest priority first, inside the
 * caller's transaction. Each rule runs in its own savepoint: a rule that throws is logged,
 * counted in its health and skipped, and never loses the purchase. An exclusive rule that
 * acts stops the rules below it.
 */
export async function evaluateRules(
  ctx: RequestContext,
  q: Scoped,
  e: RuleEvent,
  opts: { periodKey?: string; triggers?: readonly TriggerCode[] } = {},
): Promise<Applied[]> {
  // All purchase triggers share one priority order, so exclusivity spans them.
  const triggers = opts.triggers ?? [e.trigger];
  const rules = (await compiledRules(q)).filter((r) => triggers.includes(r.def.trigger.type));
  const out: Applied[] = [];
  for (const r of rules) {
    try {
      // A Skip thrown inside also rolls the savepoint back (budget taken, application row).
      const applied = await q.transaction((sq) =>
        applyRule({ ...ctx, q: sq }, sq, r, { ...e, trigger: r.def.trigger.type }, opts.periodKey ?? null),
      );
      if (!applied) continue;
      out.push(applied);
      if (r.def.exclusive) break;
    } catch (err) {
      if (err instanceof Skip) continue;
      const message = err instanceof Error ? err.message : String(err);
      currentLog(fallbackLog).error({ err, ruleId: r.ruleId, version: r.version }, 'reward rule failed');
      await recordRuleError(q, r.ruleId, message, ctx.clock.now());
    }
  }
  return out;
}
