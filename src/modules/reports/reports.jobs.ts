import { CronPayload, type JobDefinition, type JobDeps } from '../../jobs/job';
import { listPrograms } from '../programs/programs.repo';
import { rollUp } from './reports.rollups';

/**
 * Every program's health roll-ups moved to now − ROLLUP_MARGIN (built from nothing the
 * first time, or after the program's time zone changed). Each program in its own
 * transaction; a run that finds another one at work on a program waits for it, then has
 * nothing to do.
 */
export async function rollUpPrograms(deps: JobDeps): Promise<void> {
  const now = deps.clock.now();
  for (const program of await listPrograms(deps.db)) {
    const t0 = performance.now();
    const r = await rollUp(deps.db, program.id, program.time_zone, now);
    if (r?.customers || r?.rebuilt) {
      deps.log.info(
        { programId: program.id, ...r, ms: Math.round(performance.now() - t0) },
        'report roll-ups',
      );
    }
  }
}

export const reportJobs: Record<string, JobDefinition> = {
  report_rollups: { payload: CronPayload, run: (deps) => rollUpPrograms(deps) },
};
