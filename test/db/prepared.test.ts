import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepared } from '../../src/db/prepared';
import { scoped } from '../../src/db/scoped';
import { ManualClock } from '../../src/shared/clock';
import { customersWithBalances } from '../../src/workflows/customer-balance';
import { createTestDb, type TestDb } from '../helpers/db';
import { makeCustomer, makeProgram } from '../helpers/factories';

// Named prepared statements (issue 12) are planned once per connection. A migration that adds
// a column must not break them: PostgreSQL refuses to run a prepared statement whose result
// columns changed, which is why they never return `*`.

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb({ poolMax: 1 }); // one connection: every call reuses the prepared statement
});
afterAll(() => t.drop());

describe('prepared statements', () => {
  it('run as named statements and keep working after a migration adds a column', async () => {
    const program = await makeProgram(t.db);
    const c = await makeCustomer(t.db, program.id);
    const q = scoped(t.db, program.id);
    const clock = new ManualClock('2026-03-01T12:00:00Z');
    const names: string[] = [];
    const on = (x: { options?: { name?: string } }) => names.push(x.options?.name ?? '');
    t.db.on('query', on);
    try {
      for (let i = 0; i < 3; i++) {
        expect(await customersWithBalances(q, [{ id: c.id }], clock.now())).toHaveLength(1);
      }
    } finally {
      t.db.off('query', on);
    }
    expect(names).toHaveLength(3);
    expect(new Set(names).size).toBe(1);
    expect(names[0]).toMatch(/^r_/);

    // What the rule avoids: a statement returning c.* stops working once prepared.
    const star = `SELECT c.* FROM customers c WHERE c.program_id = ?::uuid AND c.id = ?::uuid`;
    await prepared(t.db, star, [program.id, c.id]);
    await t.db.raw('ALTER TABLE customers ADD COLUMN bench_probe int');
    try {
      await expect(prepared(t.db, star, [program.id, c.id])).rejects.toThrow(
        /cached plan must not change result type/,
      );
      const [again] = await customersWithBalances(q, [{ id: c.id }], clock.now());
      expect(again?.customer.id).toBe(c.id);
    } finally {
      await t.db.raw('ALTER TABLE customers DROP COLUMN bench_probe');
    }
  });

  it('refuses an array binding (knex would expand it: one name, several texts)', () => {
    expect(() => prepared(t.db, 'SELECT ?', [[1, 2]])).toThrow(/as JSON/);
  });
});
