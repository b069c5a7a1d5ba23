import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoped } from '../../src/db/scoped';
import {
  answerSurveyRow,
  insertFeedback,
  insertSurvey,
  insertTask,
} from '../../src/modules/feedback/feedback.repo';
import { makeCustomer, makeProgramWithKeys } from '../helpers/factories';
import { startTestServer, type TestServer } from '../helpers/server';

const SURVEYS = `query($filter: SurveyFilter, $first: Int, $after: String) {
  surveyResponses(filter: $filter, first: $first, after: $after) {
    edges { node { id score comment answeredAt customer { id firstName } } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const CUSTOMER_FEEDBACK = `query($id: ID!) {
  feedbackItems(filter: { customerId: $id }) { edges { node { id customer { id } } } }
  followUpTasks(filter: { customerId: $id }) { edges { node { id customer { id } } } }
}`;

let s: TestServer;
let keys: Awaited<ReturnType<typeof makeProgramWithKeys>>['keys'];
let ana: { id: string };
let ben: { id: string };

beforeAll(async () => {
  s = await startTestServer();
  const db = s.testDb.db;
  const p = await makeProgramWithKeys(db);
  keys = p.keys;
  const q = scoped(db, p.program.id);
  ana = await makeCustomer(db, p.program.id, { firstName: 'Ana' });
  ben = await makeCustomer(db, p.program.id, { firstName: 'Ben' });
  const at = (min: number) => new Date(Date.UTC(2026, 2, 2, 10, min));
  const survey = (customerId: string, min: number) =>
    insertSurvey(q, {
      customer_id: customerId,
      purchase_id: null,
      scale: 'CSAT',
      ask_comment: true,
      sent_at: at(min),
    });
  const a1 = (await survey(ana.id, 1))!;
  await survey(ana.id, 2);
  const b1 = (await survey(ben.id, 3))!;
  await answerSurveyRow(q, a1.id, { score: 2, comment: '<b>cold</b> coffee', source: 'link' }, at(10));
  await answerSurveyRow(q, b1.id, { score: 5, comment: null, source: 'app' }, at(11));
  await insertFeedback(q, {
    customer_id: ana.id,
    purchase_id: null,
    topic: 'visit',
    message: 'hi',
    created_at: at(5),
  });
  await insertFeedback(q, {
    customer_id: ben.id,
    purchase_id: null,
    topic: 'visit',
    message: 'yo',
    created_at: at(6),
  });
  await insertTask(q, {
    kind: 'LOW_SCORE',
    customer_id: ana.id,
    purchase_id: null,
    survey_id: a1.id,
    score: 2,
    due_at: at(60),
    created_at: at(10),
  });
});
afterAll(() => s?.close());

describe('survey answers and per-customer lists, for the console (issue 11)', () => {
  it('surveyResponses lists surveys newest first, filtered by answer and customer, paged', async () => {
    const all = await s.gql(SURVEYS, {}, keys.staff);
    expect(all.errors).toBeUndefined();
    expect(all.data!.surveyResponses.edges.map((e: any) => e.node.customer.firstName)).toEqual([
      'Ben',
      'Ana',
      'Ana',
    ]);

    const answered = await s.gql(SURVEYS, { filter: { answered: true, customerId: ana.id } }, keys.marketing);
    expect(answered.data!.surveyResponses.edges.map((e: any) => [e.node.score, e.node.comment])).toEqual([
      [2, '<b>cold</b> coffee'],
    ]);
    const open = await s.gql(SURVEYS, { filter: { answered: false } }, keys.admin);
    expect(open.data!.surveyResponses.edges).toHaveLength(1);

    const first = await s.gql(SURVEYS, { first: 2 }, keys.staff);
    expect(first.data!.surveyResponses.pageInfo.hasNextPage).toBe(true);
    const rest = await s.gql(
      SURVEYS,
      { first: 2, after: first.data!.surveyResponses.pageInfo.endCursor },
      keys.staff,
    );
    expect(rest.data!.surveyResponses.edges).toHaveLength(1);
    expect(rest.data!.surveyResponses.pageInfo.hasNextPage).toBe(false);
  });

  it('refuses the till and a bad customer id with a field path', async () => {
    const pos = await s.gql(SURVEYS, {}, keys.pos);
    expect(pos.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const bad = await s.gql(SURVEYS, { filter: { customerId: 'nope' } }, keys.staff);
    expect(bad.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.extensions.issues?.[0]?.path).toBe('filter.customerId');
  });

  it('feedback items and follow-up tasks filter by customer', async () => {
    const r = await s.gql(CUSTOMER_FEEDBACK, { id: ana.id }, keys.staff);
    expect(r.errors).toBeUndefined();
    expect(r.data!.feedbackItems.edges.map((e: any) => e.node.customer.id)).toEqual([ana.id]);
    expect(r.data!.followUpTasks.edges.map((e: any) => e.node.customer.id)).toEqual([ana.id]);
    const b = await s.gql(CUSTOMER_FEEDBACK, { id: ben.id }, keys.staff);
    expect(b.data!.feedbackItems.edges).toHaveLength(1);
    expect(b.data!.followUpTasks.edges).toHaveLength(0);
  });
});
