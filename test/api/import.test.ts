import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoped } from '../../src/db/scoped';
import type { Actor } from '../../src/modules/auth/viewer';
import { importCustomers } from '../../src/modules/data/import.service';
import { UpdateEarningConfigInput } from '../../src/modules/ledger/ledger.inputs';
import { updateEarningConfig } from '../../src/modules/ledger/ledger.service';
import { systemClock } from '../../src/shared/clock';
import type { RequestContext } from '../../src/shared/context';
import { parseInput } from '../../src/shared/errors';
import { createTestDb, type TestDb } from '../helpers/db';
import { makeProgram, makeSpendTiers } from '../helpers/factories';

let t: TestDb;

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.drop());

const actor: Actor = { kind: 'cli', id: 'test', role: 'admin' };

async function program(): Promise<RequestContext> {
  const p = await makeProgram(t.db);
  const ctx: RequestContext = {
    programId: p.id,
    q: scoped(t.db, p.id),
    viewer: null,
    actor,
    clock: systemClock,
  };
  await makeSpendTiers(ctx, 50_000, { kind: 'ROLLING_DAYS', days: 365 });
  await updateEarningConfig(
    ctx,
    parseInput(UpdateEarningConfigInput, { expiryPolicy: 'FIXED_DAYS', expiryDays: 365 }),
  );
  return ctx;
}

const HEADER =
  'external_id,first_name,last_name,email,phone,birthday,time_zone,locale,email_consent,email_consent_source,email_consent_at,sms_consent,tier,points';

/** Line n of the file (the header is line 1): a good customer row. */
function goodRow(n: number): string {
  return [
    `c-${n}`,
    `First${n}`,
    n % 3 === 0 ? '"O\'Brien, Jr"' : `Last${n}`,
    `user${n}@example.com`,
    `+1555${String(1000000 + n)}`,
    '1990-05-17',
    n % 2 ? 'Europe/Paris' : '',
    'en-GB',
    n % 4 ? 'granted' : 'denied',
    n % 4 ? 'old loyalty app' : '',
    n % 4 ? '2024-03-01T10:00:00Z' : '',
    n % 5 ? '' : 'yes',
    n % 10 === 0 ? 'Gold' : n % 10 === 1 ? 'regular' : '',
    String(n * 10),
  ].join(',');
}

/** 100 data rows (lines 2–101), seven of them bad. */
const BAD: Record<number, { row: string; field: string; reason: string }> = {
  5: {
    row: goodRow(5).replace('user5@example.com', 'not-an-email'),
    field: 'email',
    reason: 'Invalid email address',
  },
  12: {
    row: goodRow(12).replace(/,120$/, ',-40'),
    field: 'points',
    reason: 'An opening balance may not be negative',
  },
  20: {
    row: goodRow(20).replace(',Gold,', ',Platinum,'),
    field: 'tier',
    reason: 'No active tier named "Platinum" (tiers: Regular, Gold)',
  },
  33: {
    row: goodRow(33).replace('Europe/Paris', 'Mars/Olympus'),
    field: 'time_zone',
    reason: 'Unknown IANA time zone',
  },
  47: { row: goodRow(47).replace('c-47,', 'c-3,'), field: 'external_id', reason: 'Duplicate of line 3' },
  61: {
    row: goodRow(61).replace('c-61,', ','),
    field: 'external_id',
    reason: 'Too small: expected string to have >=1 characters',
  },
  88: {
    row: goodRow(88).replace(',denied,', ',maybe,'),
    field: 'email_consent',
    reason: 'granted or denied (or empty for not asked)',
  },
};

function hundredRows(): string {
  const lines = [HEADER];
  for (let line = 2; line <= 101; line++) lines.push(BAD[line]?.row ?? goodRow(line));
  return `${lines.join('\n')}\n`;
}

async function* chunked(text: string | Buffer, size = 777) {
  const buf = Buffer.isBuffer(text) ? text : Buffer.from(text);
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

async function snapshot(ctx: RequestContext) {
  const count = async (table: string) => Number((await ctx.q(table).count({ n: '*' }))[0]!.n);
  return {
    customers: await count('customers'),
    consents: await count('contact_consents'),
    ledger: await count('ledger_entries'),
    lots: await count('point_lots'),
    tierHistory: await count('tier_history'),
    imports: await count('customer_imports'),
    balance: Number((await ctx.q('point_balances').sum({ s: 'points' }))[0]!.s),
  };
}

describe('importCustomers', () => {
  it('imports a 100-row file with 7 bad rows, reports exactly those, and a rerun changes nothing', async () => {
    const ctx = await program();
    const report = await importCustomers(ctx, chunked(hundredRows()), { fileId: 'file-a', batchSize: 16 });
    const expected = Object.entries(BAD).map(([line, b]) => ({
      line: Number(line),
      field: b.field,
      reason: b.reason,
    }));
    expect(report.rejectedRows).toEqual(expected);
    expect(report).toMatchObject({ rows: 100, imported: 93, unchanged: 0, rejected: 7 });

    // What a row became: profile, consent with its source and time, tier with history, balance.
    const c = await ctx.q('customers').where({ external_id: 'c-30' }).first();
    expect(c).toMatchObject({
      first_name: 'First30',
      last_name: "O'Brien, Jr",
      email: 'user30@example.com',
      locale: 'en-GB',
    });
    const consents = await ctx.q('contact_consents').where({ customer_id: c.id }).orderBy('channel');
    expect(consents).toEqual([
      expect.objectContaining({
        channel: 'EMAIL',
        state: 'GRANTED',
        source: 'old loyalty app',
        changed_at: new Date('2024-03-01T10:00:00Z'),
      }),
      expect.objectContaining({ channel: 'SMS', state: 'GRANTED', source: 'import' }),
    ]);
    const gold = await ctx.q('tiers').where({ name: 'Gold' }).first();
    expect(await ctx.q('customer_tiers').where({ customer_id: c.id }).first()).toMatchObject({
      tier_id: gold.id,
    });
    expect(await ctx.q('tier_history').where({ customer_id: c.id })).toEqual([
      expect.objectContaining({ reason: 'IMPORT', to_tier_id: gold.id, from_tier_id: null }),
    ]);
    const entries = await ctx.q('ledger_entries').where({ customer_id: c.id });
    expect(entries).toEqual([
      expect.objectContaining({ kind: 'ADJUST', points: 300, reason: 'import: opening balance' }),
    ]);
    // Expiry by the program's policy: 365 days from the import.
    const days = (entries[0].expires_at.getTime() - entries[0].created_at.getTime()) / 86_400_000;
    expect(days).toBe(365);
    const before = await snapshot(ctx);
    expect(before).toMatchObject({ customers: 93, imports: 93 });

    // The same file again: every row is recognised; nothing is written.
    const again = await importCustomers(ctx, chunked(hundredRows(), 4096), { fileId: 'file-a' });
    expect(again).toMatchObject({ rows: 100, imported: 0, unchanged: 93, rejected: 7 });
    expect(again.rejectedRows).toEqual(expected);
    expect(await snapshot(ctx)).toEqual(before);

    // A corrected file (another id): the fixed rows go in, the rest are left as they are.
    const fixed = `${[HEADER, goodRow(5), goodRow(12), goodRow(7)].join('\n')}\n`;
    const corrected = await importCustomers(ctx, chunked(fixed), { fileId: 'file-a-fixed' });
    expect(corrected).toMatchObject({ rows: 3, imported: 2, unchanged: 1, rejected: 0 });
  });

  it('a dry run reports what would happen and writes nothing', async () => {
    const ctx = await program();
    const before = await snapshot(ctx);
    const report = await importCustomers(ctx, chunked(hundredRows()), { fileId: 'dry', dryRun: true });
    expect(report).toMatchObject({ dryRun: true, rows: 100, imported: 93, unchanged: 0, rejected: 7 });
    expect(report.rejectedRows.map((r) => r.line)).toEqual([5, 12, 20, 33, 47, 61, 88]);
    expect(await snapshot(ctx)).toEqual(before);
    expect(await ctx.q('audit_log').where({ action: 'customer.import' }).count()).toEqual([{ count: 0 }]);
  });

  it('a crash halfway (the batch in flight rolled back) and a rerun: each row once', async () => {
    const ctx = await program();
    const crash = new Error('crash after 50 rows');
    await expect(
      importCustomers(ctx, chunked(hundredRows()), {
        fileId: 'file-c',
        batchSize: 20,
        afterRow: (n) => {
          if (n === 50) throw crash;
        },
      }),
    ).rejects.toBe(crash);
    // Batches of 20 lines: lines 2–41 committed (36 customers; 4 of those lines are bad); the
    // third batch, in flight at the 50th customer, rolled back with the crash.
    expect(await ctx.q('customer_imports').count()).toEqual([{ count: 36 }]);

    const rerun = await importCustomers(ctx, chunked(hundredRows()), { fileId: 'file-c', batchSize: 20 });
    expect(rerun).toMatchObject({ rows: 100, imported: 57, unchanged: 36, rejected: 7 });
    const perCustomer = await ctx
      .q('customers as c')
      .leftJoin('ledger_entries as e', (j) =>
        j.on('e.program_id', 'c.program_id').andOn('e.customer_id', 'c.id'),
      )
      .groupBy('c.external_id')
      .select('c.external_id', t.db.raw('count(e.id)::int AS entries'));
    expect(perCustomer).toHaveLength(93);
    expect(perCustomer.every((r: { entries: number }) => r.entries === 1)).toBe(true);
    expect(await ctx.q('tier_history').count()).toEqual([{ count: 18 }]);
  });

  it('malformed CSV: bad bytes, quoted newlines, a 10 MB line, wrong field counts, an unclosed quote', async () => {
    const ctx = await program();
    const big = 'x'.repeat(10 * 1024 * 1024);
    const file = Buffer.concat([
      Buffer.from(`\uFEFFexternal_id,first_name,points\r\n`), // a BOM and CRLF, as spreadsheets write
      Buffer.from('m-1,Ana,5\r\n'), // line 2
      Buffer.from('m-2,'),
      Buffer.from([0xc3, 0x28]), // line 3: not UTF-8
      Buffer.from(',5\r\n'),
      Buffer.from('m-3,"Multi\nline ""quoted"" name",7\n'), // lines 4–5
      Buffer.from(`m-4,${big},1\n`), // line 6
      Buffer.from('m-5,Bob\n'), // line 7: a field short
      Buffer.from('m-6,Carl,1,extra\n'), // line 8: a field too many
      Buffer.from('\n'), // line 9: empty, no row
      Buffer.from('m-7,"Dan"ny,1\n'), // line 10: text after a closing quote
      Buffer.from('m-8,Eve,2\n'), // line 11
      Buffer.from('m-9,"never closed,3\nm-10,Fay,4\n'), // lines 12–13: swallowed to the end
    ]);
    const report = await importCustomers(ctx, chunked(file, 65_536), { fileId: 'malformed' });
    expect(report.rejectedRows).toEqual([
      { line: 3, field: '(row)', reason: 'Not valid UTF-8 (the file must be UTF-8)' },
      { line: 6, field: '(row)', reason: 'Record longer than 1048576 characters' },
      { line: 7, field: '(row)', reason: '2 fields where the header has 3' },
      { line: 8, field: '(row)', reason: '4 fields where the header has 3' },
      { line: 10, field: '(row)', reason: 'Unexpected text after a closing quote on line 10' },
      { line: 12, field: '(row)', reason: 'A quoted field opened on line 12 is never closed' },
    ]);
    expect(report).toMatchObject({ rows: 9, imported: 3, rejected: 6 });
    const names = await ctx.q('customers').orderBy('external_id').pluck('first_name');
    expect(names).toEqual(['Ana', 'Multi\nline "quoted" name', 'Eve']);
  });

  it('a file without a header, with unknown columns, or empty is refused whole', async () => {
    const ctx = await program();
    const noHeader = await importCustomers(ctx, chunked('c-1,Ana\nc-2,Bob\n'), { fileId: 'x' });
    expect(noHeader.fatal).toMatch(/^Line 1: a header naming the columns is required, with external_id/);
    expect(noHeader).toMatchObject({ rows: 0, imported: 0 });
    const unknown = await importCustomers(ctx, chunked('external_id,nickname\nc-1,Ann\n'), { fileId: 'x' });
    expect(unknown.fatal).toMatch(/^Line 1: unknown column nickname/);
    const empty = await importCustomers(ctx, chunked(''), { fileId: 'x' });
    expect(empty.fatal).toBe('The file is empty: a header naming the columns is required');
    expect(await ctx.q('customers').count()).toEqual([{ count: 0 }]);
  });
});
