import type { Scoped } from '../../db/scoped';
import { enqueueFromSelect } from '../../jobs/outbox';
import type { RequestContext } from '../../shared/context';
import { localDate } from '../../shared/time';
import { raiseFromSelect } from '../events/events';
import { programOf } from '../programs/programs.service';
import {
  applyTierDecisions,
  CHANGED_TIER_EVENTS,
  CHANGED_TIER_PAYLOADS,
  claimEvaluationRun,
  decideTiers,
  finishEvaluationRun,
  raiseWorkMemForEvaluation,
  recordTierHistory,
} from './tiers.evaluation.repo';
import { tierChangedJob } from './tiers.jobs-contract';
import { activeTiers, tierSettings } from './tiers.repo';

export interface EvaluationResult {
  runDate: string;
  /** True when this program's run for runDate had already happened: nothing was done. */
  skipped: boolean;
  updated: number;
  changed: number;
  /** Milliseconds per step (decide, apply, record), for the benchmark and the logs. */
  timings?: Record<string, number>;
}

/**
 * The scheduled evaluation of one program, set-based: one scan of tier_activity decides every
 * customer at once into a temporary table, then three statements apply it (tier rows, history,
 * outbox events). Upgrades the in-transaction checks missed (a definition changed), starts the
 * grace period of customers who stopped qualifying, and moves down, by at most
 * max_downgrade_ranks, those whose grace has run out. All in one transaction that first claims
 * (program, local date): a crash rolls everything back, and a second run of the day is a no-op.
 */
export async function runTierEvaluation(ctx: RequestContext): Promise<EvaluationResult> {
  const now = ctx.clock.now();
  return ctx.q.transaction(async (q) => {
    const runDate = localDate(now, (await programOf(q)).time_zone);
    if (!(await claimEvaluationRun(q, runDate, now)))
      return { runDate, skipped: true, updated: 0, changed: 0 };
    const tiers = await activeTiers(q);
    if (tiers.length === 0) return { runDate, skipped: false, updated: 0, changed: 0 };
    const settings = await tierSettings(q);
    await raiseWorkMemForEvaluation(q);
    const timings: Record<string, number> = {};
    const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
      const t0 = performance.now();
      const v = await fn();
      timings[name] = Math.round(performance.now() - t0);
      return v;
    };
    await step('decide', () => decideTiers(q, tiers, settings, runDate, now));
    const updated = await step('apply', () => applyTierDecisions(q, now));
    const changed = await step('record', () => recordChanges(q, runDate, now));
    await finishEvaluationRun(q, runDate, updated, changed);
    return { runDate, skipped: false, updated, changed, timings };
  });
}

async function recordChanges(q: Scoped, runDate: string, now: Date): Promise<number> {
  const changed = await recordTierHistory(q, runDate, now);
  await enqueueFromSelect(q, tierChangedJob, CHANGED_TIER_PAYLOADS, [runDate]);
  await raiseFromSelect(q, now, 'tier.changed', CHANGED_TIER_EVENTS, []);
  return changed;
}
