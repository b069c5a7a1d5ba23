/** The jobs code queues in this module: names and payloads (src/jobs/job.ts, JobType). */
import { z } from 'zod';
import { jobType } from '../../jobs/job';

// Ids as the database holds them (z.guid): parsed when queued, so a row's id must pass.
const id = z.guid();

/** The email with an invitation's sign-in link (staff.jobs sendInvitationEmail). */
export const invitationEmailJob = jobType(
  'staff_invitation_email',
  z.object({ programId: id, invitationId: id }),
);
