import { z } from 'zod';
import type { RequestContext } from '../../shared/context';
import { AppError } from '../../shared/errors';
import { recordAudit } from '../audit/audit.service';
import { CHANNELS } from '../customers/customers.inputs';
import type { CustomerRow } from '../customers/customers.repo';
import { balanceSummaries } from '../ledger/ledger.service';
import { csvLine } from './csv';
import {
  balanceExportPage,
  consentsOf,
  countExportRows,
  customerExportPage,
  ledgerExportPage,
  purchaseExportPage,
  purchaseLinesOf,
} from './export.repo';
import { CUSTOMER_COLUMNS } from './import.service';

export const EXPORT_KINDS = ['customers', 'balances', 'ledger', 'purchases'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

/** A day (YYYY-MM-DD, midnight UTC) or an ISO date-time with offset. */
const instant = z
  .string()
  .trim()
  .refine(
    (s) => /^\d{4}-\d{2}-\d{2}$/.test(s) || z.iso.datetime({ offset: true }).safeParse(s).success,
    'A date (2026-01-31) or date-time with offset (2026-01-31T09:00:00Z)',
  )
  .transform((s) => new Date(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00Z` : s))
  .refine((d) => !Number.isNaN(d.getTime()), 'Not a real date');

export const ExportOptions = z
  .object({
    kind: z.enum(EXPORT_KINDS),
    from: instant.nullish(),
    to: instant.nullish(),
  })
  .refine((o) => !o.from || !o.to || o.from < o.to, { message: 'from must be before to', path: ['to'] });
export type ExportOptions = z.infer<typeof ExportOptions>;

export const EXPORT_HEADERS: Record<ExportKind, readonly string[]> = {
  customers: CUSTOMER_COLUMNS,
  balances: [
    'customer_id',
    'external_id',
    'tier',
    'balance',
    'earned',
    'redeemed',
    'reversed',
    'expired',
    'adjusted',
  ],
  ledger: [
    'entry_id',
    'customer_id',
    'external_id',
    'kind',
    'points',
    'reason',
    'purchase_id',
    'reward_id',
    'created_at',
    'available_at',
    'expires_at',
  ],
  purchases: [
    'purchase_id',
    'customer_id',
    'customer_external_id',
    'receipt',
    'store_code',
    'currency',
    'total_minor',
    'points_earned',
    'points_reversed',
    'occurred_at',
    'line_no',
    'sku',
    'category',
    'quantity',
    'unit_price_minor',
    'refunded_quantity',
  ],
};

export interface ExportRun {
  /** Rows the export will write (without the header), counted first for the progress bar. */
  total: number;
  /** The CSV, header first, one page of rows at a time. */
  lines: AsyncGenerator<string>;
}

/**
 * Streams one export as CSV: customers (in the import's own columns, so a file exported here
 * imports into another program as it is), balances (per customer: the balance at `to` and
 * what moved in [from, to)), ledger entries, or purchase lines. Pages of 1000 rows by keyset:
 * memory stays flat whatever the size. Dates filter enrolment (customers), entry time (ledger),
 * purchase time (purchases) and the movement columns (balances); `to` is exclusive.
 */
export async function startExport(ctx: RequestContext, o: ExportOptions): Promise<ExportRun> {
  const q = ctx.q;
  const total = await countExportRows(q, o);
  await recordAudit(q, ctx.actor, ctx.clock.now(), {
    action: 'data.export',
    targetType: 'program',
    targetId: q.programId,
    details: {
      kind: o.kind,
      from: o.from?.toISOString() ?? null,
      to: o.to?.toISOString() ?? null,
      rows: total,
    },
  });
  const pages = {
    customers: customerPages,
    balances: balancePages,
    ledger: ledgerPages,
    purchases: purchasePages,
  }[o.kind];
  async function* lines() {
    yield csvLine(EXPORT_HEADERS[o.kind]);
    for await (const page of pages(ctx, o)) {
      let chunk = '';
      for (const row of page) chunk += csvLine(row);
      yield chunk;
    }
  }
  return { total, lines: lines() };
}

type Page = unknown[][];

async function* customerPages(ctx: RequestContext, o: ExportOptions): AsyncGenerator<Page> {
  const q = ctx.q;
  let after: string | null = null;
  for (;;) {
    const rows = await customerExportPage(q, o, after);
    if (!rows.length) return;
    const ids = rows.map((r: { id: string }) => r.id);
    const consents = await consentsOf(q, ids);
    const balances = new Map(
      (await balanceSummaries(q, ids, ctx.clock.now())).map((b) => [
        b.customer_id,
        Number(b.available) + Number(b.pending),
      ]),
    );
    yield rows.map((c: CustomerRow & { tier: string | null }) => {
      const row: Record<string, unknown> = {
        external_id: c.external_id,
        first_name: c.first_name,
        last_name: c.last_name,
        email: c.email,
        phone: c.phone,
        birthday: c.birthday,
        time_zone: c.time_zone,
        locale: c.locale,
        tier: c.tier,
        points: balances.get(c.id) ?? 0,
        enrolled_at: c.enrolled_at,
      };
      for (const ch of CHANNELS) {
        const k = ch.toLowerCase();
        const cs = consents.find(
          (x: { customer_id: string; channel: string }) => x.customer_id === c.id && x.channel === ch,
        );
        row[`${k}_consent`] = cs ? cs.state.toLowerCase() : null;
        row[`${k}_consent_source`] = cs?.source ?? null;
        row[`${k}_consent_at`] = cs?.changed_at ?? null;
      }
      return CUSTOMER_COLUMNS.map((col) => row[col]);
    });
    after = ids.at(-1)!;
  }
}

async function* balancePages(ctx: RequestContext, o: ExportOptions): AsyncGenerator<Page> {
  const q = ctx.q;
  let after: string | null = null;
  for (;;) {
    const rows = await balanceExportPage(q, o, after);
    if (!rows.length) return;
    yield rows.map((r: Record<string, unknown>) => EXPORT_HEADERS.balances.map((h) => r[h]));
    after = rows.at(-1).customer_id;
  }
}

async function* ledgerPages(ctx: RequestContext, o: ExportOptions): AsyncGenerator<Page> {
  const q = ctx.q;
  let after = 0;
  for (;;) {
    const rows = await ledgerExportPage(q, o, after);
    if (!rows.length) return;
    yield rows.map((r: Record<string, unknown>) => EXPORT_HEADERS.ledger.map((h) => r[h]));
    after = Number(rows.at(-1).id);
  }
}

async function* purchasePages(ctx: RequestContext, o: ExportOptions): AsyncGenerator<Page> {
  const q = ctx.q;
  let after: { at: Date; id: string } | null = null;
  for (;;) {
    // A page of purchases, then their lines: a purchase's lines are never split across pages.
    const purchases = await purchaseExportPage(q, o, after);
    if (!purchases.length) return;
    const lines = await purchaseLinesOf(
      q,
      purchases.map((p: { id: string }) => p.id),
    );
    const byPurchase = new Map<string, Record<string, unknown>[]>();
    for (const l of lines) byPurchase.set(l.purchase_id, [...(byPurchase.get(l.purchase_id) ?? []), l]);
    const out: Page = [];
    for (const p of purchases) {
      for (const l of byPurchase.get(p.id) ?? []) {
        const r: Record<string, unknown> = { ...p, ...l, purchase_id: p.id, receipt: p.external_id };
        out.push(EXPORT_HEADERS.purchases.map((h) => r[h]));
      }
    }
    yield out;
    const last = purchases.at(-1);
    after = { at: last.occurred_at, id: last.id };
  }
}

export function exportKind(kind: string): ExportKind {
  if (!(EXPORT_KINDS as readonly string[]).includes(kind))
    throw AppError.badInput([{ path: 'kind', message: `One of ${EXPORT_KINDS.join(', ')}` }]);
  return kind as ExportKind;
}
