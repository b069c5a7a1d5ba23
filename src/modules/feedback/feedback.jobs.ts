import { z } from 'zod';
import { CronPayload, defineJob, type JobDefinition } from '../../jobs/job';
import { SEND_SURVEY_TASK, sendSurvey } from './surveys.service';
import { createCallTasks } from './tasks.service';

// The registry imports this file, so nothing here may import values from the registry.
export const CALL_TASKS_TASK = 'survey_call_tasks';

const send = defineJob({
  payload: z.object({ programId: z.uuid(), customerId: z.uuid(), purchaseId: z.uuid() }),
  async run(deps, p) {
    deps.log.debug({ purchaseId: p.purchaseId, outcome: await sendSurvey(deps, p) }, 'survey');
  },
});

const callTasks = defineJob({
  payload: CronPayload,
  async run(deps) {
    const n = await createCallTasks(deps);
    if (n) deps.log.info({ tasks: n }, 'call-the-customer tasks created');
  },
});

export const feedbackJobs = {
  [SEND_SURVEY_TASK]: send,
  [CALL_TASKS_TASK]: callTasks,
} as Record<string, JobDefinition>;
