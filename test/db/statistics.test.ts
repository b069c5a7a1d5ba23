import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeIfStale } from '../../src/db/statistics';
import { createTestDb, type TestDb } from '../helpers/db';
import { eventually } from '../helpers/wait';

// The planner's statistics after a bulk load (issue 13): a table whose statistics describe far
// fewer rows than it has is analysed; one whose statistics are current is left alone.
let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await t.db.raw('CREATE TABLE bulk (id int PRIMARY KEY, v text)');
  await t.db.raw('ANALYZE bulk');
});
afterAll(() => t.drop());

const lastAnalyze = async () =>
  (await t.db.raw(`SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'bulk'`)).rows[0]
    .last_analyze as Date | null;

describe('analyzeIfStale', () => {
  it('leaves a table alone while fewer rows changed than the threshold', async () => {
    await t.db.raw(`INSERT INTO bulk SELECT g, 'x' FROM generate_series(1, 200) g`);
    const before = await lastAnalyze();
    expect(await analyzeIfStale(t.db, 'bulk', { minRows: 1000 })).toBe(false);
    expect(await lastAnalyze()).toEqual(before);
  });

  it('analyses once a bulk load outgrows the statistics, then not again', async () => {
    await t.db.raw(`INSERT INTO bulk SELECT g, 'x' FROM generate_series(201, 5000) g`);
    // The statistics collector hears of the rows at its next flush (about a second).
    expect(
      await eventually(
        () => analyzeIfStale(t.db, 'bulk', { minRows: 1000 }),
        (ok) => ok,
        10_000,
      ),
    ).toBe(true);
    const { rows } = await t.db.raw(`SELECT reltuples FROM pg_class WHERE relname = 'bulk'`);
    expect(rows[0].reltuples).toBe(5000);
    expect(await analyzeIfStale(t.db, 'bulk', { minRows: 1000 })).toBe(false);
  });

  it('gives way to another ANALYZE of the same table instead of waiting for it', async () => {
    await t.db.raw(`INSERT INTO bulk SELECT g, 'x' FROM generate_series(5001, 20000) g`);
    await eventually(
      async () =>
        Number(
          (await t.db.raw(`SELECT n_mod_since_analyze AS n FROM pg_stat_user_tables WHERE relname = 'bulk'`))
            .rows[0].n,
        ),
      (n) => n >= 15000,
      10_000,
    );
    const holder = await t.db.transaction();
    try {
      await holder.raw('ANALYZE bulk'); // holds its lock until the transaction ends
      // Without giving way this would wait for the holder, which waits for it: the test hangs.
      expect(await analyzeIfStale(t.db, 'bulk', { minRows: 1000 })).toBe(false);
    } finally {
      await holder.rollback();
    }
  });

  it('says nothing of a table that does not exist', async () => {
    expect(await analyzeIfStale(t.db, 'no_such_table')).toBe(false);
  });
});
