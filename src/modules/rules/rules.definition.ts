import { z } from 'zod';
import { AppError, type InputIssue } from '../../shared/errors';
import { ACTIONS, type ActionCode, parseAction, type RuleAction } from './rules.actions';
import { CONDITION_BY_CODE, type RuleEvent, TRIGGERS, type TriggerCode } from './rules.conditions';

/** A tree past these limits is refused: evaluation cost must stay bounded per purchase. */
export const MAX_NODES = 100;
export const MAX_DEPTH = 10;

/** Trigger arguments, by trigger; listed by the catalogue so a console can build forms. */
export const TRIGGER_ARGS = {
  PURCHASE_RECORDED: { args: z.object({}), description: 'Every recorded purchase' },
  CUSTOMER_ENROLLED: { args: z.object({}), description: 'A customer enrols (once per customer)' },
  TIER_CHANGED: {
    args: z.object({ toTierId: z.uuid().optional() }),
    description: 'A customer moves to another tier (to a given tier, if set)',
  },
  VISIT_MILESTONE: {
    args: z.object({ visit: z.number().int().min(1).max(100_000) }),
    description: 'The purchase that is the customer’s Nth visit',
  },
  RETURN_AFTER_ABSENCE: {
    args: z.object({ days: z.number().int().min(1).max(3650) }),
    description: 'The first purchase after at least N days without one',
  },
  BIRTHDAY: { args: z.object({}), description: 'The customer’s birthday (daily, program time)' },
  ENROLLMENT_ANNIVERSARY: {
    args: z.object({}),
    description: 'The anniversary of enrolment (daily, program time)',
  },
} as const satisfies Record<TriggerCode, { args: z.ZodType; description: string }>;

/** A rule's trigger with its parsed args, typed by trigger (as RuleAction is by action). */
export type RuleTrigger = {
  [K in TriggerCode]: { type: K; args: z.infer<(typeof TRIGGER_ARGS)[K]['args']> };
}[TriggerCode];

const Action = z.object({ type: z.enum(Object.keys(ACTIONS) as [ActionCode]), args: z.unknown() });

export const Limits = z
  .object({
    perCustomer: z
      .object({
        times: z.number().int().positive(),
        /** null = ever. */
        periodDays: z.number().int().positive().max(3660).nullable(),
      })
      .optional(),
    budget: z.object({ kind: z.enum(['POINTS', 'REWARDS']), amount: z.number().int().positive() }).optional(),
    activeFrom: z.coerce.date().optional(),
    activeUntil: z.coerce.date().optional(),
  })
  .refine((l) => !l.activeFrom || !l.activeUntil || l.activeFrom < l.activeUntil, {
    message: 'activeUntil must be after activeFrom',
    path: ['activeUntil'],
  });

/** A rule's definition as stored in rule_versions.definition (JSON). */
export const RuleDefinitionShape = z.object({
  trigger: z.object({ type: z.enum(TRIGGERS), args: z.unknown().optional() }),
  conditions: z.unknown().optional(),
  actions: z.array(Action).min(1).max(10),
  limits: Limits.optional(),
  priority: z.number().int().min(-1000).max(1000).default(0),
  exclusive: z.boolean().default(false),
  /** Act only once the purchase's return window (pendingDays) has passed; a refund cancels. */
  waitForReturnWindow: z.boolean().default(false),
  /**
   * Percent (0–50) of eligible customers held out: chosen by a hash of rule and customer, so
   * the same customer is always in the same group; recorded when they would have matched,
   * given nothing. The rule's effect report compares them with the treated (issue 14).
   */
  holdoutPercent: z.number().int().min(0, 'Must be 0–50').max(50, 'Must be 0–50').default(0),
});

export type ConditionNode =
  | { all: ConditionNode[] }
  | { any: ConditionNode[] }
  | { not: ConditionNode }
  | { condition: string; args?: unknown };

export interface RuleDefinition {
  trigger: RuleTrigger;
  conditions: ConditionNode | null;
  actions: RuleAction[];
  limits: z.infer<typeof Limits>;
  priority: number;
  exclusive: boolean;
  waitForReturnWindow: boolean;
  holdoutPercent: number;
}

const zodIssues = (e: z.ZodError, path: (string | number)[]): InputIssue[] =>
  e.issues.map((i) => ({ path: [...path, ...i.path].join('.'), message: i.message }));

type Path = (string | number)[];
/** Parses args with a schema; on failure records the issues under `path` and gives undefined. */
type ArgsParser = <T>(schema: z.ZodType<T>, v: unknown, path: Path) => T | undefined;

function argsParser(issues: InputIssue[]): ArgsParser {
  return (schema, v, path) => {
    const r = schema.safeParse(v ?? {});
    if (r.success) return r.data;
    issues.push(...zodIssues(r.error, path));
    return undefined;
  };
}

/**
 * The condition tree, checked node by node: issues are collected with their paths (a tree too
 * big is reported first). Null when the rule has no conditions.
 */
function parseConditions(
  raw: unknown,
  prefix: Path,
  issues: InputIssue[],
  typed: ArgsParser,
): ConditionNode | null {
  if (raw == null) return null;
  let nodes = 0;
  const walk = (n: unknown, path: (string | number)[], depth: number): ConditionNode | null => {
    nodes++;
    if (nodes > MAX_NODES) return null;
    if (depth > MAX_DEPTH) {
      issues.push({ path: path.join('.'), message: `Conditions may nest at most ${MAX_DEPTH} deep` });
      return null;
    }
    if (typeof n !== 'object' || n === null || Array.isArray(n) || Object.keys(n).length === 0) {
      issues.push({
        path: path.join('.'),
        message: 'Expected { all }, { any }, { not } or { condition, args }',
      });
      return null;
    }
    const o = n as Record<string, unknown>;
    for (const op of ['all', 'any'] as const) {
      if (op in o) {
        if (!Array.isArray(o[op]) || (o[op] as unknown[]).length === 0) {
          issues.push({ path: [...path, op].join('.'), message: 'Expected a non-empty list' });
          return null;
        }
        const kids = (o[op] as unknown[]).map((k, i) => walk(k, [...path, op, i], depth + 1));
        return { [op]: kids } as ConditionNode;
      }
    }
    if ('not' in o) return { not: walk(o.not, [...path, 'not'], depth + 1)! };
    if (typeof o.condition !== 'string') {
      issues.push({
        path: path.join('.'),
        message: 'Expected { all }, { any }, { not } or { condition, args }',
      });
      return null;
    }
    const def = CONDITION_BY_CODE.get(o.condition);
    if (!def) {
      issues.push({ path: [...path, 'condition'].join('.'), message: `Unknown condition "${o.condition}"` });
      return null;
    }
    return { condition: def.code, args: typed(def.args, o.args, [...path, 'args']) };
  };
  const conditions = walk(raw, [...prefix, 'conditions'], 1);
  if (nodes > MAX_NODES) {
    issues.unshift({
      path: [...prefix, 'conditions'].join('.'),
      message: `A condition tree may have at most ${MAX_NODES} nodes`,
    });
  }
  return conditions;
}

/**
 * Parses a definition, collecting every issue with its path (`input.definition.conditions.all.2.args.days`),
 * and returns the normalised definition with typed args. Throws BAD_USER_INPUT.
 */
export function parseDefinition(
  raw: unknown,
  prefix: (string | number)[] = ['input', 'definition'],
): RuleDefinition {
  const shape = RuleDefinitionShape.safeParse(raw);
  if (!shape.success) throw AppError.badInput(zodIssues(shape.error, prefix));
  const d = shape.data;
  const issues: InputIssue[] = [];
  const typed = argsParser(issues);
  const triggerArgs = typed<unknown>(TRIGGER_ARGS[d.trigger.type].args, d.trigger.args, [
    ...prefix,
    'trigger',
    'args',
  ]);
  const actions = d.actions.map((a, i): RuleAction => {
    const r = parseAction(a.type, a.args);
    if (r.ok) return r.action;
    issues.push(...zodIssues(r.error, [...prefix, 'actions', i, 'args']));
    return { type: a.type, args: {} } as RuleAction; // never returned: the issues throw below
  });
  if (actions.some((a) => a.type === 'AWARD_POINTS' && a.args.percentOfBase != null)) {
    if (!['PURCHASE_RECORDED', 'VISIT_MILESTONE', 'RETURN_AFTER_ABSENCE'].includes(d.trigger.type)) {
      issues.push({
        path: [...prefix, 'actions'].join('.'),
        message: 'percentOfBase needs a purchase trigger',
      });
    }
  }
  const budget = d.limits?.budget;
  if (budget?.kind === 'REWARDS' && !actions.some((a) => a.type === 'ISSUE_REWARD')) {
    issues.push({ path: [...prefix, 'limits.budget.kind'].join('.'), message: 'The rule issues no rewards' });
  }
  if (budget?.kind === 'POINTS' && !actions.some((a) => a.type === 'AWARD_POINTS')) {
    issues.push({ path: [...prefix, 'limits.budget.kind'].join('.'), message: 'The rule awards no points' });
  }
  const conditions = parseConditions(d.conditions, prefix, issues, typed);
  if (issues.length) throw AppError.badInput(issues);
  return {
    // Parsed by its trigger's own schema just above: the pair is that trigger's.
    trigger: { type: d.trigger.type, args: triggerArgs ?? {} } as RuleTrigger,
    conditions,
    actions,
    limits: d.limits ?? {},
    priority: d.priority,
    exclusive: d.exclusive,
    waitForReturnWindow: d.waitForReturnWindow,
    holdoutPercent: d.holdoutPercent,
  };
}

/** Compiles a (validated) tree into a predicate; the explanation lists what matched. */
export function compileConditions(n: ConditionNode | null): (e: RuleEvent) => boolean {
  if (!n) return () => true;
  if ('all' in n) {
    const kids = n.all.map(compileConditions);
    return (e) => kids.every((k) => k(e));
  }
  if ('any' in n) {
    const kids = n.any.map(compileConditions);
    return (e) => kids.some((k) => k(e));
  }
  if ('not' in n) {
    const kid = compileConditions(n.not);
    return (e) => !kid(e);
  }
  const def = CONDITION_BY_CODE.get(n.condition)!;
  return (e) => def.check(e, n.args);
}

export function describeConditions(n: ConditionNode | null, currency: string): string {
  if (!n) return 'always';
  if ('all' in n) return n.all.map((k) => describeConditions(k, currency)).join(' and ');
  if ('any' in n) return `(${n.any.map((k) => describeConditions(k, currency)).join(' or ')})`;
  if ('not' in n) return `not (${describeConditions(n.not, currency)})`;
  return CONDITION_BY_CODE.get(n.condition)!.describe(n.args, currency);
}

/** Whether the trigger fires for this event, given its args. */
export function triggerMatches(d: RuleDefinition, e: RuleEvent): boolean {
  const t = d.trigger;
  switch (t.type) {
    case 'VISIT_MILESTONE':
      return e.customer.visitCount === t.args.visit;
    case 'RETURN_AFTER_ABSENCE':
      return e.customer.daysSinceLastVisit !== null && e.customer.daysSinceLastVisit >= t.args.days;
    case 'TIER_CHANGED':
      return !t.args.toTierId || e.tierChange?.toTierId === t.args.toTierId;
    default:
      return true;
  }
}

export function catalogue() {
  const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' });
  return {
    triggers: TRIGGERS.map((code) => ({
      code,
      description: TRIGGER_ARGS[code].description,
      argsSchema: schema(TRIGGER_ARGS[code].args),
    })),
    conditions: [...CONDITION_BY_CODE.values()].map((c) => ({
      code: c.code,
      description: c.code.replaceAll('_', ' '),
      argsSchema: schema(c.args),
    })),
    actions: (Object.keys(ACTIONS) as ActionCode[]).map((code) => ({
      code,
      description: ACTIONS[code].description,
      argsSchema: schema(ACTIONS[code].args),
    })),
  };
}
