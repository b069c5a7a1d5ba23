import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoped } from '../../src/db/scoped';
import { systemClock } from '../../src/shared/clock';
import { createTestDb, type TestDb } from '../helpers/db';
import { makeProgram, makeSpendTiers } from '../helpers/factories';
import { PROCESS_TEST_TIMEOUT, runTs } from '../helpers/process';

let t: TestDb;
let dir: string;

beforeAll(async () => {
  t = await createTestDb();
  dir = mkdtempSync(path.join(tmpdir(), 'regulars-data-'));
});
afterAll(async () => {
  await t.drop();
  rmSync(dir, { recursive: true, force: true });
});

const cli = (args: string[], env: Record<string, string> = {}) =>
  runTs('src/cli/index.ts', args, { DATABASE_URL: t.url, ...env });

async function programWithTiers() {
  const p = await makeProgram(t.db);
  const ctx = {
    programId: p.id,
    q: scoped(t.db, p.id),
    viewer: null,
    actor: { kind: 'cli' as const, id: 'test', role: 'admin' },
    clock: systemClock,
  };
  await makeSpendTiers(ctx, 100);
  return { program: p, q: ctx.q };
}

/** 100 customers (lines 2–101) with tiers and opening balances; lines 30 and 70 are bad. */
function file(): string {
  const lines = ['external_id,first_name,email,email_consent,tier,points'];
  for (let n = 2; n <= 101; n++) {
    const email = n === 30 ? 'nope' : `p${n}@example.com`;
    const points = n === 70 ? '-5' : String(n);
    lines.push(`k-${n},Name ${n},${email},granted,${n % 2 ? 'Gold' : 'Regular'},${points}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('npm run cli -- import / export', () => {
  it(
    'a process killed mid-import (SIGKILL after 50 rows) and a rerun: each row imported once',
    async () => {
      const { program, q } = await programWithTiers();
      const csv = path.join(dir, 'customers.csv');
      writeFileSync(csv, file());

      const dry = await cli(['import', 'customers', '--program', program.slug, csv, '--dry-run', '--json']);
      expect(dry.code, dry.stderr).toBe(0);
      expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, rows: 100, imported: 98, rejected: 2 });
      expect(await q('customers').count()).toEqual([{ count: 0 }]);

      const killed = await cli(
        ['import', 'customers', '--program', program.slug, csv, '--batch-size', '20'],
        {
          REGULARS_FAULT_IMPORT_KILL_AT_ROW: '50',
        },
      );
      expect(killed.code).toBeNull(); // killed by the signal, not exited
      const partial = Number((await q('customers').count({ n: '*' }))[0]!.n);
      expect(partial).toBeGreaterThan(0);
      expect(partial).toBeLessThan(50);

      const rejects = path.join(dir, 'rejects.csv');
      const rerun = await cli([
        'import',
        'customers',
        '--program',
        program.slug,
        csv,
        '--rejects',
        rejects,
        '--json',
      ]);
      expect(rerun.code, rerun.stderr).toBe(0);
      const report = JSON.parse(rerun.stdout);
      expect(report).toMatchObject({ rows: 100, imported: 98 - partial, unchanged: partial, rejected: 2 });
      expect(rerun.stderr).toMatch(/importing \[#+\] 100% 100 rows/);
      expect(readFileSync(rejects, 'utf8')).toBe(
        'line,field,reason\n30,email,"Invalid email address"\n70,points,"An opening balance may not be negative"\n',
      );
      // Each row once: one customer, one opening entry and one tier change per external id.
      const per = await q('customers as c')
        .leftJoin('ledger_entries as e', (j) =>
          j.on('e.program_id', 'c.program_id').andOn('e.customer_id', 'c.id'),
        )
        .groupBy('c.id')
        .select(t.db.raw('count(e.id)::int AS n'), t.db.raw('sum(e.points)::int AS points'));
      expect(per).toHaveLength(98);
      expect(per.every((r: { n: number }) => r.n === 1)).toBe(true);
      expect(await q('tier_history').count()).toEqual([{ count: 98 }]);
      const [sum] = await q('point_balances').sum({ s: 'points' });
      const expected = Array.from({ length: 100 }, (_, i) => i + 2)
        .filter((n) => n !== 30 && n !== 70)
        .reduce((a, b) => a + b, 0);
      expect(Number(sum!.s)).toBe(expected);

      // Export to a file and to stdout.
      const out = path.join(dir, 'balances.csv');
      const exp = await cli(['export', 'balances', '--program', program.slug, '--out', out, '--json']);
      expect(exp.code, exp.stderr).toBe(0);
      expect(JSON.parse(exp.stdout)).toMatchObject({ kind: 'balances', rows: 98 });
      const lines = readFileSync(out, 'utf8').trim().split('\r\n');
      expect(lines[0]).toBe('customer_id,external_id,tier,balance,earned,redeemed,reversed,expired,adjusted');
      expect(lines).toHaveLength(99);
      const stdout = await cli(['export', 'customers', '--program', program.slug, '--from', '2000-01-01']);
      expect(stdout.code, stdout.stderr).toBe(0);
      expect(stdout.stdout.split('\r\n')[0]).toMatch(/^external_id,first_name,last_name,email/);
      expect(stdout.stdout.trim().split('\r\n')).toHaveLength(99);

      const bad = await cli(['export', 'ledger', '--program', program.slug, '--from', 'yesterday']);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/from: A date \(2026-01-31\) or date-time/);
      const noHeader = path.join(dir, 'no-header.csv');
      writeFileSync(noHeader, 'k-1,Ann\n');
      const refused = await cli(['import', 'customers', '--program', program.slug, noHeader]);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toMatch(/a header naming the columns is required/);
    },
    PROCESS_TEST_TIMEOUT,
  );
});
