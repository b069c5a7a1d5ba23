/**
 * `npm run bench:tiers`: the nightly tier evaluation on a fresh embedded PostgreSQL seeded with
 * BENCH_TIER_CUSTOMERS customers (default 1,000,000) and BENCH_TIER_PURCHASES purchases each
 * (default 3) by generate_series, beside a plain `count(*)` over the same purchases.
 *
 *   first run    nobody holds a tier yet: every qualifying customer is placed (worst case)
 *   next day     steady state: only customers whose standing changed are written
 *
 * Results go to bench/results/tiers-<timestamp>.json and a summary to stdout.
 */
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { scoped } from '../src/db/scoped';
import { runTierEvaluation } from '../src/modules/tiers/tiers.evaluation';
import { CreateTierInput, UpdateTierSettingsInput } from '../src/modules/tiers/tiers.inputs';
import { createTier, updateTierSettings } from '../src/modules/tiers/tiers.service';
import { ManualClock } from '../src/shared/clock';
import type { RequestContext } from '../src/shared/context';
import { parseInput } from '../src/shared/errors';
import { makeProgram } from '../test/helpers/factories';
import { openBenchDatabase, timed } from './harness';

const CUSTOMERS = Number(process.env.BENCH_TIER_CUSTOMERS ?? 1_000_000);
const PER_CUSTOMER = Number(process.env.BENCH_TIER_PURCHASES ?? 3);
const NOW = new Date('2026-11-22T09:00:00Z');

async function main() {
  // One connection: session settings of the seed stay on it.
  const bench = await openBenchDatabase(1);
  const { db } = bench;
  try {
    const program = await makeProgram(db, {
      slug: 'bench-tiers',
      currency: 'USD',
      timeZone: 'America/New_York',
    });
    const clock = new ManualClock(NOW);
    const ctx: RequestContext = {
      programId: program.id,
      q: scoped(db, program.id),
      viewer: null,
      actor: { kind: 'system', id: 'bench', role: null },
      clock,
    };
    const window = { kind: 'ROLLING_DAYS', days: 365 };
    await createTier(
      ctx,
      parseInput(CreateTierInput, { name: 'Silver', rank: 1, metric: 'SPEND', threshold: 20_000, window }),
    );
    await createTier(
      ctx,
      parseInput(CreateTierInput, { name: 'Gold', rank: 2, metric: 'SPEND', threshold: 40_000, window }),
    );
    await createTier(
      ctx,
      parseInput(CreateTierInput, {
        name: 'Regular',
        rank: 3,
        metric: 'VISITS',
        threshold: 3,
        window: { kind: 'CALENDAR_YEAR' },
      }),
    );
    await updateTierSettings(
      ctx,
      parseInput(UpdateTierSettingsInput, { graceDays: 30, maxDowngradeRanks: 1 }),
    );

    const purchases = CUSTOMERS * PER_CUSTOMER;
    const seed = await timed(`seed ${CUSTOMERS} customers, ${purchases} purchases`, async () => {
      // Bulk load: skip the per-row foreign-key triggers (the seed is consistent by construction).
      await db.raw('SET session_replication_role = replica');
      await db.raw(
        `INSERT INTO customers (program_id, id, external_id, enrolled_at, updated_at)
         SELECT ?, md5('c' || g)::uuid, 'c' || g, ?, ? FROM generate_series(1, ?) g`,
        [program.id, NOW, NOW, CUSTOMERS],
      );
      // Totals from $1 to $300 and dates over the last 401 days, spread deterministically.
      await db.raw(
        `INSERT INTO purchases (program_id, id, customer_id, external_id, store_code, currency, total_minor,
                                earn_weight, points_earned, occurred_at, recorded_at)
         SELECT ?, md5('p' || g)::uuid, md5('c' || (g % ? + 1))::uuid, 'r' || g, 'S1', 'USD', t, t * 100,
                t / 100, ?::timestamptz - ((g * 7919) % 401) * interval '1 day', ?
           FROM generate_series(1, ?::bigint) g, LATERAL (SELECT 100 + (g * 104729) % 29900 AS t) x`,
        [program.id, CUSTOMERS, NOW, NOW, purchases],
      );
      // The tiers module's daily roll-up, as recordPurchase keeps it.
      await db.raw(
        `INSERT INTO tier_activity (program_id, customer_id, day, spend_minor, points, purchases)
         SELECT program_id, customer_id, (occurred_at AT TIME ZONE 'America/New_York')::date,
                sum(total_minor), sum(points_earned), count(*)
           FROM purchases WHERE program_id = ? GROUP BY 1, 2, 3`,
        [program.id],
      );
      await db.raw('SET session_replication_role = DEFAULT');
      await db.raw('VACUUM ANALYZE');
    });

    const count = async (table: string) =>
      (await db.raw(`SELECT count(*)::bigint AS n FROM ${table} WHERE program_id = ?`, [program.id])).rows[0]
        .n;
    await count('purchases'); // warm the cache the same way for both
    const countP = await timed('count(*) purchases', () => count('purchases'));
    const countA = await timed('count(*) tier_activity', () => count('tier_activity'));
    const first = await timed('evaluation, first run', () => runTierEvaluation(ctx));
    clock.set(new Date(NOW.getTime() + 86_400_000));
    const next = await timed('evaluation, next day', () => runTierEvaluation(ctx));
    const held = (
      await db.raw(
        `SELECT t.name, count(*)::int AS n FROM customer_tiers ct JOIN tiers t ON t.program_id = ct.program_id
           AND t.id = ct.tier_id WHERE ct.program_id = ? GROUP BY t.name ORDER BY t.name`,
        [program.id],
      )
    ).rows;

    const result = {
      at: new Date().toISOString(),
      customers: CUSTOMERS,
      purchases: countP.value,
      activityRows: countA.value,
      seedMs: seed.ms,
      countPurchasesMs: countP.ms,
      countActivityMs: countA.ms,
      firstRun: { ms: first.ms, ...first.value, ratioToCount: +(first.ms / countP.ms).toFixed(1) },
      nextDay: { ms: next.ms, ...next.value, ratioToCount: +(next.ms / countP.ms).toFixed(1) },
      held,
      cpus: os.cpus().length,
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    const file = path.join('bench/results', `tiers-${result.at.replace(/[:.]/g, '-')}.json`);
    await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`written to ${file}\n`);
  } finally {
    await bench.close();
  }
}

await main();
