import type { Scoped } from '../../db/scoped';
import type { RequestContext } from '../../shared/context';
import { AppError } from '../../shared/errors';
import { localDate } from '../../shared/time';
import { customersByIds } from '../customers/customers.service';
import { getEarningConfig } from '../ledger/ledger.service';
import type { ProgramRow } from '../programs/programs.repo';
import { programOf } from '../programs/programs.service';
import type { ReplayPurchase } from '../purchases/purchases.repo';
import { replayPurchases, visitStatsBefore } from '../purchases/purchases.service';
import { itemById } from '../rewards/rewards.service';
import { customerTiersByIds } from '../tiers/tiers.service';
import { PURCHASE_TRIGGERS, type RuleEvent } from './rules.conditions';
import { describeConditions, parseDefinition, type RuleDefinition } from './rules.definition';
import { type CompiledRule, compileRule, inActiveWindow, limitSince, plannedGrant } from './rules.engine';
import { ruleCustomer } from './rules.events';
import type { SimulateRewardRuleInput } from './rules.inputs';

const SAMPLE = 20;

export interface SimulationReport {
  purchasesReplayed: number;
  matches: number;
  customersAffected: number;
  points: number;
  rewards: number;
  costPoints: number;
  costMinor: number | null;
  limitHits: number;
  budgetHits: number;
  refundCancels: number;
  /** Per local day (the program's time zone) with a purchase, in date order: for a chart. */
  byDay: SimulationDay[];
  sample: {
    purchaseId: string;
    customerId: string;
    occurredAt: Date;
    points: number;
    rewards: number;
    explanation: string;
  }[];
  elapsedMs: number;
}

export interface SimulationDay {
  day: string;
  purchases: number;
  matches: number;
  points: number;
  rewards: number;
  costPoints: number;
  limitHits: number;
  budgetHits: number;
}

/**
 * Replays the program's purchases in [from, to) against one rule, writing nothing: the same
 * compiled rule and limit arithmetic as live evaluation, with limits and budget kept in
 * memory. Approximations, said in the report's docs: the customer's tier is today's, other
 * rules' exclusivity is not modelled, and a refunded purchase counts as refunded in its window.
 */
export async function simulateRewardRule(
  ctx: RequestContext,
  p: SimulateRewardRuleInput,
): Promise<SimulationReport> {
  const t0 = performance.now();
  const { def, rule } = simulatedRule(p);
  const q = ctx.q;
  const program = await programOf(q);
  const cfg = await getEarningConfig(q);
  const sim: Simulation = {
    def,
    rule,
    program,
    pendingDays: cfg.pendingDays,
    rewardCost: await rewardCostOf(q, def),
    stats: await visitStatsBefore(q, p.from),
    describe: describeConditions(def.conditions, program.currency),
    customers: new Map(),
    applied: new Map(),
    budgetUsed: 0,
    days: new Map(),
    report: emptyReport(),
  };
  const usesLines = JSON.stringify(def.conditions ?? null).includes('"line_matches"');
  await replayPurchases(q, p.from, p.to, { lines: usesLines }, async (page) => {
    await loadCustomers(q, sim.customers, page);
    for (const x of page) replay(sim, x);
  });
  const r = sim.report;
  r.customersAffected = sim.applied.size;
  r.byDay = [...sim.days.values()].sort((a, b) => a.day.localeCompare(b.day));
  if (p.pointValueMinorPer100 != null)
    r.costMinor = Math.floor((r.costPoints * p.pointValueMinorPer100) / 100);
  r.elapsedMs = Math.round(performance.now() - t0);
  return r;
}

interface SimCustomer {
  enrolledAt: Date;
  birthday: string | null;
  tierId: string | null;
}

/** What the replay knows and keeps from one purchase to the next. */
interface Simulation {
  def: RuleDefinition;
  rule: CompiledRule;
  program: ProgramRow;
  pendingDays: number;
  /** Points one reward of the rule's costs. */
  rewardCost: number;
  /** Per customer: visits, spend and the last visit so far (before `from`, then replayed). */
  stats: Map<string, { visits: number; spendMinor: number; lastAt: Date | null }>;
  describe: string;
  customers: Map<string, SimCustomer>;
  /** Per customer, when the rule applied to them (ms), for the per-customer limit. */
  applied: Map<string, number[]>;
  budgetUsed: number;
  days: Map<string, SimulationDay>;
  report: SimulationReport;
}

/** The rule as live evaluation compiles it; a trigger that is not a purchase cannot be replayed. */
function simulatedRule(p: SimulateRewardRuleInput): { def: RuleDefinition; rule: CompiledRule } {
  const def = parseDefinition(p.definition);
  if (!PURCHASE_TRIGGERS.includes(def.trigger.type)) {
    throw AppError.badInput([
      {
        path: 'input.definition.trigger.type',
        message: 'Simulation replays purchases: use a purchase trigger',
      },
    ]);
  }
  const rule = compileRule({
    rule_id: 'simulation',
    id: 'simulation',
    version: 0,
    label: p.label,
    definition: def,
  });
  return { def, rule };
}

/** The points the rule's rewards cost, summed over its ISSUE_REWARD actions. */
async function rewardCostOf(q: Scoped, def: RuleDefinition): Promise<number> {
  let cost = 0;
  for (const a of def.actions) {
    if (a.type === 'ISSUE_REWARD') cost += (await itemById(q, a.args.catalogItemId))?.cost_points ?? 0;
  }
  return cost;
}

function emptyReport(): SimulationReport {
  return {
    purchasesReplayed: 0,
    matches: 0,
    customersAffected: 0,
    points: 0,
    rewards: 0,
    costPoints: 0,
    costMinor: null,
    limitHits: 0,
    budgetHits: 0,
    refundCancels: 0,
    byDay: [],
    sample: [],
    elapsedMs: 0,
  };
}

/** The customers of a page not met before, with today's tier. */
async function loadCustomers(q: Scoped, customers: Map<string, SimCustomer>, page: ReplayPurchase[]) {
  const missing = [...new Set(page.map((x) => x.customer_id))].filter((id) => !customers.has(id));
  if (!missing.length) return;
  const tiers = new Map((await customerTiersByIds(q, missing)).map((t) => [t.customer_id, t.tier_id]));
  for (const c of await customersByIds(q, missing)) {
    customers.set(c.id, { enrolledAt: c.enrolled_at, birthday: c.birthday, tierId: tiers.get(c.id) ?? null });
  }
}

/**
 * One purchase against the rule: no match, or stopped by the per-customer limit, a refund in
 * the return window or the budget (in that order, as live evaluation), or a match counted.
 */
function replay(sim: Simulation, x: ReplayPurchase) {
  const r = sim.report;
  r.purchasesReplayed++;
  const day = dayOf(sim, x.occurred_at);
  day.purchases++;
  const e = purchaseEvent(sim, x);
  sim.stats.set(x.customer_id, {
    visits: e.customer.visitCount,
    spendMinor: e.customer.lifetimeSpendMinor,
    lastAt: e.at,
  });
  if (!sim.rule.matches(e) || !inActiveWindow(sim.rule, e.at)) return;
  const times = sim.applied.get(x.customer_id) ?? [];
  if (overLimit(sim, times, e.at)) {
    r.limitHits++;
    day.limitHits++;
    return;
  }
  // A refund inside the return window cancels the pending thanks and gives the budget back.
  if (sim.def.waitForReturnWindow && sim.pendingDays > 0 && x.refunded) {
    r.refundCancels++;
    return;
  }
  const plan = plannedGrant(sim.rule, e);
  if (!takeBudget(sim, plan)) {
    r.budgetHits++;
    day.budgetHits++;
    return;
  }
  times.push(e.at.getTime());
  sim.applied.set(x.customer_id, times);
  countMatch(sim, day, x, e, plan);
}

/** The chart's row for the purchase's local day, started at zeros. */
function dayOf(sim: Simulation, at: Date): SimulationDay {
  const key = localDate(at, sim.program.time_zone);
  let day = sim.days.get(key);
  if (!day) {
    day = {
      day: key,
      purchases: 0,
      matches: 0,
      points: 0,
      rewards: 0,
      costPoints: 0,
      limitHits: 0,
      budgetHits: 0,
    };
    sim.days.set(key, day);
  }
  return day;
}

/** The event live evaluation would see for this purchase, with the customer's visits before it. */
function purchaseEvent(sim: Simulation, x: ReplayPurchase): RuleEvent {
  const s = sim.stats.get(x.customer_id) ?? { visits: 0, spendMinor: 0, lastAt: null };
  const c = sim.customers.get(x.customer_id)!;
  const at = x.occurred_at;
  return {
    trigger: sim.def.trigger.type,
    at,
    timeZone: sim.program.time_zone,
    currency: sim.program.currency,
    pendingDays: sim.pendingDays,
    customer: ruleCustomer(
      { id: x.customer_id, enrolled_at: c.enrolledAt, birthday: c.birthday },
      c.tierId,
      { visits: s.visits + 1, spendMinor: s.spendMinor + Number(x.total_minor), previousAt: s.lastAt },
      at,
    ),
    purchase: {
      id: x.id,
      totalMinor: Number(x.total_minor),
      storeCode: x.store_code,
      basePoints: Number(x.points_earned),
      lines: x.lines ?? [],
    },
  };
}

/** True when the customer already had the rule as often as its limit allows in the limit's window. */
function overLimit(sim: Simulation, times: number[], at: Date): boolean {
  const per = sim.def.limits.perCustomer;
  if (!per) return false;
  const since = limitSince(sim.rule, at);
  return times.filter((t) => !since || t > since.getTime()).length >= per.times;
}

/** Takes the grant from the budget; false (nothing taken) when it would go over. */
function takeBudget(sim: Simulation, plan: { points: number; rewards: number }): boolean {
  const budget = sim.def.limits.budget;
  if (!budget) return true;
  const amount = budget.kind === 'POINTS' ? plan.points : plan.rewards;
  if (sim.budgetUsed + amount > budget.amount) return false;
  sim.budgetUsed += amount;
  return true;
}

function countMatch(
  sim: Simulation,
  day: SimulationDay,
  x: ReplayPurchase,
  e: RuleEvent,
  plan: { points: number; rewards: number },
) {
  const r = sim.report;
  const cost = plan.points + plan.rewards * sim.rewardCost;
  r.matches++;
  r.points += plan.points;
  r.rewards += plan.rewards;
  r.costPoints += cost;
  day.matches++;
  day.points += plan.points;
  day.rewards += plan.rewards;
  day.costPoints += cost;
  if (r.sample.length < SAMPLE) {
    r.sample.push({
      purchaseId: x.id,
      customerId: x.customer_id,
      occurredAt: e.at,
      points: plan.points,
      rewards: plan.rewards,
      explanation: `Visit ${e.customer.visitCount}, ${sim.describe}`,
    });
  }
}
