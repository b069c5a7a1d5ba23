import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoped } from '../../src/db/scoped';
import { createTestDb, type TestDb } from '../helpers/db';
import { makeCustomer, makeProgram } from '../helpers/factories';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.drop());

describe('scoped', () => {
  it('only ever sees its own program, for reads, updates and inserts', async () => {
    const a = await makeProgram(t.db);
    const b = await makeProgram(t.db);
    await makeCustomer(t.db, a.id, { externalId: 'same' });
    await makeCustomer(t.db, b.id, { externalId: 'same' });
    const qa = scoped(t.db, a.id);
    expect(await qa('customers').select('program_id')).toEqual([{ program_id: a.id }]);
    expect(await qa('customers as c').where('c.external_id', 'same').count('* as n').first()).toEqual({
      n: 1,
    });
    expect(await qa('customers').update({ first_name: 'A' })).toBe(1);
    const [row] = await qa
      .insert('customer_notes', {
        customer_id: (await qa('customers').first('id')).id,
        body: 'hello',
        author: 'test',
        created_at: new Date(),
        updated_at: new Date(),
      })
      .returning('program_id');
    expect(row.program_id).toBe(a.id);
  });

  it('memo runs a query once per helper, however often it is awaited', async () => {
    const program = await makeProgram(t.db);
    const q = scoped(t.db, program.id);
    let queries = 0;
    const count = () => queries++;
    t.db.on('query', count);
    try {
      const load = () => q.memo('customers', () => q('customers').select('id'));
      await load();
      await load();
      await Promise.all([load(), load()]);
      expect(queries).toBe(1);
      await q.transaction(async (trx) => {
        await trx.memo('customers', () => trx('customers').select('id'));
      });
      expect(queries).toBe(4); // a new helper (BEGIN, the query, COMMIT): nothing shared across transactions
    } finally {
      t.db.off('query', count);
    }
  });
});
