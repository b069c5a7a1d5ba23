/** The jobs code queues in this module: names and payloads (src/jobs/job.ts, JobType). */
import { z } from 'zod';
import { jobType } from '../../jobs/job';

// Ids as the database holds them (z.guid): parsed when queued, so a row's id must pass.
const id = z.guid();

/** One purchase's survey, sent `delay_minutes` after it (surveys.service sendSurvey). */
export const sendSurveyJob = jobType(
  'send_survey',
  z.object({ programId: id, customerId: id, purchaseId: id }),
);
