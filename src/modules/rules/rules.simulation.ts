import type { RequestContext } from '../../shared/context';
import { AppError, parseInput } from '../../shared/errors';
import { daysBetween, localDate } from '../../shared/time';
import { customersByIds } from '../customers/customers.service';
import { getEarningConfig } from '../ledger/ledger.service';
import { programOf } from '../programs/programs.service';
import { replayPurchases, visitStatsBefore } from '../purchases/purchases.service';
import { itemById } from '../rewards/rewards.service';
import { customerTiersByIds } from '../tiers/tiers.service';
import { PURCHASE_TRIGGERS, type RuleEvent } from './rules.conditions';
import { describeConditions, parseDefinition } from './rules.definition';
import { compileRule, inActiveWindow, limitSince, plannedGrant } from './rules.engine';
import { SimulateRewardRuleInput } from './rules.inputs';

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
export async function simulateRewardRule(ctx: RequestContext, input: unknown): Promise<SimulationReport> {
  const t0 = performance.now();
  const p = parseInput(SimulateRewardRuleInput, input);
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
  const q = ctx.q;
  const program = await programOf(q);
  const cfg = await getEarningConfig(q);
  let rewardCost = 0;
  for (const a of def.actions) {
    if (a.type === 'ISSUE_REWARD') rewardCost += (await itemById(q, a.args.catalogItemId))?.cost_points ?? 0;
  }
  const stats = await visitStatsBefore(q, p.from);
  const usesLines = JSON.stringify(def.conditions ?? null).includes('"line_matches"');
  const customers = new Map<string, { enrolledAt: Date; birthday: string | null; tierId: string | null }>();
  const applied = new Map<string, number[]>();
  const per = def.limits.perCustomer;
  const budget = def.limits.budget;
  const r: SimulationReport = {
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
  let budgetUsed = 0;
  const days = new Map<string, SimulationDay>();
  const describe = describeConditions(def.conditions, program.currency);
  await replayPurchases(q, p.from, p.to, { lines: usesLines }, async (page) => {
    const missing = [...new Set(page.map((x) => x.customer_id))].filter((id) => !customers.has(id));
    if (missing.length) {
      const tiers = new Map((await customerTiersByIds(q, missing)).map((t) => [t.customer_id, t.tier_id]));
      for (const c of await customersByIds(q, missing)) {
        customers.set(c.id, {
          enrolledAt: c.enrolled_at,
          birthday: c.birthday,
          tierId: tiers.get(c.id) ?? null,
        });
      }
    }
    for (const x of page) {
      r.purchasesReplayed++;
      const dayKey = localDate(x.occurred_at, program.time_zone);
      let day = days.get(dayKey);
      if (!day) {
        day = {
          day: dayKey,
          purchases: 0,
          matches: 0,
          points: 0,
          rewards: 0,
          costPoints: 0,
          limitHits: 0,
          budgetHits: 0,
        };
        days.set(dayKey, day);
      }
      day.purchases++;
      const s = stats.get(x.customer_id) ?? { visits: 0, spendMinor: 0, lastAt: null as Date | null };
      const c = customers.get(x.customer_id)!;
      const at = x.occurred_at;
      const e: RuleEvent = {
        trigger: def.trigger.type,
        at,
        timeZone: program.time_zone,
        currency: program.currency,
        pendingDays: cfg.pendingDays,
        customer: {
          id: x.customer_id,
          enrolledAt: c.enrolledAt,
          birthday: c.birthday,
          tierId: c.tierId,
          visitCount: s.visits + 1,
          lifetimeSpendMinor: s.spendMinor + Number(x.total_minor),
          daysSinceLastVisit: s.lastAt ? daysBetween(s.lastAt, at) : null,
        },
        purchase: {
          id: x.id,
          totalMinor: Number(x.total_minor),
          storeCode: x.store_code,
          basePoints: Number(x.points_earned),
          lines: x.lines ?? [],
        },
      };
      stats.set(x.customer_id, {
        visits: s.visits + 1,
        spendMinor: e.customer.lifetimeSpendMinor,
        lastAt: at,
      });
      if (!rule.matches(e) || !inActiveWindow(rule, at)) continue;
      const times = applied.get(x.customer_id) ?? [];
      if (per) {
        const since = limitSince(rule, at);
        if (times.filter((t) => !since || t > since.getTime()).length >= per.times) {
          r.limitHits++;
          day.limitHits++;
          continue;
        }
      }
      // A refund inside the return window cancels the pending thanks and gives the budget back.
      if (def.waitForReturnWindow && cfg.pendingDays > 0 && x.refunded) {
        r.refundCancels++;
        continue;
      }
      const plan = plannedGrant(rule, e);
      if (budget) {
        const amount = budget.kind === 'POINTS' ? plan.points : plan.rewards;
        if (budgetUsed + amount > budget.amount) {
          r.budgetHits++;
          day.budgetHits++;
          continue;
        }
        budgetUsed += amount;
      }
      r.matches++;
      times.push(at.getTime());
      applied.set(x.customer_id, times);
      r.points += plan.points;
      r.rewards += plan.rewards;
      r.costPoints += plan.points + plan.rewards * rewardCost;
      day.matches++;
      day.points += plan.points;
      day.rewards += plan.rewards;
      day.costPoints += plan.points + plan.rewards * rewardCost;
      if (r.sample.length < SAMPLE) {
        r.sample.push({
          purchaseId: x.id,
          customerId: x.customer_id,
          occurredAt: at,
          points: plan.points,
          rewards: plan.rewards,
          explanation: `Visit ${e.customer.visitCount}, ${describe}`,
        });
      }
    }
  });
  r.customersAffected = applied.size;
  r.byDay = [...days.values()].sort((a, b) => a.day.localeCompare(b.day));
  if (p.pointValueMinorPer100 != null)
    r.costMinor = Math.floor((r.costPoints * p.pointValueMinorPer100) / 100);
  r.elapsedMs = Math.round(performance.now() - t0);
  return r;
}
