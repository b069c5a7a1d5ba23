import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/shared/clock';
import { makeCustomer, makeProgramWithKeys } from '../helpers/factories';
import { purchaseInput, RECORD } from '../helpers/ledger';
import { PROCESS_TEST_TIMEOUT, runTs } from '../helpers/process';
import { startTestServer, type TestServer } from '../helpers/server';

const clock = new ManualClock('2026-06-10T12:00:00Z');
let s: TestServer;
let p: Awaited<ReturnType<typeof makeProgramWithKeys>>;
const ids: string[] = [];

beforeAll(async () => {
  s = await startTestServer({ clock });
  p = await makeProgramWithKeys(s.testDb.db, { timeZone: 'UTC' });
  for (let i = 0; i < 3; i++) {
    const c = await makeCustomer(s.testDb.db, p.program.id, { externalId: `c-${i}` }, clock);
    ids.push(c.id);
  }
  // c-0 buys twice ($9 and $4.50), c-1 once ($9); c-2 never. Recorded on June 10, backdated.
  for (const [i, at, qty] of [
    [0, '2026-06-08T09:00:00Z', 2],
    [0, '2026-06-09T09:00:00Z', 1],
    [1, '2026-06-09T10:00:00Z', 2],
  ] as const) {
    const r = await s.gql(
      RECORD,
      {
        input: purchaseInput(ids[i]!, {
          occurredAt: at,
          lines: [{ sku: 'LATTE', quantity: qty, unitPriceMinor: 450 }],
        }),
      },
      p.keys.pos,
    );
    expect(r.errors).toBeUndefined();
  }
});
afterAll(() => s.close());

const get = (url: string, token?: string) =>
  fetch(`${s.url}${url}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

describe('CSV export', () => {
  it('streams a report as CSV over HTTP', async () => {
    const res = await get('/reports/health.csv?from=2026-06-08&to=2026-06-09&period=day', p.keys.marketing);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await res.text()).trim().split('\n');
    expect(lines[0]).toBe(
      'start,enrolled,active_customers,returning_customers,purchases,sales_minor,points_issued,points_redeemed,' +
        'points_expired,points_reversed,points_returned,points_adjusted,rewards_issued,rewards_used,' +
        'tier_upgrades,tier_downgrades,repeat_rate_bp,median_hours_between_visits',
    );
    expect(lines.slice(1)).toEqual([
      // Points count when the ledger recorded them (all three purchases were recorded on June 10).
      '2026-06-08,0,1,0,1,900,0,0,0,0,0,0,0,0,0,0,0,',
      '2026-06-09,0,2,1,2,1350,0,0,0,0,0,0,0,0,0,0,5000,24',
    ]);
  });

  it('per-customer liability: one row per customer, read through a cursor', async () => {
    const res = await get('/reports/liability-customers.csv', p.keys.admin);
    expect(res.status).toBe(200);
    const lines = (await res.text()).trim().split('\n');
    expect(lines[0]).toBe('customer_id,external_id,outstanding,available,pending,debt');
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows.map((r) => [r[1], r[2], r[3]]).sort()).toEqual([
      ['c-0', '13', '13'],
      ['c-1', '9', '9'],
      ['c-2', '0', '0'],
    ]);
  });

  it('roles, unknown reports and bad input', async () => {
    expect((await get('/reports/health.csv?from=2026-06-08&to=2026-06-09')).status).toBe(401);
    const forbidden = await get('/reports/health.csv?from=2026-06-08&to=2026-06-09', p.keys.staff);
    expect(forbidden.status).toBe(403);
    expect(
      ((await forbidden.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code,
    ).toBe('FORBIDDEN');
    expect((await get('/reports/scores.csv?from=2026-06-08&to=2026-06-09', p.keys.staff)).status).toBe(200);
    expect((await get('/reports/nope.csv', p.keys.admin)).status).toBe(404);
    const bad = await get('/reports/health.csv?from=2026-06-09&to=2026-06-08', p.keys.admin);
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as {
      errors: { extensions: { code: string; issues: { path: string }[] } }[];
    };
    expect(body.errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0]!.extensions.issues.map((i) => i.path)).toEqual(['to']);
    const tz = await get('/reports/rules.csv?from=2026-06-08&to=2026-06-09&timeZone=Moon/Base', p.keys.admin);
    expect(tz.status).toBe(400);
  });

  it(
    'the CLI writes the same CSV to a file, with a progress bar on stderr',
    async () => {
      const file = path.join(os.tmpdir(), `liability-${process.pid}.csv`);
      const r = await runTs(
        'src/cli/index.ts',
        ['report', 'liability-customers', '--program', p.program.slug, '--out', file],
        { DATABASE_URL: s.testDb.url },
      );
      expect(r.stderr).toMatch(/report liability-customers \[#+\] 100% 3 rows/);
      expect(r.code).toBe(0);
      const lines = (await readFile(file, 'utf8')).trim().split('\n');
      expect(lines).toHaveLength(4);
      const bad = await runTs(
        'src/cli/index.ts',
        ['report', 'health', '--program', p.program.slug, '--from', '2026-06-09', '--to', '2026-06-01'],
        { DATABASE_URL: s.testDb.url },
      );
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('to: to must not be before from');
    },
    PROCESS_TEST_TIMEOUT,
  );
});
