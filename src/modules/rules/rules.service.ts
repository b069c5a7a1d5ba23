import type { Scoped } from '../../db/scoped';
import type { RequestContext } from '../../shared/context';
import { AppError, type InputIssue } from '../../shared/errors';
import { recordAudit } from '../audit/audit.service';
import { programOf } from '../programs/programs.service';
import { itemById } from '../rewards/rewards.service';
import { tiersByIds } from '../tiers/tiers.service';
import { describeConditions, parseDefinition, type RuleDefinition } from './rules.definition';
import type {
  CreateRewardRuleInput,
  RuleIdInput,
  UpdateRewardRuleInput,
  ValidateRewardRuleInput,
} from './rules.inputs';
import {
  bumpRevision,
  currentVersion,
  insertRule,
  insertVersion,
  listRules,
  lockRule,
  type RuleRow,
  type RuleStatus,
  replaceVersion,
  ruleById,
  updateRule,
} from './rules.repo';

// Reads the API makes (resolvers call the service, never the repo).
export { currentVersion, versionsOf } from './rules.repo';

export function rewardRules(ctx: RequestContext): Promise<RuleRow[]> {
  return listRules(ctx.q);
}

export async function rewardRule(ctx: RequestContext, id: string): Promise<RuleRow | null> {
  return (await ruleById(ctx.q, id)) ?? null;
}

async function currency(ctx: RequestContext): Promise<string> {
  return (await programOf(ctx.q)).currency;
}

/** The human reading of a rule's current conditions; a definition that no longer parses says so. */
export async function ruleConditions(ctx: RequestContext, rule: RuleRow): Promise<string> {
  try {
    const def = parseDefinition((await currentVersion(ctx.q, rule)).definition, ['definition']);
    return describeConditions(def.conditions, await currency(ctx));
  } catch {
    return '(definition unreadable: see health)';
  }
}

/**
 * Ids a definition names must be this program's: the scoped lookups cannot see another
 * program's rows, so a foreign id is refused here instead of saving a rule that issues nothing.
 */
async function referenceIssues(q: Scoped, def: RuleDefinition, prefix: string): Promise<InputIssue[]> {
  const issues: InputIssue[] = [];
  for (const [i, a] of def.actions.entries()) {
    if (a.type !== 'ISSUE_REWARD') continue;
    if (!(await itemById(q, a.args.catalogItemId)))
      issues.push({
        path: `${prefix}.actions.${i}.args.catalogItemId`,
        message: 'No catalogue item with this id in this program',
      });
  }
  const toTierId = def.trigger.type === 'TIER_CHANGED' ? def.trigger.args.toTierId : undefined;
  if (toTierId && !(await tiersByIds(q, [toTierId])).length)
    issues.push({ path: `${prefix}.trigger.args.toTierId`, message: 'No tier with this id in this program' });
  return issues;
}

async function checkReferences(q: Scoped, def: RuleDefinition) {
  const issues = await referenceIssues(q, def, 'input.definition');
  if (issues.length) throw AppError.badInput(issues);
}

/** Validates without saving; returns the human reading of the conditions. */
export async function validateRewardRule(ctx: RequestContext, p: ValidateRewardRuleInput) {
  const def = parseDefinition(p.definition);
  await checkReferences(ctx.q, def);
  return { valid: true, conditions: describeConditions(def.conditions, await currency(ctx)) };
}

export async function createRewardRule(ctx: RequestContext, p: CreateRewardRuleInput): Promise<RuleRow> {
  const def = parseDefinition(p.definition);
  await checkReferences(ctx.q, def);
  const at = ctx.clock.now();
  return ctx.q.transaction(async (q) => {
    const rule = await insertRule(
      q,
      { name: p.name, status: 'DRAFT', trigger: def.trigger.type, priority: def.priority },
      at,
    );
    await insertVersion(q, { rule_id: rule.id, version: 1, label: p.label, definition: def }, at);
    await recordAudit(q, ctx.actor, at, {
      action: 'rule.create',
      targetType: 'reward_rule',
      targetId: rule.id,
      details: { name: p.name, label: p.label, definition: def },
    });
    return rule;
  });
}

/**
 * Edits a rule. A draft is edited in place; an active or paused rule publishes a new
 * immutable version, so what was given under the old version still names it.
 */
export async function updateRewardRule(ctx: RequestContext, p: UpdateRewardRuleInput): Promise<RuleRow> {
  const def = p.definition === undefined ? undefined : parseDefinition(p.definition);
  if (def) await checkReferences(ctx.q, def);
  const at = ctx.clock.now();
  return ctx.q.transaction(async (q) => {
    const rule = await lockRule(q, p.id);
    if (!rule) throw AppError.notFound('Reward rule');
    if (rule.status === 'ARCHIVED') {
      throw AppError.badInput([{ path: 'input.id', message: 'An archived rule cannot be changed' }]);
    }
    const current = await currentVersion(q, rule);
    const next = { label: p.label ?? current.label, definition: def ?? current.definition };
    let version = rule.version;
    if (rule.status === 'DRAFT') await replaceVersion(q, rule.id, version, next);
    else await insertVersion(q, { rule_id: rule.id, version: ++version, ...next }, at);
    const saved = await updateRule(
      q,
      rule.id,
      {
        name: p.name ?? rule.name,
        version,
        ...(def ? { trigger: def.trigger.type, priority: def.priority } : {}),
      },
      at,
    );
    await bumpRevision(q);
    await recordAudit(q, ctx.actor, at, {
      action: 'rule.update',
      targetType: 'reward_rule',
      targetId: rule.id,
      details: { version, name: p.name, label: p.label, definition: def },
    });
    return saved;
  });
}

const MOVES: Record<string, { from: RuleStatus[]; to: RuleStatus }> = {
  activate: { from: ['DRAFT', 'PAUSED'], to: 'ACTIVE' },
  pause: { from: ['ACTIVE'], to: 'PAUSED' },
  archive: { from: ['DRAFT', 'ACTIVE', 'PAUSED'], to: 'ARCHIVED' },
};

export async function moveRewardRule(
  ctx: RequestContext,
  move: keyof typeof MOVES,
  p: RuleIdInput,
): Promise<RuleRow> {
  const { from, to } = MOVES[move]!;
  const at = ctx.clock.now();
  return ctx.q.transaction(async (q) => {
    const rule = await lockRule(q, p.id);
    if (!rule) throw AppError.notFound('Reward rule');
    if (!from.includes(rule.status)) {
      throw AppError.badInput([
        { path: 'input.id', message: `This rule is ${rule.status.toLowerCase()}: it cannot ${move}` },
      ]);
    }
    if (to === 'ACTIVE') {
      // A rule saved before references were checked: refuse to switch on one that issues nothing.
      const def = parseDefinition((await currentVersion(q, rule)).definition, ['definition']);
      const issues = await referenceIssues(q, def, 'definition');
      if (issues.length)
        throw AppError.badInput(
          issues.map((i) => ({ path: 'input.id', message: `${i.path}: ${i.message}` })),
        );
    }
    const saved = await updateRule(q, rule.id, { status: to }, at);
    await bumpRevision(q);
    await recordAudit(q, ctx.actor, at, {
      action: `rule.${move}`,
      targetType: 'reward_rule',
      targetId: rule.id,
      details: { from: rule.status, to, version: rule.version },
    });
    return saved;
  });
}
