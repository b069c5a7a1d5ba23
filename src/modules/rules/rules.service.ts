import type { Knex } from 'knex';
import type { RequestContext } from '../../shared/context';
import { AppError, parseInput } from '../../shared/errors';
import { recordAudit } from '../audit/audit.repo';
import { findProgramById } from '../programs/programs.repo';
import { describeConditions, parseDefinition } from './rules.definition';
import {
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

export function rewardRules(ctx: RequestContext): Promise<RuleRow[]> {
  return listRules(ctx.q);
}

export async function rewardRule(ctx: RequestContext, id: string): Promise<RuleRow | null> {
  return (await ruleById(ctx.q, id)) ?? null;
}

async function currency(ctx: RequestContext): Promise<string> {
  return (await findProgramById(ctx.q.knex as Knex, ctx.programId))?.currency ?? 'USD';
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

/** Validates without saving; returns the human reading of the conditions. */
export async function validateRewardRule(ctx: RequestContext, input: unknown) {
  const p = parseInput(ValidateRewardRuleInput, input);
  const def = parseDefinition(p.definition);
  return { valid: true, conditions: describeConditions(def.conditions, await currency(ctx)) };
}

export async function createRewardRule(ctx: RequestContext, input: unknown): Promise<RuleRow> {
  const p = parseInput(CreateRewardRuleInput, input);
  const def = parseDefinition(p.definition);
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
export async function updateRewardRule(ctx: RequestContext, input: unknown): Promise<RuleRow> {
  const p = parseInput(UpdateRewardRuleInput, input);
  const def = p.definition === undefined ? undefined : parseDefinition(p.definition);
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
  input: unknown,
): Promise<RuleRow> {
  const p = parseInput(RuleIdInput, input);
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
