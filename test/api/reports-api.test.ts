import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/shared/clock';
import { makeCustomer, makeProgramWithKeys } from '../helpers/factories';
import { startTestServer, type TestServer } from '../helpers/server';

const clock = new ManualClock('2026-06-10T12:00:00Z');
let s: TestServer;
let p: Awaited<ReturnType<typeof makeProgramWithKeys>>;

const HEALTH = `query($from: Date!, $to: Date!, $period: ReportPeriod, $tz: String) {
  healthReport(from: $from, to: $to, period: $period, timeZone: $tz) { periods { start purchases } }
}`;
const LIABILITY = `query($asOf: DateTime) { liabilityReport(asOf: $asOf) { liabilityPoints liabilityMinor expirySchedule { month points } } }`;
const RULES = `query($from: Date!, $to: Date!) { rulesReport(from: $from, to: $to) { rules { name } } }`;
const MESSAGING = `query($from: Date!, $to: Date!) {
  messagingReport(from: $from, to: $to) {
    newsletters { title recipients delivered failed suppressed waiting suppressedByReason { reason count }
                  unsubscribes usefulYes usefulNo usefulRateBp }
    surveysSent surveysAnswered scores { start scale responses value }
    followUps { tasksCreated tasksResolved medianTaskFirstResponseMinutes medianTaskResolutionMinutes
                feedbackItems medianFeedbackFirstResponseMinutes medianFeedbackResolutionMinutes }
  }
}`;
const SETTINGS = `mutation($v: Int) { updateReportSettings(input: { pointValueMinorPer100: $v }) { pointValueMinorPer100 } }`;

beforeAll(async () => {
  s = await startTestServer({ clock });
  p = await makeProgramWithKeys(s.testDb.db, { timeZone: 'UTC' });
});
afterAll(() => s.close());

const issues = (r: { errors?: { extensions: { code: string; issues?: { path: string }[] } }[] }) => ({
  code: r.errors?.[0]?.extensions.code,
  paths: r.errors?.[0]?.extensions.issues?.map((i) => i.path),
});

describe('reports over GraphQL', () => {
  it('admin and marketing read reports; staff only the messaging and feedback one; pos none', async () => {
    const vars = { from: '2026-06-01', to: '2026-06-02' };
    for (const role of ['admin', 'marketing'] as const) {
      expect((await s.gql(HEALTH, vars, p.keys[role])).errors).toBeUndefined();
      expect((await s.gql(LIABILITY, {}, p.keys[role])).errors).toBeUndefined();
      expect((await s.gql(RULES, vars, p.keys[role])).errors).toBeUndefined();
      expect((await s.gql(MESSAGING, vars, p.keys[role])).errors).toBeUndefined();
    }
    expect((await s.gql(MESSAGING, vars, p.keys.staff)).errors).toBeUndefined();
    for (const q of [HEALTH, LIABILITY, RULES]) {
      expect(issues(await s.gql(q, vars, p.keys.staff)).code).toBe('FORBIDDEN');
    }
    expect(issues(await s.gql(MESSAGING, vars, p.keys.pos)).code).toBe('FORBIDDEN');
    expect(issues(await s.gql(SETTINGS, { v: 10 }, p.keys.marketing)).code).toBe('FORBIDDEN');
  });

  it('bad input is BAD_USER_INPUT with the field; an empty range is zeros', async () => {
    const h = (v: Record<string, unknown>) => s.gql(HEALTH, v, p.keys.admin).then(issues);
    expect(await h({ from: '2026-06-02', to: '2026-06-01' })).toEqual({
      code: 'BAD_USER_INPUT',
      paths: ['to'],
    });
    expect(await h({ from: '2020-01-01', to: '2026-06-01', period: 'MONTH' })).toEqual({
      code: 'BAD_USER_INPUT',
      paths: ['to'],
    });
    expect(await h({ from: '2026-06-01', to: '2026-06-02', tz: 'Nowhere/Special' })).toEqual({
      code: 'BAD_USER_INPUT',
      paths: ['timeZone'],
    });
    expect(await h({ from: '2026-06-01', to: '2026-06-02', period: 'HOUR' })).toEqual({
      code: 'BAD_USER_INPUT',
      paths: ['period'],
    });
    expect(issues(await s.gql(SETTINGS, { v: -1 }, p.keys.admin))).toEqual({
      code: 'BAD_USER_INPUT',
      paths: ['input.pointValueMinorPer100'],
    });
    const empty = await s.gql(HEALTH, { from: '2026-06-01', to: '2026-06-02' }, p.keys.admin);
    expect(empty.data!.healthReport.periods).toEqual([
      { start: '2026-06-01', purchases: 0 },
      { start: '2026-06-02', purchases: 0 },
    ]);
    const l = await s.gql(LIABILITY, {}, p.keys.admin);
    expect(l.data!.liabilityReport).toEqual({ liabilityPoints: 0, liabilityMinor: null, expirySchedule: [] });
    expect((await s.gql(SETTINGS, { v: 25 }, p.keys.admin)).data).toEqual({
      updateReportSettings: { pointValueMinorPer100: 25 },
    });
    expect((await s.gql(LIABILITY, {}, p.keys.admin)).data!.liabilityReport.liabilityMinor).toBe(0);
  });

  it('messaging and feedback: exact figures on a hand-made history', async () => {
    const db = s.testDb.db;
    const pid = p.program.id;
    const cs: { id: string }[] = [];
    for (let i = 0; i < 4; i++) cs.push(await makeCustomer(db, pid, {}, clock));
    const nl = randomUUID();
    const at = (h: number) => new Date(Date.parse('2026-06-01T08:00:00Z') + h * 3_600_000);
    await db('newsletters').insert({
      program_id: pid,
      id: nl,
      title: 'June news',
      subject: 'News',
      body: 'Hello',
      audience: '{}',
      status: 'SENT',
      created_at: at(0),
      updated_at: at(0),
    });
    const msg = (i: number, status: string, error: string | null = null) => ({
      program_id: pid,
      id: randomUUID(),
      customer_id: cs[i]!.id,
      channel: 'EMAIL',
      kind: 'NEWSLETTER',
      newsletter_id: nl,
      template_key: 'newsletter',
      status,
      error,
      dedupe_key: `nl:${nl}:${i}`,
      queued_at: at(0),
      sent_at: status === 'SENT' ? at(1) : null,
      updated_at: at(1),
    });
    const m = [
      msg(0, 'SENT'),
      msg(1, 'SENT'),
      msg(2, 'SUPPRESSED', 'contact budget used up'),
      msg(3, 'FAILED'),
    ];
    await db('messages').insert(m);
    await db('message_feedback').insert([
      { program_id: pid, message_id: m[0]!.id, useful: true, at: at(2) },
      { program_id: pid, message_id: m[1]!.id, useful: false, at: at(2) },
    ]);
    // One unsubscribe 2 days after delivery counts; one 9 days after does not.
    await db('message_unsubscribes').insert([
      { program_id: pid, customer_id: cs[1]!.id, channel: 'EMAIL', topic: null, method: 'link', at: at(48) },
      {
        program_id: pid,
        customer_id: cs[0]!.id,
        channel: 'EMAIL',
        topic: null,
        method: 'link',
        at: at(9 * 24),
      },
    ]);
    const survey = (i: number, score: number | null, answeredH: number | null) => ({
      program_id: pid,
      customer_id: cs[i]!.id,
      scale: 'CSAT',
      ask_comment: false,
      sent_at: at(0),
      answered_at: answeredH == null ? null : at(answeredH),
      score,
    });
    await db('surveys').insert([survey(0, 5, 2), survey(1, 4, 3), survey(2, 2, 26), survey(3, null, null)]);
    const task = randomUUID();
    await db('follow_up_tasks').insert({
      program_id: pid,
      id: task,
      kind: 'LOW_SCORE',
      customer_id: cs[2]!.id,
      due_at: at(50),
      status: 'RESOLVED',
      created_at: at(26),
      resolved_at: at(30),
    });
    await db('follow_up_comments').insert({
      program_id: pid,
      task_id: task,
      body: 'Called',
      author: 'staff',
      created_at: at(27),
    });
    const r = await s.gql(MESSAGING, { from: '2026-06-01', to: '2026-06-03' }, p.keys.staff);
    expect(r.errors).toBeUndefined();
    expect(r.data!.messagingReport).toEqual({
      newsletters: [
        {
          title: 'June news',
          recipients: 4,
          delivered: 2,
          failed: 1,
          suppressed: 1,
          waiting: 0,
          suppressedByReason: [{ reason: 'contact budget used up', count: 1 }],
          unsubscribes: 1,
          usefulYes: 1,
          usefulNo: 1,
          usefulRateBp: 5000,
        },
      ],
      surveysSent: 4,
      surveysAnswered: 3,
      scores: [
        { start: '2026-06-01', scale: 'CSAT', responses: 2, value: 450 },
        { start: '2026-06-02', scale: 'CSAT', responses: 1, value: 200 },
      ],
      followUps: {
        tasksCreated: 1,
        tasksResolved: 1,
        medianTaskFirstResponseMinutes: 60,
        medianTaskResolutionMinutes: 240,
        feedbackItems: 0,
        medianFeedbackFirstResponseMinutes: null,
        medianFeedbackResolutionMinutes: null,
      },
    });
  });
});
