import { scoped } from '../../db/scoped';
import { CronPayload, defineJob, type JobDeps, systemContext } from '../../jobs/job';
import { localDate } from '../../shared/time';
import { customerIdsOnDay } from '../customers/customers.service';
import { allPrograms, findProgram } from '../programs/programs.service';
import { compiledRules, evaluateRules, runDuePending } from './rules.engine';
import { readCustomerRuleEvent } from './rules.events';

/**
 * Birthday and enrolment-anniversary rules for one program's local today. Each customer's
 * application carries `birthday:<year>` as its period key, so a second run the same day (or
 * year) gives nothing twice. Each customer is one transaction.
 */
export async function runDailyRules(deps: JobDeps, programId: string): Promise<number> {
  const ctx = systemContext(deps, programId, 'reward_rules_daily');
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
        const e = await readCustomerRuleEvent(q, id, trigger, now, program);
        if (!e) return 0;
        const key = `${trigger === 'BIRTHDAY' ? 'birthday' : 'anniversary'}:${year}`;
        return (await evaluateRules({ ...ctx, q }, q, e, { periodKey: key })).length;
      });
    }
  }
  return applied;
}

export const ruleJobs = [
  // Returns-aware thanks whose return window has passed; batches of 500 per program.
  defineJob({
    name: 'reward_rules_pending',
    payload: CronPayload,
    async run(deps) {
      for (const program of await allPrograms(deps.db)) {
        const ctx = systemContext(deps, program.id, 'reward_rules_pending');
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
