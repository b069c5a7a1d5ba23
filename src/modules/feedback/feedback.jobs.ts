import { CronPayload, defineJob } from '../../jobs/job';
import { sendSurveyJob } from './feedback.jobs-contract';
import { sendSurvey } from './surveys.service';
import { createCallTasks } from './tasks.service';

// The registry imports this file, so nothing here may import values from the registry.
export const CALL_TASKS_TASK = 'survey_call_tasks';

const send = defineJob({
  ...sendSurveyJob,
  async run(deps, p) {
    deps.log.debug({ purchaseId: p.purchaseId, outcome: await sendSurvey(deps, p) }, 'survey');
  },
});

const callTasks = defineJob({
  name: CALL_TASKS_TASK,
  payload: CronPayload,
  async run(deps) {
    const n = await createCallTasks(deps);
    if (n) deps.log.info({ tasks: n }, 'call-the-customer tasks created');
  },
});

export const feedbackJobs = [send, callTasks];
