import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCustomer, makeProgramWithKeys } from '../helpers/factories';
import { ADJUST, key, purchaseInput, RECORD } from '../helpers/ledger';
import { startTestServer, type TestServer } from '../helpers/server';

/**
 * A till prints the balance a mutation returns: it must include the mutation's own writes.
 * On the system clock (as in production), points written later in a request than the moment
 * its loaders were made once looked "pending" (issue 10, defect 1).
 */
let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

describe('balances in mutation payloads', () => {
  it('adjustPoints +40 answers with the 40 available', async () => {
    const p = await makeProgramWithKeys(s.testDb.db);
    const c = await makeCustomer(s.testDb.db, p.program.id);
    const r = await s.gql(
      ADJUST.replace('balance { available }', 'balance { available pending }'),
      { input: { idempotencyKey: key(), customerId: c.id, points: 40, reason: 'goodwill' } },
      p.keys.admin,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data?.adjustPoints.customer.balance).toEqual({ available: 40, pending: 0 });
  });

  it('a purchase that triggers a rule bonus answers with the bonus available', async () => {
    const p = await makeProgramWithKeys(s.testDb.db);
    const rule = await s.gql(
      `mutation($input: CreateRewardRuleInput!) { createRewardRule(input: $input) { id } }`,
      {
        input: {
          name: 'Thanks',
          label: 'Thanks',
          definition: {
            trigger: { type: 'PURCHASE_RECORDED' },
            actions: [{ type: 'AWARD_POINTS', args: { points: 25 } }],
          },
        },
      },
      p.keys.marketing,
    );
    expect(rule.errors).toBeUndefined();
    const on = await s.gql(
      `mutation($input: RewardRuleIdInput!) { activateRewardRule(input: $input) { id } }`,
      { input: { id: rule.data!.createRewardRule.id } },
      p.keys.marketing,
    );
    expect(on.errors).toBeUndefined();
    const c = await makeCustomer(s.testDb.db, p.program.id);
    const r = await s.gql(RECORD, { input: purchaseInput(c.id) }, p.keys.pos);
    expect(r.errors).toBeUndefined();
    const { pointsEarned, customer } = r.data!.recordPurchase;
    expect(customer.balance).toMatchObject({ available: pointsEarned + 25, pending: 0 });
    // And what a read right after says is the same.
    const read = await s.gql(
      `query($id: ID!) { customer(id: $id) { balance { available pending } } }`,
      { id: c.id },
      p.keys.pos,
    );
    expect(read.data?.customer.balance).toEqual({ available: pointsEarned + 25, pending: 0 });
  });
});
