import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobDeps } from '../../src/jobs/job';
import { JOBS } from '../../src/jobs/registry';
import { CALL_TASKS_TASK } from '../../src/modules/feedback/feedback.jobs';
import { ManualClock } from '../../src/shared/clock';
import type { TestDb } from '../helpers/db';
import { makeCustomer, type ProgramKeys } from '../helpers/factories';
import { runDueJobs as runDue, startServerWithJobs } from '../helpers/jobs';
import { purchaseInput, RECORD } from '../helpers/ledger';
import type { TestServer } from '../helpers/server';
import { mailServer } from '../helpers/smtp';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const PUBLIC_URL = 'https://regulars.example';
const clock = new ManualClock('2026-03-02T10:00:00Z');

// A real SMTP server on loopback: every message is parsed as a mail client would.
const smtp = mailServer();
const { mails } = smtp;

let s: TestServer;
let t: TestDb;
let deps: JobDeps;
let programId: string;
let keys: ProgramKeys;

beforeAll(async () => {
  const env = {
    NODE_ENV: 'test',
    SMTP_URL: await smtp.start(),
    MAIL_FROM: 'Corner Café <hello@corner.example>',
    UNSUBSCRIBE_SECRET: 'link-secret-for-feedback-tests',
    PUBLIC_URL,
  };
  ({ s, t, deps, programId, keys } = await startServerWithJobs(clock, env));
});
afterAll(async () => {
  await s.close();
  await t.drop();
  await smtp.close();
});

/** What the outbox holds and is due on the test clock, through the real job definitions. */
const runDueJobs = () => runDue(deps);

const SETTINGS = `mutation($input: UpdateSurveySettingsInput!) { updateSurveySettings(input: $input) { enabled scale delayMinutes taskSlaHours } }`;
const PREFS = `mutation($input: UpdateContactPreferencesInput!) { updateContactPreferences(input: $input) { preferredChannel } }`;
const SESSION = `mutation($input: CreateCustomerSessionInput!) { createCustomerSession(input: $input) { token } }`;
const TASKS = `query($filter: FollowUpTaskFilter) {
  followUpTasks(filter: $filter) { edges { node { id kind score comment purchaseId surveyId status dueAt overdue assignee outcome customer { id } comments { body author } } } }
  followUpTaskCounts { open overdue }
}`;
const SEND_FEEDBACK = `mutation($input: SendFeedbackInput!) { sendFeedback(input: $input) { id topic message status purchaseId } }`;
const REPLY = `mutation($input: ReplyToFeedbackInput!) { replyToFeedback(input: $input) { id body messageId } }`;
const INBOX = `query($filter: FeedbackFilter) { feedbackItems(filter: $filter) { edges { node { id topic message status firstResponseSeconds resolvedAt replies { body } } } } }`;

async function customer(profile: Record<string, unknown>, consents = [{ channel: 'EMAIL', granted: true }]) {
  const c = await makeCustomer(t.db, programId, profile, clock);
  const r = await s.gql(PREFS, { input: { customerId: c.id, consents } }, keys.staff);
  expect(r.errors).toBeUndefined();
  return c;
}

async function sessionOf(customerId: string) {
  const r = await s.gql<{ createCustomerSession: { token: string } }>(
    SESSION,
    { input: { customerId } },
    keys.pos,
  );
  return r.data!.createCustomerSession.token;
}

async function purchase(customerId: string) {
  const r = await s.gql(
    RECORD,
    { input: purchaseInput(customerId, { occurredAt: clock.now().toISOString() }) },
    keys.pos,
  );
  expect(r.errors).toBeUndefined();
  return r.data!.recordPurchase.purchase.id as string;
}

const surveyLink = (m: ParsedMail) => {
  const url = /https:\/\/regulars\.example\/s\/[A-Za-z0-9_.-]+/.exec(m.text ?? '')?.[0];
  expect(url).toBeTruthy();
  return url!.replace(PUBLIC_URL, s.url);
};

const post = (url: string, form: Record<string, string>) =>
  fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });

const count = async (table: string) => Number((await t.db(table).count({ n: '*' }))[0]!.n);

describe('surveys, follow-ups and the inbox (issue 7)', () => {
  it('settings are validated and audited', async () => {
    const bad = await s.gql(
      SETTINGS,
      { input: { enabled: true, scale: 'CSAT', samplePercent: 101 } },
      keys.admin,
    );
    expect(bad.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.extensions.issues?.[0]?.path).toBe('input.samplePercent');
    const forbidden = await s.gql(SETTINGS, { input: { enabled: true, scale: 'CSAT' } }, keys.pos);
    expect(forbidden.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const r = await s.gql(
      SETTINGS,
      {
        input: {
          enabled: true,
          scale: 'CSAT',
          delayMinutes: 60,
          minDaysBetween: 30,
          callAfterDays: 3,
          taskSlaHours: 24,
        },
      },
      keys.admin,
    );
    expect(r.data?.updateSurveySettings).toEqual({
      enabled: true,
      scale: 'CSAT',
      delayMinutes: 60,
      taskSlaHours: 24,
    });
  });

  it('end to end: purchase → survey mail → page answered with a low score → task → staff reply reaches the mailbox', async () => {
    const c = await customer({ email: 'ana@example.com', firstName: 'Ana' });
    const purchaseId = await purchase(c.id);

    // The survey waits for the delay after the purchase.
    const [row] = await t.db('outbox').where({ task: 'send_survey' });
    expect(new Date(row.run_at).getTime()).toBe(clock.now().getTime() + 60 * 60_000);
    await runDueJobs();
    expect(mails.filter((m) => m.subject?.startsWith('How was your visit'))).toHaveLength(0);
    clock.advance(61 * 60_000);
    await runDueJobs();
    const mail = mails.find((m) => m.subject === 'How was your visit to Test Café?');
    expect(mail, 'survey mail at the SMTP server').toBeTruthy();
    expect((mail!.to as { text: string }).text).toContain('ana@example.com');
    const url = surveyLink(mail!);

    const get = await fetch(url);
    expect(get.status).toBe(200);
    const html = await get.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toMatch(/<fieldset><legend>How satisfied were you/);
    expect(html).not.toContain('<script');
    expect(html).toContain('<label for="comment">');

    const comment = '<script>alert("x")</script> Cold coffee & a long wait';
    const posted = await post(url, { score: '1', comment });
    expect(posted.status).toBe(303);
    const thanks = await fetch(new URL(posted.headers.get('location')!, s.url));
    expect(await thanks.text()).toContain('Thank you for your answer');

    // A replayed post changes nothing.
    const replay = await post(url, { score: '5', comment: 'changed my mind' });
    expect(replay.status).toBe(409);

    const tasks = await s.gql(TASKS, { filter: { status: 'OPEN' } }, keys.staff);
    expect(tasks.errors).toBeUndefined();
    const [task] = tasks.data!.followUpTasks.edges.map((e: any) => e.node);
    expect(task).toMatchObject({
      kind: 'LOW_SCORE',
      score: 1,
      comment,
      purchaseId,
      status: 'OPEN',
      overdue: false,
      customer: { id: c.id },
    });
    expect(new Date(task.dueAt).getTime()).toBe(clock.now().getTime() + 24 * HOUR);
    expect(tasks.data!.followUpTaskCounts).toEqual({ open: 1, overdue: 0 });
    const survey = await t.db('surveys').where({ customer_id: c.id }).first();
    expect(survey).toMatchObject({ score: 1, comment, source: 'link' });

    // The customer writes in from the app; staff reply through the customer's channel.
    const token = await sessionOf(c.id);
    const fb = await s.gql(
      SEND_FEEDBACK,
      { input: { topic: 'Your visit', message: 'The door was stuck too.', purchaseId } },
      token,
    );
    expect(fb.errors).toBeUndefined();
    const feedbackId = fb.data!.sendFeedback.id;
    clock.advance(30 * 60_000);
    const reply = await s.gql(
      REPLY,
      { input: { feedbackId, body: 'Sorry, Ana. We fixed the door & the <b>coffee</b> machine.' } },
      keys.staff,
    );
    expect(reply.errors).toBeUndefined();
    await runDueJobs();
    const answer = mails.find((m) => m.subject?.startsWith('Re: Your visit [#'));
    expect(answer, 'reply at the SMTP server').toBeTruthy();
    expect(answer!.text).toContain('We fixed the door & the <b>coffee</b> machine.');
    // Staff text is text: the HTML part shows the tags, it does not obey them.
    expect(answer!.html).toContain('the door &amp; the &lt;b&gt;coffee&lt;/b&gt; machine.');
    expect((answer!.to as { text: string }).text).toContain('ana@example.com');
    const msg = await t.db('messages').where({ id: reply.data!.replyToFeedback.messageId }).first();
    expect(msg).toMatchObject({ kind: 'REPLY', status: 'SENT' });

    const inbox = await s.gql(INBOX, { filter: { status: 'OPEN' } }, keys.staff);
    expect(inbox.data!.feedbackItems.edges[0].node).toMatchObject({
      id: feedbackId,
      firstResponseSeconds: 1800,
      replies: [{ body: 'Sorry, Ana. We fixed the door & the <b>coffee</b> machine.' }],
    });

    // Task work: assign, comment, resolve with an outcome.
    const assign = await s.gql(
      `mutation($input: AssignFollowUpTaskInput!) { assignFollowUpTask(input: $input) { assignee } }`,
      { input: { taskId: task.id, assignee: 'maria' } },
      keys.staff,
    );
    expect(assign.data?.assignFollowUpTask.assignee).toBe('maria');
    await s.gql(
      `mutation($input: CommentOnFollowUpTaskInput!) { commentOnFollowUpTask(input: $input) { id } }`,
      { input: { taskId: task.id, body: 'Called, left a message' } },
      keys.staff,
    );
    clock.advance(2 * DAY);
    const overdue = await s.gql(TASKS, { filter: { overdue: true } }, keys.staff);
    expect(overdue.data!.followUpTasks.edges).toHaveLength(1);
    expect(overdue.data!.followUpTaskCounts).toEqual({ open: 1, overdue: 1 });
    const resolved = await s.gql(
      `mutation($input: ResolveFollowUpTaskInput!) { resolveFollowUpTask(input: $input) { status outcome resolvedAt comments { body } } }`,
      { input: { taskId: task.id, outcome: 'Apologised; coffee on us next time' } },
      keys.staff,
    );
    expect(resolved.data?.resolveFollowUpTask).toMatchObject({
      status: 'RESOLVED',
      outcome: 'Apologised; coffee on us next time',
      comments: [{ body: 'Called, left a message' }],
    });
  });

  it('an unanswered survey becomes one "call the customer" task for a customer we may phone (job run twice)', async () => {
    const callable = await customer({ email: 'bo@example.com', phone: '+15551230001' }, [
      { channel: 'EMAIL', granted: true },
      { channel: 'SMS', granted: true },
    ]);
    const noPhone = await customer({ email: 'cy@example.com' });
    // Callable, but the survey never reached them (no email consent, SMS only after they text us).
    const unreached = await customer({ email: 'cz@example.com', phone: '+15551230002' }, [
      { channel: 'EMAIL', granted: false },
      { channel: 'SMS', granted: true },
    ]);
    await purchase(callable.id);
    await purchase(noPhone.id);
    await purchase(unreached.id);
    clock.advance(61 * 60_000);
    await runDueJobs();
    const surveys = await t.db('surveys').whereIn('customer_id', [callable.id, noPhone.id, unreached.id]);
    expect(surveys).toHaveLength(3);

    const job = JOBS[CALL_TASKS_TASK]!;
    const run = () =>
      job.run(deps, job.payload.parse({ _cron: { ts: clock.now().toISOString() } }), {} as never);
    clock.advance(2 * DAY);
    await run();
    expect(await t.db('follow_up_tasks').where({ kind: 'CALL_CUSTOMER' })).toHaveLength(0);
    clock.advance(1 * DAY + HOUR);
    await run();
    await run();
    const calls = await t.db('follow_up_tasks').where({ kind: 'CALL_CUSTOMER' });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ customer_id: callable.id, status: 'OPEN' });
  });

  it('rejects forged links, out-of-range scores and a 100 KB comment with nothing written', async () => {
    const c = await customer({ email: 'di@example.com' });
    await purchase(c.id);
    clock.advance(61 * 60_000);
    await runDueJobs();
    const survey = await t.db('surveys').where({ customer_id: c.id }).first();
    const mail = mails.find((m) => (m.to as { text: string }).text.includes('di@example.com'));
    const url = surveyLink(mail!);
    const before = { tasks: await count('follow_up_tasks') };

    const [data, sig] = url.split('/s/')[1]!.split('.');
    const forged = `${s.url}/s/${data}.${sig!.slice(0, -2)}${sig!.endsWith('AA') ? 'BB' : 'AA'}`;
    expect((await fetch(forged)).status).toBe(400);
    expect((await post(forged, { score: '1' })).status).toBe(400);

    const out = await post(url, { score: '6' });
    expect(out.status).toBe(400);
    expect(await out.text()).toContain('Between 1 and 5');
    const blank = await post(url, { score: '', comment: '<script>alert(1)</script>' });
    expect(blank.status).toBe(400);
    const blankHtml = await blank.text();
    expect(blankHtml).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(blankHtml).not.toContain('<script>');
    expect(blankHtml).toContain('role="alert"');
    const big = await post(url, { score: '3', comment: 'x'.repeat(100_000) });
    expect(big.status).toBe(413);

    const token = await sessionOf(c.id);
    const SUBMIT = `mutation($input: SubmitSurveyResponseInput!) { submitSurveyResponse(input: $input) { score } }`;
    const range = await s.gql(SUBMIT, { input: { surveyId: survey.id, score: 0 } }, token);
    expect(range.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      issues: [{ path: 'input.score' }],
    });
    const huge = await s.gql(
      SUBMIT,
      { input: { surveyId: survey.id, score: 4, comment: 'y'.repeat(100_000) } },
      token,
    );
    expect(huge.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    const other = await customer({ email: 'eve@example.com' });
    const notMine = await s.gql(
      SUBMIT,
      { input: { surveyId: survey.id, score: 4 } },
      await sessionOf(other.id),
    );
    expect(notMine.errors?.[0]?.extensions.code).toBe('NOT_FOUND');

    expect(await t.db('surveys').where({ id: survey.id }).first()).toMatchObject({
      answered_at: null,
      score: null,
    });
    expect(await count('follow_up_tasks')).toBe(before.tasks);

    // The app answers once; a second answer is refused.
    const ok = await s.gql(SUBMIT, { input: { surveyId: survey.id, score: 4, comment: 'Nice' } }, token);
    expect(ok.data?.submitSurveyResponse.score).toBe(4);
    const again = await s.gql(SUBMIT, { input: { surveyId: survey.id, score: 5 } }, token);
    expect(again.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    expect((await post(url, { score: '2' })).status).toBe(409);
    expect(await count('follow_up_tasks')).toBe(before.tasks);
  });

  it('feedback about another customer’s purchase is NOT_FOUND and writes nothing', async () => {
    const a = await customer({ email: 'fa@example.com' });
    const b = await customer({ email: 'fb@example.com' });
    const bPurchase = await purchase(b.id);
    const before = await count('feedback_items');
    const r = await s.gql(
      SEND_FEEDBACK,
      { input: { topic: 'x', message: 'y', purchaseId: bPurchase } },
      await sessionOf(a.id),
    );
    expect(r.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    expect(await count('feedback_items')).toBe(before);
    const staffSend = await s.gql(SEND_FEEDBACK, { input: { topic: 'x', message: 'y' } }, keys.staff);
    expect(staffSend.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it('newsletters pause while a low-score follow-up is open; replies still go', async () => {
    const c = await customer({ email: 'gi@example.com' });
    await purchase(c.id);
    clock.advance(61 * 60_000);
    await runDueJobs();
    const survey = await t.db('surveys').where({ customer_id: c.id }).first();
    const token = await sessionOf(c.id);
    await s.gql(
      `mutation($input: SubmitSurveyResponseInput!) { submitSurveyResponse(input: $input) { score } }`,
      { input: { surveyId: survey.id, score: 2 } },
      token,
    );
    const { hasOpenLowScoreFollowUp } = await import('../../src/modules/feedback/tasks.service');
    const { scoped } = await import('../../src/db/scoped');
    expect(await hasOpenLowScoreFollowUp(scoped(t.db, programId), c.id)).toBe(true);
    const { queueMessage } = await import('../../src/modules/messaging/messaging.service');
    const { deliverMessage } = await import('../../src/modules/messaging/messaging.delivery');
    const q = scoped(t.db, programId);
    const nl = await q.transaction((trx) =>
      queueMessage(trx, clock.now(), {
        customerId: c.id,
        kind: 'NEWSLETTER',
        templateKey: 'thank_you',
        dedupeKey: `nl:${c.id}`,
      }),
    );
    expect(await deliverMessage(deps, { programId, messageId: nl.messageId })).toBe(
      'SUPPRESSED: paused: open low-score follow-up',
    );
    const ty = await q.transaction((trx) =>
      queueMessage(trx, clock.now(), {
        customerId: c.id,
        kind: 'THANK_YOU',
        templateKey: 'thank_you',
        dedupeKey: `ty:${c.id}`,
      }),
    );
    expect(await deliverMessage(deps, { programId, messageId: ty.messageId })).toBe('SENT');
  });

  it('reports CSAT over time, response rate, response and resolution times, open and overdue tasks', async () => {
    const items = await s.gql(INBOX, {}, keys.staff);
    const id = items.data!.feedbackItems.edges[0].node.id;
    clock.advance(HOUR);
    const res = await s.gql(
      `mutation($input: ResolveFeedbackInput!) { resolveFeedback(input: $input) { status resolvedAt } }`,
      { input: { feedbackId: id } },
      keys.staff,
    );
    expect(res.data?.resolveFeedback.status).toBe('RESOLVED');
    const REPORT = `query($from: DateTime!, $to: DateTime!) { feedbackReport(from: $from, to: $to) {
      surveysSent surveysAnswered responseRate scores { day scale responses value }
      medianFirstResponseSeconds medianResolutionSeconds openTasks overdueTasks } }`;
    const r = await s.gql(
      REPORT,
      { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' },
      keys.marketing,
    );
    expect(r.errors).toBeUndefined();
    const rep = r.data!.feedbackReport;
    // Delivered or answered: one survey in this file never went out, and does not count.
    const sent = Number(
      (
        await t
          .db('surveys as s')
          .leftJoin('messages as m', 'm.id', 's.message_id')
          .where((w) => w.where('m.status', 'SENT').orWhereNotNull('s.answered_at'))
          .count({ n: '*' })
      )[0]!.n,
    );
    expect(sent).toBeLessThan(await count('surveys'));
    const answered = Number((await t.db('surveys').whereNotNull('answered_at').count({ n: '*' }))[0]!.n);
    expect(rep).toMatchObject({
      surveysSent: sent,
      surveysAnswered: answered,
      medianFirstResponseSeconds: 1800,
    });
    expect(rep.responseRate).toBe(Math.round((100 * answered) / sent));
    const scores = await t.db('surveys').whereNotNull('score').select('score');
    const total = rep.scores.reduce((n: number, d: { responses: number }) => n + d.responses, 0);
    expect(total).toBe(scores.length);
    expect(rep.scores.every((d: { scale: string }) => d.scale === 'CSAT')).toBe(true);
    expect(rep.openTasks).toBeGreaterThan(0);
    const bad = await s.gql(
      REPORT,
      { from: '2026-04-01T00:00:00Z', to: '2026-03-01T00:00:00Z' },
      keys.marketing,
    );
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'to' }] });
  });

  it('consent given at enrolment lets the first survey go out (issue 10, defect 6)', async () => {
    clock.set('2026-06-01T10:00:00Z');
    const ENROLL = `mutation($input: EnrollCustomerInput!) { enrollCustomer(input: $input) {
      customer { id preferences { consents { channel state source } } } } }`;
    const bad = await s.gql(
      ENROLL,
      {
        input: {
          email: 'twice@example.com',
          consents: [
            { channel: 'EMAIL', granted: true },
            { channel: 'EMAIL', granted: false },
          ],
        },
      },
      keys.pos,
    );
    expect(bad.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      issues: [{ path: 'input.consents' }],
    });
    expect(await t.db('customers').where({ email: 'twice@example.com' }).first()).toBeUndefined();

    const r = await s.gql(
      ENROLL,
      {
        input: {
          email: 'new@example.com',
          consents: [{ channel: 'EMAIL', granted: true }],
          consentSource: 'till sign-up form',
        },
      },
      keys.pos,
    );
    expect(r.errors).toBeUndefined();
    const c = r.data!.enrollCustomer.customer;
    expect(c.preferences.consents).toContainEqual({
      channel: 'EMAIL',
      state: 'GRANTED',
      source: 'till sign-up form',
    });
    const consent = await t.db('contact_consents').where({ customer_id: c.id }).first();
    expect(consent.changed_at.toISOString()).toBe('2026-06-01T10:00:00.000Z');
    await purchase(c.id);
    clock.advance(61 * 60_000);
    await runDueJobs();
    const [status] = await t
      .db('surveys as s')
      .join('messages as m', 'm.id', 's.message_id')
      .where('s.customer_id', c.id)
      .pluck('m.status');
    expect(status).toBe('SENT');
  });

  it('counts only delivered surveys as sent: suppressed ones reached nobody (issue 10, defect 7)', async () => {
    clock.set('2026-05-04T10:00:00Z');
    const delivered = await customer({ email: 'may@example.com' });
    const noConsent = [{ channel: 'EMAIL', granted: false }];
    const quiet1 = await customer({ email: 'quiet1@example.com' }, noConsent);
    const quiet2 = await customer({ email: 'quiet2@example.com' }, noConsent);
    for (const c of [delivered, quiet1, quiet2]) await purchase(c.id);
    clock.advance(61 * 60_000);
    await runDueJobs();
    const statuses = await t
      .db('surveys as s')
      .join('messages as m', 'm.id', 's.message_id')
      .where('s.sent_at', '>=', '2026-05-01')
      .where('s.sent_at', '<', '2026-06-01')
      .pluck('m.status');
    expect(statuses.sort()).toEqual(['SENT', 'SUPPRESSED', 'SUPPRESSED']);
    const r = await s.gql(
      `query($from: DateTime!, $to: DateTime!) { feedbackReport(from: $from, to: $to) { surveysSent surveysAnswered responseRate } }`,
      { from: '2026-05-01T00:00:00Z', to: '2026-06-01T00:00:00Z' },
      keys.marketing,
    );
    expect(r.data?.feedbackReport).toEqual({ surveysSent: 1, surveysAnswered: 0, responseRate: 0 });
  });
});
