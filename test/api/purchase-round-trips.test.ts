import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoped } from '../../src/db/scoped';
import { recordPurchase } from '../../src/modules/purchases/purchases.service';
import { ManualClock } from '../../src/shared/clock';
import { makeCustomer, makeProgramWithKeys } from '../helpers/factories';
import { purchaseInput } from '../helpers/ledger';
import { startTestServer, type TestServer } from '../helpers/server';

const clock = new ManualClock('2026-03-01T12:00:00Z');
let s: TestServer;
let program: Awaited<ReturnType<typeof makeProgramWithKeys>>['program'];

beforeAll(async () => {
  s = await startTestServer({ clock });
  ({ program } = await makeProgramWithKeys(s.testDb.db));
});
afterAll(() => s.close());

async function statements(run: () => Promise<unknown>): Promise<string[]> {
  const out: string[] = [];
  const on = (q: { sql: string }) => out.push(q.sql);
  s.testDb.db.on('query', on);
  try {
    await run();
  } finally {
    s.testDb.db.off('query', on);
  }
  return out;
}

describe('recordPurchase round trips', () => {
  it('dump', async () => {
    const ctx = {
      programId: program.id,
      q: scoped(s.testDb.db, program.id),
      viewer: null,
      actor: { kind: 'system' as const, id: 'test', role: null },
      clock,
    };
    const c = await makeCustomer(s.testDb.db, program.id, {}, clock);
    await recordPurchase(ctx, purchaseInput(c.id, { occurredAt: clock.now() }));
    const st = await statements(() => recordPurchase(ctx, purchaseInput(c.id, { occurredAt: clock.now() })));
    console.log(st.length, st.join('\n'));
    expect(st.length).toBeGreaterThan(0);
  });
});
