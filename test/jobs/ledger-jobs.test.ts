import { parseCrontab } from 'graphile-worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoped } from '../../src/db/scoped';
import { CRONTAB, JOBS } from '../../src/jobs/registry';
import { UpdateEarningConfigInput } from '../../src/modules/ledger/ledger.inputs';
import { expirePoints, purgeIdempotencyKeys } from '../../src/modules/ledger/ledger.jobs';
import { updateEarningConfig } from '../../src/modules/ledger/ledger.service';
import { RecordPurchaseInput } from '../../src/modules/purchases/purchases.inputs';
import { ManualClock } from '../../src/shared/clock';
import type { RequestContext } from '../../src/shared/context';
import { parseInput } from '../../src/shared/errors';
import { recordPurchase } from '../../src/workflows/record-purchase';
import { createTestDb, type TestDb } from '../helpers/db';
import { makeCustomer, makeProgram } from '../helpers/factories';
import { jobDeps } from '../helpers/jobs';

const DAY = 86_400_000;
const clock = new ManualClock('2026-03-01T12:00:00Z');
let t: TestDb;
const programs: { ctx: RequestContext; customerId: string }[] = [];

const deps = () => jobDeps(t, clock);
const helpers = {} as never;

beforeAll(async () => {
  t = await createTestDb();
  for (const currency of ['USD', 'JPY']) {
    const program = await makeProgram(t.db, { currency });
    const ctx: RequestContext = {
      programId: program.id,
      q: scoped(t.db, program.id),
      viewer: null,
      actor: { kind: 'system', id: 'test', role: 'admin' },
      clock,
    };
    await updateEarningConfig(
      ctx,
      parseInput(UpdateEarningConfigInput, { expiryPolicy: 'FIXED_DAYS', expiryDays: 30 }),
    );
    const customer = await makeCustomer(t.db, program.id, {}, clock);
    await recordPurchase(
      ctx,
      parseInput(RecordPurchaseInput, {
        idempotencyKey: `p-${currency}`,
        customerId: customer.id,
        externalId: `r-${currency}`,
        occurredAt: clock.now(),
        currency,
        lines: [{ sku: 'cake', quantity: 1, unitPriceMinor: 1200 }],
      }),
    );
    programs.push({ ctx, customerId: customer.id });
  }
});
afterAll(() => t.drop());

async function balance(p: (typeof programs)[number]) {
  return p.ctx.q('point_balances').where({ customer_id: p.customerId }).first();
}
async function expireEntries() {
  return t.db('ledger_entries').where({ kind: 'EXPIRE' }).select('program_id', 'points');
}

describe('scheduled ledger jobs', () => {
  it('the crontab parses and names only registered jobs', () => {
    for (const item of parseCrontab(CRONTAB)) expect(JOBS[item.task], item.task).toBeDefined();
  });

  it('expire_points writes nothing before the expiry date', async () => {
    clock.advance(29 * DAY);
    await expirePoints.run(deps(), {}, helpers);
    expect(await expireEntries()).toEqual([]);
  });

  it('expire_points writes one EXPIRE entry per lapsed lot in every program, and running it twice changes nothing', async () => {
    clock.advance(2 * DAY);
    await Promise.all([expirePoints.run(deps(), {}, helpers), expirePoints.run(deps(), {}, helpers)]);
    await expirePoints.run(deps(), {}, helpers);
    const entries = await expireEntries();
    expect(entries.map((e) => e.points).sort((a, b) => a - b)).toEqual([-1200, -12]); // JPY has no minor unit; USD 12.00 → 12
    expect(new Set(entries.map((e) => e.program_id)).size).toBe(2);
    for (const p of programs) expect((await balance(p)).points).toBe(0);
  });

  it('purge_idempotency_keys keeps keys younger than 35 days and deletes older ones', async () => {
    expect(await t.db('idempotency_keys').count('* as c').first()).toEqual({ c: 2 });
    await purgeIdempotencyKeys.run(deps(), {}, helpers);
    expect(await t.db('idempotency_keys').count('* as c').first()).toEqual({ c: 2 });
    clock.advance(5 * DAY);
    await purgeIdempotencyKeys.run(deps(), {}, helpers);
    expect(await t.db('idempotency_keys').count('* as c').first()).toEqual({ c: 0 });
  });
});
