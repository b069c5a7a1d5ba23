import type { Knex } from 'knex';
import type { z } from 'zod';
import { type Scoped, scoped } from '../../db/scoped';
import { CronPayload, defineJob, type JobDeps } from '../../jobs/job';
import type { RequestContext } from '../../shared/context';
import { daysBetween, localDate } from '../../shared/time';
import { customerIdsOnDay, customersByIds } from '../customers/customers.service';
import { allPrograms, findProgram } from '../programs/programs.service';
import { customerVisitStats } from '../purchases/purchases.service';
import type { tierChangedJob } from '../tiers/tiers.jobs-contract';
import { currentTier } from '../tiers/tiers.service';
import type { RuleEvent, TriggerCode } from './rules.conditions';
import { compiledRules, evaluateRules, runDuePending } from './rules.engine';

const systemCtx = (deps: JobDeps, programId: string, id: string): RequestContext => ({
  programId,
  q: scoped(deps.db, programId),
  viewer: null,
  actor: { kind: 'system', id, role: null },
  clock: deps.clock,
});

/** The facts of a customer at `at`, for triggers that are not a purchase. */
async function customerEvent(
  q: Scoped,
  customerId: string,
  trigger: TriggerCode,
  at: Date,
  program: { time_zone: string; currency: string },
): Promise<RuleEvent | null> {
  const [c] = await customersByIds(q, [customerId]);
  if (!c) return null;
  const stats = await customerVisitStats(q, customerId, at);
  return {
    trigger,
    at,
    timeZone: program.time_zone,
    currency: program.currency,
    customer: {
      id: c.id,
      enrolledAt: c.enrolled_at,
      birthday: c.birthday,
      tierId: (await currentTier(q, c.id))?.id ?? null,
      visitCount: stats.visits,
      lifetimeSpendMinor: stats.spendMinor,
      daysSinceLastVisit: stats.previousAt ? daysBetween(stats.previousAt, at) : null,
    },
  };
}

/**
 * Birthday and enrolment-anniversary rules for one program's local today. Each customer's
 * application carries `birthday:<year>` as its period key, so a second run the same day (or
 * year) gives nothing twice. Each customer is one transaction.
 */
export async function runDailyRules(deps: JobDeps, programId: string): Promise<number> {
  const ctx = systemCtx(deps, programId, 'reward_rules_daily');
  const program = await findProgram(deps.db, programId);
  if (!program) return 0;
  const now = deps.clock.now();
  const today = localDate(now, program.time_zone);
  const year = Number(today.slice(0, 4));
  const md = today.slice(5);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const rules = await compiledRules(ctx.q);
  let applied = 0;
  for (const trigger of ['BIRTHDAY', 'ENROLLMENT_ANNIVERSARY'] as const) {
    if (!rules.some((r) => r.def.trigger.type === trigger)) continue;
    const ids = await customerIdsOnDay(ctx.q, trigger, md, {
      tz: program.time_zone,
      year,
      alsoFeb29: md === '02-28' && !leap,
    });
    for (const id of ids) {
      applied += await deps.db.transaction(async (trx) => {
        const q = scoped(trx, programId);
        const e = await customerEvent(q, id, trigger, now, program);
        if (!e) return 0;
        const key = `${trigger === 'BIRTHDAY' ? 'birthday' : 'anniversary'}:${year}`;
        return (await evaluateRules({ ...ctx, q }, q, e, { periodKey: key })).length;
      });
    }
  }
  return applied;
}

/**
 * TIER_CHANGED rules, from the tier_changed job. The job's id is the period key, so a retried
 * job does not give twice. Bonus points never count towards tiers, so a rule cannot trigger
 * itself through a tier change.
 */
export async function runTierChangedRules(
  deps: JobDeps,
  p: Omit<z.infer<typeof tierChangedJob.payload>, 'reason'>,
  jobId: string | undefined,
): Promise<number> {
  const program = await findProgram(deps.db, p.programId);
  if (!program) return 0;
  const ctx = systemCtx(deps, p.programId, 'tier_changed');
  return deps.db.transaction(async (trx: Knex.Transaction) => {
    const q = scoped(trx, p.programId);
    const e = await customerEvent(q, p.customerId, 'TIER_CHANGED', deps.clock.now(), program);
    if (!e) return 0;
    e.tierChange = { fromTierId: p.fromTierId, toTierId: p.toTierId };
    // Without a job (called directly), one application per change and local day.
    const key = jobId ?? `${p.fromTierId}>${p.toTierId}@${localDate(e.at, program.time_zone)}`;
    return (await evaluateRules({ ...ctx, q }, q, e, { periodKey: `tier_changed:${key}` })).length;
  });
}

export const ruleJobs = [
  // Returns-aware thanks whose return window has passed; batches of 500 per program.
  defineJob({
    name: 'reward_rules_pending',
    payload: CronPayload,
    async run(deps) {
      for (const program of await allPrograms(deps.db)) {
        const ctx = systemCtx(deps, program.id, 'reward_rules_pending');
        for (;;) {
          const done = await ctx.q.transaction((q) => runDuePending({ ...ctx, q }, q));
          if (done < 500) break;
        }
      }
    },
  }),
  // Hourly; each program acts on its own local date, idempotently.
  defineJob({
    name: 'reward_rules_daily',
    payload: CronPayload,
    async run(deps) {
      for (const program of await allPrograms(deps.db)) {
        const applied = await runDailyRules(deps, program.id);
        if (applied) deps.log.info({ programId: program.id, applied }, 'daily reward rules');
      }
    },
  }),
];
