import { scoped } from '../../db/scoped';
import { CronPayload, type JobDefinition, type JobDeps } from '../../jobs/job';
import { getEarningConfig } from '../ledger/ledger.service';
import { allPrograms } from '../programs/programs.service';
import { rollUp } from './reports.rollups';
import { snapshotLiability } from './reports.snapshots';

/**
 * Every program's health roll-ups moved to now − ROLLUP_MARGIN (built from nothing the
 * first time, or after the program's time zone changed), and its liability snapshots
 * written up to the last quarter hour before that. Each program in its own transactions;
 * a run that finds another one at work on a program's roll-ups waits for it, then has
 * nothing to do.
 */
export async function rollUpPrograms(deps: JobDeps): Promise<void> {
  const now = deps.clock.now();
  for (const program of await allPrograms(deps.db)) {
    const t0 = performance.now();
    const r = await rollUp(deps.db, program.id, program.time_zone, now);
    if (r?.customers || r?.rebuilt) {
      deps.log.info(
        { programId: program.id, ...r, ms: Math.round(performance.now() - t0) },
        'report roll-ups',
      );
    }
    const t1 = performance.now();
    const inactivity = (await getEarningConfig(scoped(deps.db, program.id))).expiryPolicy === 'INACTIVITY';
    const s = await snapshotLiability(deps.db, program.id, program.time_zone, inactivity, now);
    if (s?.written) {
      deps.log.info(
        { programId: program.id, ...s, ms: Math.round(performance.now() - t1) },
        'liability snapshots',
      );
    }
  }
}

export const reportJobs: Record<string, JobDefinition> = {
  report_rollups: { payload: CronPayload, run: (deps) => rollUpPrograms(deps) },
};
