import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsv } from '../../src/modules/data/csv';
import { makeProgramWithKeys } from '../helpers/factories';
import { key, purchaseInput, RECORD } from '../helpers/ledger';
import { startTestServer, type TestServer } from '../helpers/server';

let s: TestServer;

beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

type Keys = Awaited<ReturnType<typeof makeProgramWithKeys>>['keys'];

async function ok(query: string, variables: Record<string, unknown>, token: string) {
  const r = await s.gql(query, variables, token);
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data!;
}

const CREATE_TIER = `mutation($input: CreateTierInput!) { createTier(input: $input) { id } }`;

async function programWithTiers(): Promise<{ programId: string; keys: Keys }> {
  const { program, keys } = await makeProgramWithKeys(s.testDb.db);
  await ok(
    CREATE_TIER,
    { input: { name: 'Regular', rank: 1, metric: 'SPEND', threshold: 0, window: { kind: 'CALENDAR_YEAR' } } },
    keys.admin,
  );
  await ok(
    CREATE_TIER,
    {
      input: {
        name: 'Gold',
        rank: 2,
        metric: 'SPEND',
        threshold: 5000,
        window: { kind: 'CALENDAR_YEAR' },
        earnMultiplierPercent: 150,
      },
    },
    keys.admin,
  );
  return { programId: program.id, keys };
}

async function importCsv(csv: string, token: string, query = '') {
  const res = await fetch(`${s.url}/data/import/customers?fileId=f1${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
    body: csv,
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function exportCsv(kind: string, token: string, query = '') {
  const res = await fetch(`${s.url}/data/export/${kind}${query}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

async function rows(text: string): Promise<Record<string, string>[]> {
  const out: string[][] = [];
  for await (const r of readCsv([Buffer.from(text)])) out.push(r.fields!);
  const [header, ...data] = out;
  return data.map((f) => Object.fromEntries(header!.map((h, i) => [h, f[i]!])));
}

/** Per external id: the balance a customer can see (available + pending) and their tier. */
async function state(programId: string) {
  const db = s.testDb.db;
  const r = await db.raw(
    `SELECT c.external_id, coalesce(b.points, 0)::int AS points, t.name AS tier
       FROM customers c
       LEFT JOIN point_balances b ON b.program_id = c.program_id AND b.customer_id = c.id
       LEFT JOIN customer_tiers ct ON ct.program_id = c.program_id AND ct.customer_id = c.id
       LEFT JOIN tiers t ON t.program_id = ct.program_id AND t.id = ct.tier_id
      WHERE c.program_id = ? ORDER BY c.external_id`,
    [programId],
  );
  return r.rows as { external_id: string; points: number; tier: string | null }[];
}

describe('CSV export', () => {
  it('export → import into a fresh program reproduces balances and tiers exactly (over HTTP)', async () => {
    const a = await programWithTiers();
    const header = 'external_id,first_name,last_name,email,sms_consent,sms_consent_source,tier,points';
    const lines = [header];
    for (let i = 1; i <= 20; i++) {
      lines.push(
        `r-${i},Name${i},"Family, ${i}",r${i}@example.com,${i % 2 ? 'granted' : ''},${i % 2 ? 'shop form' : ''},${i % 4 === 0 ? 'Gold' : ''},${i * 7}`,
      );
    }
    const imported = await importCsv(`${lines.join('\n')}\n`, a.keys.admin);
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ rows: 20, imported: 20, rejected: 0 });

    // Life goes on in program A: purchases (some reach Gold), a redemption, a correction.
    const ids = new Map(
      (await s.testDb.db('customers').where({ program_id: a.programId }).select('id', 'external_id')).map(
        (c) => [c.external_id as string, c.id as string],
      ),
    );
    for (const [i, ext] of ['r-1', 'r-2', 'r-3', 'r-5'].entries()) {
      await ok(
        RECORD,
        {
          input: purchaseInput(ids.get(ext)!, {
            lines: [{ sku: 'meal', quantity: 1 + i * 2, unitPriceMinor: 2600 }],
          }),
        },
        a.keys.pos,
      );
    }
    const item = await ok(
      `mutation($input: UpsertCatalogItemInput!) { upsertCatalogItem(input: $input) { id } }`,
      { input: { name: 'Coffee', costPoints: 20, active: true } },
      a.keys.admin,
    );
    await ok(
      `mutation($input: RedeemRewardInput!) { redeemReward(input: $input) { replayed } }`,
      {
        input: {
          idempotencyKey: key(),
          customerId: ids.get('r-6'),
          catalogItemId: item.upsertCatalogItem.id,
        },
      },
      a.keys.staff,
    );
    await ok(
      `mutation($input: AdjustPointsInput!) { adjustPoints(input: $input) { replayed } }`,
      { input: { idempotencyKey: key(), customerId: ids.get('r-7'), points: -9, reason: 'correction' } },
      a.keys.admin,
    );
    const before = await state(a.programId);
    expect(before.filter((c) => c.tier === 'Gold').length).toBeGreaterThan(5); // 5 imported + upgrades

    const exported = await exportCsv('customers', a.keys.admin);
    expect(exported.status).toBe(200);
    expect(exported.type).toBe('text/csv; charset=utf-8');
    const csvRows = await rows(exported.text);
    expect(csvRows).toHaveLength(20);
    expect(csvRows.find((r) => r.external_id === 'r-3')).toMatchObject({
      last_name: 'Family, 3',
      sms_consent: 'granted',
      sms_consent_source: 'shop form',
    });

    const b = await programWithTiers();
    const into = await importCsv(exported.text, b.keys.admin);
    expect(into.body).toMatchObject({ rows: 20, imported: 20, rejected: 0 });
    expect(await state(b.programId)).toEqual(before);
    // Consent travelled with its source and time.
    const consent = async (programId: string) =>
      s.testDb
        .db('contact_consents as cc')
        .join('customers as c', (j) => j.on('c.program_id', 'cc.program_id').andOn('c.id', 'cc.customer_id'))
        .where('cc.program_id', programId)
        .orderBy(['c.external_id', 'cc.channel'])
        .select('c.external_id', 'cc.channel', 'cc.state', 'cc.source', 'cc.changed_at');
    expect(await consent(b.programId)).toEqual(await consent(a.programId));
  });

  it('balances, ledger and purchases, with date filters; admins only; bad input refused', async () => {
    const a = await programWithTiers();
    await importCsv('external_id,points\ne-1,50\ne-2,0\n', a.keys.admin);
    const id = (await s.testDb.db('customers').where({ program_id: a.programId, external_id: 'e-1' }).first())
      .id;
    await ok(
      RECORD,
      {
        input: purchaseInput(id, {
          lines: [
            { sku: 'a', quantity: 2, unitPriceMinor: 500 },
            { sku: 'b', quantity: 1, unitPriceMinor: 300 },
          ],
        }),
      },
      a.keys.pos,
    );
    const balances = await rows((await exportCsv('balances', a.keys.admin)).text);
    expect(balances.find((r) => r.external_id === 'e-1')).toMatchObject({
      balance: '63',
      earned: '13',
      adjusted: '50',
    });
    const ledger = await rows((await exportCsv('ledger', a.keys.admin)).text);
    expect(ledger.map((r) => [r.external_id, r.kind, r.points])).toEqual([
      ['e-1', 'ADJUST', '50'],
      ['e-1', 'EARN', '13'],
    ]);
    const purchases = await rows((await exportCsv('purchases', a.keys.admin)).text);
    expect(purchases.map((r) => [r.customer_external_id, r.sku, r.quantity, r.total_minor])).toEqual([
      ['e-1', 'a', '2', '1300'],
      ['e-1', 'b', '1', '1300'],
    ]);
    // Nothing before 2000 or from tomorrow on.
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect(await rows((await exportCsv('ledger', a.keys.admin, '?to=2000-01-01')).text)).toEqual([]);
    expect(await rows((await exportCsv('purchases', a.keys.admin, `?from=${tomorrow}`)).text)).toEqual([]);
    const moved = await rows((await exportCsv('balances', a.keys.admin, `?from=${tomorrow}`)).text);
    expect(moved.find((r) => r.external_id === 'e-1')).toMatchObject({ balance: '63', earned: '0' });

    expect((await exportCsv('ledger', a.keys.staff)).status).toBe(403);
    expect((await exportCsv('ledger', 'rk_nope')).status).toBe(401);
    const badKind = await exportCsv('secrets', a.keys.admin);
    expect(badKind.status).toBe(400);
    const badDate = await exportCsv('ledger', a.keys.admin, '?from=2026-13-45');
    expect(badDate.status).toBe(400);
    expect(JSON.parse(badDate.text).errors[0].extensions.issues[0].path).toBe('from');

    const wrongType = await fetch(`${s.url}/data/import/customers?fileId=x`, {
      method: 'POST',
      headers: { authorization: `Bearer ${a.keys.admin}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(wrongType.status).toBe(415);
    const noFileId = await fetch(`${s.url}/data/import/customers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${a.keys.admin}`, 'content-type': 'text/csv' },
      body: 'external_id\nx\n',
    });
    expect(noFileId.status).toBe(400);
    const dry = await importCsv('external_id\nd-1\n', a.keys.admin, '&dryRun=true');
    expect(dry.body).toMatchObject({ dryRun: true, imported: 1 });
    expect(await s.testDb.db('customers').where({ program_id: a.programId, external_id: 'd-1' })).toEqual([]);
    const fatal = await importCsv('d-1,Ann\n', a.keys.admin);
    expect(fatal.status).toBe(422);
    expect((await importCsv('external_id\nx\n', a.keys.pos)).status).toBe(403);
  });
});
