import type { RequestContext } from '../../shared/context';
import { AppError, parseInput } from '../../shared/errors';
import type { Role } from '../auth/viewer';
import { HealthInput, LiabilityInput, RulesReportInput } from './reports.inputs';
import { LIABILITY_BY_CUSTOMER } from './reports.repo';
import { healthReport, liabilityReport, messagingReport, rulesReport } from './reports.service';

/** Every report as CSV; who may export which (the GraphQL permissions, by report). */
export const CSV_REPORTS: Record<string, readonly Role[]> = {
  liability: ['admin', 'marketing'],
  'liability-customers': ['admin', 'marketing'],
  health: ['admin', 'marketing'],
  cohorts: ['admin', 'marketing'],
  rules: ['admin', 'marketing'],
  newsletters: ['admin', 'marketing', 'staff'],
  scores: ['admin', 'marketing', 'staff'],
};
export type CsvReport = keyof typeof CSV_REPORTS;

type Cell = string | number | boolean | null | undefined | Date;

export function csvLine(cells: Cell[]): string {
  return `${cells
    .map((c) => {
      if (c == null) return '';
      const s = c instanceof Date ? c.toISOString() : String(c);
      return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
    })
    .join(',')}\n`;
}

export interface CsvSink {
  /** Resolves when the line may be followed by another (back-pressure). */
  write(line: string): Promise<void>;
  /** Rows written so far of about `total` (null when unknown up front). */
  progress?(done: number, total: number | null): void;
}

const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

async function table<T extends object>(sink: CsvSink, items: T[], cols: (keyof T & string)[]) {
  await sink.write(csvLine(cols.map(snake)));
  let n = 0;
  for (const it of items) {
    await sink.write(csvLine(cols.map((c) => it[c] as Cell)));
    sink.progress?.(++n, items.length);
  }
}

type CsvWriter = (ctx: RequestContext, args: unknown, sink: CsvSink) => Promise<void>;

/**
 * Checks the arguments, then writes the report as CSV to `sink`. The aggregate reports are a
 * few hundred rows at most; the per-customer liability (one row per customer) is read
 * through a server-side cursor, a page at a time, so a large program never sits in memory.
 * Throws BAD_USER_INPUT (before writing anything) on bad arguments.
 */
export async function exportCsv(ctx: RequestContext, name: string, args: unknown, sink: CsvSink) {
  const write = Object.hasOwn(WRITERS, name) ? WRITERS[name] : undefined;
  if (!write) {
    throw AppError.badInput([
      { path: 'report', message: `Unknown report; one of ${Object.keys(CSV_REPORTS).join(', ')}` },
    ]);
  }
  return write(ctx, args, sink);
}

async function liabilityCsv(ctx: RequestContext, args: unknown, sink: CsvSink) {
  const r = await liabilityReport(ctx, parseInput(LiabilityInput, args, []));
  const figures: [string, number, number | null][] = [
    ['available', r.availablePoints, r.availableMinor],
    ['pending', r.pendingPoints, r.pendingMinor],
    ['liability', r.liabilityPoints, r.liabilityMinor],
    ['debt', r.debtPoints, null],
    ['lapsed_not_written_off', r.lapsedNotWrittenOff, null],
    ['breakage', r.breakagePoints, r.breakageMinor],
    ['redeemed', r.redeemedPoints, null],
    ['estimated_future_breakage', r.estimatedFutureBreakagePoints, r.estimatedFutureBreakageMinor],
  ];
  const rows = [
    ...figures.map(([figure, points, valueMinor]) => ({ figure, month: null, points, valueMinor })),
    ...r.expirySchedule.map((s) => ({ figure: 'expires', ...s, month: s.month ?? 'never' })),
  ].map((x) => ({ asOf: r.asOf, currency: r.currency, ...x }));
  return table(sink, rows, ['asOf', 'currency', 'figure', 'month', 'points', 'valueMinor']);
}

async function healthCsv(ctx: RequestContext, args: unknown, sink: CsvSink) {
  const r = await healthReport(ctx, parseInput(HealthInput, args, []));
  const cols = Object.keys(r.periods[0] ?? { start: '' }) as (keyof (typeof r.periods)[0])[];
  return table(sink, r.periods, cols);
}

/** Retention by enrolment month: MONTH periods unless asked otherwise. */
async function cohortsCsv(ctx: RequestContext, args: unknown, sink: CsvSink) {
  const r = await healthReport(ctx, parseInput(HealthInput, { period: 'MONTH', ...(args as object) }, []));
  const rows = r.cohorts.flatMap((c) =>
    c.activeByMonth.map((active, monthOffset) => ({
      cohort: c.cohort,
      size: c.size,
      monthOffset,
      active,
    })),
  );
  return table(sink, rows, ['cohort', 'size', 'monthOffset', 'active']);
}

async function rulesCsv(ctx: RequestContext, args: unknown, sink: CsvSink) {
  const r = await rulesReport(ctx, parseInput(RulesReportInput, args, []));
  const rows = r.rules.map(({ effect, ...x }) => ({
    ...x,
    followUpDays: effect?.followUpDays,
    treatedCustomers: effect?.treated.customers,
    treatedReturned: effect?.treated.returned,
    heldOutReturned: effect?.heldOut.returned,
    returnRateDiffBp: effect?.returnRateDiffBp,
    returnRateDiffLowBp: effect?.returnRateDiffLowBp,
    returnRateDiffHighBp: effect?.returnRateDiffHighBp,
    spendDiffMinor: effect?.spendDiffMinor,
    spendDiffLowMinor: effect?.spendDiffLowMinor,
    spendDiffHighMinor: effect?.spendDiffHighMinor,
    verdict: effect?.verdict,
    summary: effect?.summary,
  }));
  const cols = Object.keys(rows[0] ?? { ruleId: '' }) as (keyof (typeof rows)[0])[];
  return table(sink, rows, cols);
}

async function newslettersCsv(ctx: RequestContext, args: unknown, sink: CsvSink) {
  const r = await messagingReport(ctx, parseInput(HealthInput, args, []));
  const rows = r.newsletters.map(({ suppressedByReason, ...n }) => ({
    ...n,
    suppressedByReason: suppressedByReason.map((x) => `${x.reason}: ${x.count}`).join('; '),
  }));
  const cols = Object.keys(rows[0] ?? { newsletterId: '' }) as (keyof (typeof rows)[0])[];
  return table(sink, rows, cols);
}

async function scoresCsv(ctx: RequestContext, args: unknown, sink: CsvSink) {
  const r = await messagingReport(ctx, parseInput(HealthInput, args, []));
  return table(sink, r.scores, ['start', 'scale', 'responses', 'value']);
}

const PAGE = 2000;

async function liabilityByCustomer(ctx: RequestContext, args: unknown, sink: CsvSink) {
  const a = parseInput(LiabilityInput, args, []);
  const asOf = a.asOf ?? ctx.clock.now();
  const knex = ctx.q.knex;
  // A read-only snapshot: the cursor sees one consistent ledger however long the export takes.
  await knex.transaction(
    async (trx) => {
      const [{ n }] = (
        await trx.raw('SELECT count(*)::int AS n FROM customers WHERE program_id = ? AND enrolled_at <= ?', [
          ctx.programId,
          asOf,
        ])
      ).rows;
      const cursor = LIABILITY_BY_CUSTOMER(trx, { p: ctx.programId, d: asOf });
      await trx.raw(`DECLARE liability_export NO SCROLL CURSOR FOR ${cursor.sql}`, cursor.bindings);
      await sink.write(
        csvLine(['customer_id', 'external_id', 'outstanding', 'available', 'pending', 'debt']),
      );
      let done = 0;
      for (;;) {
        const { rows } = await trx.raw(`FETCH ${PAGE} FROM liability_export`);
        for (const r of rows) {
          await sink.write(
            csvLine([r.customer_id, r.external_id, r.outstanding, r.available, r.pending, r.debt]),
          );
        }
        done += rows.length;
        sink.progress?.(done, n);
        if (rows.length < PAGE) break;
      }
      await trx.raw('CLOSE liability_export');
    },
    { readOnly: true, isolationLevel: 'repeatable read' },
  );
}

const WRITERS: Record<CsvReport, CsvWriter> = {
  liability: liabilityCsv,
  'liability-customers': liabilityByCustomer,
  health: healthCsv,
  cohorts: cohortsCsv,
  rules: rulesCsv,
  newsletters: newslettersCsv,
  scores: scoresCsv,
};

/** Query-string or command-line options → report arguments (strings typed as the API's). */
export function csvArgs(given: Record<string, string | undefined>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(given)) {
    if (v == null || v === '') continue;
    if (k === 'asOf') out[k] = new Date(v);
    else if (k === 'followUpDays' || k === 'pointValueMinorPer100')
      out[k] = /^-?\d+$/.test(v) ? Number(v) : v;
    else if (k === 'period') out[k] = v.toUpperCase();
    else out[k] = v;
  }
  return out;
}
