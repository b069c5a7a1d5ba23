/**
 * `npm run bench:rules`: the reward-rule
 * simulator over a year of purchases of a BENCH_RULE_CUSTOMERS-customer program (default
 * 100,000, BENCH_RULE_PURCHASES each, default 12: 1.2M purchases with one line each), on a
 * fresh embedded PostgreSQL seeded by generate_series (bench/generator.ts). Two rules: one on the purchase alone,
 * one that needs the lines (a join per page). Results to bench/results/rules-<timestamp>.json.
 */
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { scoped } from '../src/db/scoped';
import { simulateRewardRule } from '../src/modules/rules/rules.simulation';
import { ManualClock } from '../src/shared/clock';
import type { RequestContext } from '../src/shared/context';
import { makeProgram } from '../test/helpers/factories';
import { seedYearOfPurchases } from './generator';
import { openBenchDatabase, timed } from './harness';

const CUSTOMERS = Number(process.env.BENCH_RULE_CUSTOMERS ?? 100_000);
const PER_CUSTOMER = Number(process.env.BENCH_RULE_PURCHASES ?? 12);
const NOW = new Date('2026-11-22T09:00:00Z');
const YEAR_AGO = new Date(NOW.getTime() - 365 * 86_400_000);

async function main() {
  const bench = await openBenchDatabase(2);
  const { db } = bench;
  try {
    const program = await makeProgram(db, { slug: 'bench-rules', currency: 'USD', timeZone: 'Europe/Paris' });
    const ctx: RequestContext = {
      programId: program.id,
      q: scoped(db, program.id),
      viewer: null,
      actor: { kind: 'system', id: 'bench', role: null },
      clock: new ManualClock(NOW),
    };
    const purchases = CUSTOMERS * PER_CUSTOMER;
    const seed = await timed(`seed ${CUSTOMERS} customers, ${purchases} purchases`, async () => {
      await seedYearOfPurchases(db, program.id, {
        customers: CUSTOMERS,
        perCustomer: PER_CUSTOMER,
        now: NOW,
        yearAgo: YEAR_AGO,
      });
      await db.raw('VACUUM ANALYZE');
    });
    const window = { from: YEAR_AGO, to: NOW, label: 'simulation', pointValueMinorPer100: 50 };
    const plain = await timed('simulate: 5th visit, $20+, once/30d, budget', () =>
      simulateRewardRule(ctx, {
        ...window,
        definition: {
          trigger: { type: 'VISIT_MILESTONE', args: { visit: 5 } },
          conditions: { condition: 'min_purchase_total', args: { amountMinor: 2_000 } },
          actions: [{ type: 'AWARD_POINTS', args: { points: 50 } }],
          limits: {
            perCustomer: { times: 1, periodDays: 30 },
            budget: { kind: 'POINTS', amount: 2_000_000 },
          },
        },
      }),
    );
    const lines = await timed('simulate: cake on Tuesdays 7–11, x2 points', () =>
      simulateRewardRule(ctx, {
        ...window,
        definition: {
          trigger: { type: 'PURCHASE_RECORDED' },
          conditions: {
            all: [
              { condition: 'line_matches', args: { category: 'cake' } },
              { condition: 'weekday_in', args: { days: [2] } },
              { condition: 'local_time_between', args: { from: '07:00', to: '11:00' } },
            ],
          },
          actions: [{ type: 'AWARD_POINTS', args: { percentOfBase: 100 } }],
          limits: { perCustomer: { times: 1, periodDays: 7 } },
        },
      }),
    );
    const strip = (r: typeof plain.value) => ({ ...r, sample: r.sample.length });
    const result = {
      at: new Date().toISOString(),
      customers: CUSTOMERS,
      purchases,
      seedMs: seed.ms,
      visitRule: { ms: plain.ms, ...strip(plain.value) },
      lineRule: { ms: lines.ms, ...strip(lines.value) },
      cpus: os.cpus().length,
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    const file = path.join('bench/results', `rules-${result.at.replace(/[:.]/g, '-')}.json`);
    await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`written to ${file}\n`);
  } finally {
    await bench.close();
  }
}

await main();
