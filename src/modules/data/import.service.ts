import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Scoped } from '../../db/scoped';
import type { RequestContext } from '../../shared/context';
import { AppError } from '../../shared/errors';
import { recordAudit } from '../audit/audit.service';
import { birthday, CHANNELS, email, externalId, locale, name, phone } from '../customers/customers.inputs';
import { customerByExternalId, insertConsents, insertCustomers } from '../customers/customers.service';
import { openBalances } from '../ledger/ledger.service';
import { timeZone } from '../programs/programs.inputs';
import type { TierRow } from '../tiers/tiers.repo';
import { activeTiers, placeCustomerTiers } from '../tiers/tiers.service';
import { type CsvRecord, readCsv } from './csv';
import { externalIdHash, wasErased } from './erasure.service';
import {
  customerImportOf,
  erasedExternalIdHashes,
  type ImportRecord,
  importRecordsByExternalIds,
  insertCustomerImports,
} from './import.repo';

/** The columns an import file may have (any order, header names case-insensitive). */
export const CUSTOMER_COLUMNS = [
  'external_id',
  'first_name',
  'last_name',
  'email',
  'phone',
  'birthday',
  'time_zone',
  'locale',
  'email_consent',
  'email_consent_source',
  'email_consent_at',
  'sms_consent',
  'sms_consent_source',
  'sms_consent_at',
  'push_consent',
  'push_consent_source',
  'push_consent_at',
  'tier',
  'points',
  'enrolled_at',
] as const;
type Column = (typeof CUSTOMER_COLUMNS)[number];

export const IMPORT_LABEL = 'import';
/** The reason on an opening balance's ADJUST entry. */
export const OPENING_BALANCE_REASON = 'import: opening balance';

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const opt = <T extends z.ZodType>(s: T) => z.preprocess(blank, s.optional());
const consent = z.preprocess(
  (v) => (typeof v === 'string' ? (v.trim() === '' ? undefined : v.trim().toLowerCase()) : v),
  z
    .enum(['granted', 'denied', 'yes', 'no', 'true', 'false', '1', '0'], {
      message: 'granted or denied (or empty for not asked)',
    })
    .transform((v) => ['granted', 'yes', 'true', '1'].includes(v))
    .optional(),
);
const pastDateTime = z.iso
  .datetime({ offset: true, message: 'An ISO-8601 date-time with offset, e.g. 2024-05-01T09:00:00Z' })
  .transform((s) => new Date(s))
  .refine((d) => d.getTime() <= Date.now() + 60_000, 'Must not be in the future');

const Row = z.object({
  external_id: externalId,
  first_name: opt(name),
  last_name: opt(name),
  email: opt(email),
  phone: opt(phone),
  birthday: opt(birthday),
  time_zone: opt(timeZone),
  locale: opt(locale),
  email_consent: consent,
  email_consent_source: opt(z.string().trim().max(50)),
  email_consent_at: opt(pastDateTime),
  sms_consent: consent,
  sms_consent_source: opt(z.string().trim().max(50)),
  sms_consent_at: opt(pastDateTime),
  push_consent: consent,
  push_consent_source: opt(z.string().trim().max(50)),
  push_consent_at: opt(pastDateTime),
  tier: opt(z.string().trim().max(100)),
  points: opt(
    z
      .string()
      .trim()
      .regex(/^-?\d+$/, 'A whole number of points')
      .transform(Number)
      .refine((n) => n >= 0, 'An opening balance may not be negative')
      .refine((n) => n <= 1_000_000_000, 'At most 1000000000'),
  ),
  enrolled_at: opt(pastDateTime),
});
type Row = z.infer<typeof Row>;

export interface RejectedRow {
  line: number;
  field: string;
  reason: string;
}

export interface ImportReport {
  fileId: string;
  dryRun: boolean;
  /** Data records read (the header and empty lines are not rows). */
  rows: number;
  /** Customers created (or, in a dry run, that would be). */
  imported: number;
  /** Rows already imported by an earlier run of this file, or with the same content: left as is. */
  unchanged: number;
  rejected: number;
  /** The first REJECTED_KEPT rejected rows (all go to onRejected). */
  rejectedRows: RejectedRow[];
  /** A file that cannot be read as a customer import at all (no header, unknown columns). */
  fatal?: string;
}

export interface ImportProgress {
  rows: number;
  imported: number;
  unchanged: number;
  rejected: number;
  bytes: number;
}

export interface ImportOptions {
  /** Any stable id of the file (the CLI uses its SHA-256): a rerun of the same file is recognised. */
  fileId: string;
  dryRun?: boolean;
  /** Rows per transaction; default 500. */
  batchSize?: number;
  maxRecordChars?: number;
  onProgress?: (p: ImportProgress) => void;
  onRejected?: (r: RejectedRow) => void;
  /** Fault injection for tests: called for each row written, before its batch commits. */
  afterRow?: (rowsSeen: number) => void;
}

const REJECTED_KEPT = 1000;

interface Parsed {
  line: number;
  row: Row;
  hash: Buffer;
}

/** A row rejected before any database work; kept in its batch so the report stays in line order. */
interface Refused {
  line: number;
  outcome: Outcome;
}

/** Wraps what the caller's hook threw, so the batch fallback does not retry it. */
class Aborted extends Error {}

const FileId = z.string().trim().min(1).max(200);

/**
 * Imports customers from a CSV stream, row by row: each valid row creates one customer with
 * their consents (source and time per channel), tier (placed directly, history reason
 * IMPORT) and opening balance (one ADJUST entry, expiring by the program's policy), through
 * the same repositories and ledger service the API uses. A row is its own unit: a bad row is
 * reported (line, field, why) and the others go in. Idempotent: a customer remembers the file
 * and line (and a hash of the row) it came from, so a rerun — after a crash, or of a
 * corrected file — leaves imported rows unchanged. Memory stays flat: one batch at a time.
 */
export async function importCustomers(
  ctx: RequestContext,
  source: AsyncIterable<Buffer | Uint8Array | string> | Iterable<Buffer | Uint8Array | string>,
  opts: ImportOptions,
): Promise<ImportReport> {
  const fileId = FileId.safeParse(opts.fileId);
  if (!fileId.success)
    throw AppError.badInput([{ path: 'fileId', message: 'A file id of 1–200 characters' }]);
  const run = new CustomerImport(ctx, opts, fileId.data, await activeTiers(ctx.q));
  return run.read(source);
}

/** One run of an import: the report so far, and the batch of rows read but not yet written. */
class CustomerImport {
  readonly report: ImportReport;
  private readonly batchSize: number;
  /** A dry run writes nothing, so it remembers the external ids it has seen to find duplicates. */
  private readonly seen: Map<string, number> | null;
  private bytes = 0;
  private batch: (Parsed | Refused)[] = [];
  private rowsSeen = 0;

  constructor(
    private readonly ctx: RequestContext,
    private readonly opts: ImportOptions,
    fileId: string,
    private readonly tiers: TierRow[],
  ) {
    this.report = {
      fileId,
      dryRun: !!opts.dryRun,
      rows: 0,
      imported: 0,
      unchanged: 0,
      rejected: 0,
      rejectedRows: [],
    };
    this.batchSize = opts.batchSize ?? 500;
    this.seen = opts.dryRun ? new Map() : null;
  }

  /** The header first (a file without a good one is fatal), then each record into the batch. */
  async read(source: Parameters<typeof readCsv>[0]): Promise<ImportReport> {
    const { report } = this;
    let columns: (Column | null)[] | null = null;
    for await (const rec of readCsv(source, {
      maxRecordChars: this.opts.maxRecordChars,
      onBytes: (b) => {
        this.bytes = b;
      },
    })) {
      if (!columns) {
        const header = headerColumns(rec);
        if (typeof header === 'string') {
          report.fatal = header;
          return report;
        }
        columns = header;
        continue;
      }
      report.rows++;
      this.batch.push(parseRecord(rec, columns, this.tiers));
      if (this.batch.length >= this.batchSize) await this.flush();
    }
    if (!columns) {
      report.fatal = 'The file is empty: a header naming the columns is required';
      return report;
    }
    await this.flush();
    return report;
  }

  /** Writes (or, in a dry run, judges) the batch and counts each row's outcome, in line order. */
  private async flush(): Promise<void> {
    if (!this.batch.length) return;
    const items = this.batch;
    this.batch = [];
    const rows = items.filter((i): i is Parsed => 'row' in i);
    const outcomes = this.opts.dryRun ? await this.judge(rows) : await this.write(rows);
    for (const i of items) this.count('row' in i ? outcomes.get(i)! : i.outcome, i);
    this.opts.onProgress?.({ ...counts(this.report), bytes: this.bytes });
  }

  private async judge(rows: Parsed[]): Promise<Map<Parsed, Outcome>> {
    const outcomes = new Map<Parsed, Outcome>();
    for (const p of rows) outcomes.set(p, await dryRunRow(this.ctx.q, p, this.report.fileId, this.seen!));
    return outcomes;
  }

  private async write(rows: Parsed[]): Promise<Map<Parsed, Outcome>> {
    try {
      return await this.writeBatch(rows);
    } catch (err) {
      if (err instanceof Aborted) throw err.cause;
      // Something no validation foresaw: the batch rolled back; each row alone finds the culprit.
      return this.writeOneByOne(rows);
    }
  }

  /** The batch in one transaction, with one audit entry for the customers it created. */
  private writeBatch(rows: Parsed[]): Promise<Map<Parsed, Outcome>> {
    const { ctx, report } = this;
    return ctx.q.transaction(async (q) => {
      const outcomes = await importBatch(ctx, q, rows, this.tiers, report.fileId);
      try {
        for (let i = 0; i < rows.length; i++) this.opts.afterRow?.(++this.rowsSeen);
      } catch (err) {
        throw new Aborted('aborted', { cause: err });
      }
      const created = [...outcomes.values()].filter((o) => o.kind === 'imported').length;
      if (created) {
        await recordAudit(q, ctx.actor, ctx.clock.now(), {
          action: 'customer.import',
          targetType: 'import',
          targetId: report.fileId,
          details: { lines: [rows[0]!.line, rows.at(-1)!.line], imported: created },
        });
      }
      return outcomes;
    });
  }

  private async writeOneByOne(rows: Parsed[]): Promise<Map<Parsed, Outcome>> {
    const outcomes = new Map<Parsed, Outcome>();
    for (const p of rows) {
      try {
        const one = await this.ctx.q.transaction((q) =>
          importBatch(this.ctx, q, [p], this.tiers, this.report.fileId),
        );
        outcomes.set(p, one.get(p)!);
      } catch (e) {
        outcomes.set(p, {
          kind: 'rejected',
          field: '(row)',
          reason: `Could not be saved: ${(e as Error).message}`,
        });
      }
    }
    return outcomes;
  }

  private count(o: Outcome, p: { line: number }): void {
    const { report } = this;
    if (o.kind === 'rejected') {
      const r = { line: p.line, field: o.field, reason: o.reason };
      report.rejected++;
      if (report.rejectedRows.length < REJECTED_KEPT) report.rejectedRows.push(r);
      this.opts.onRejected?.(r);
    } else if (o.kind === 'imported') report.imported++;
    else report.unchanged++;
  }
}

/** The header's columns, or why the file cannot be read as a customer import. */
function headerColumns(rec: CsvRecord): Column[] | string {
  if (rec.error !== undefined) return `Line ${rec.line}: ${rec.error}`;
  const header = rec.fields.map((h) => h.trim().toLowerCase());
  const unknown = header.filter((h) => !(CUSTOMER_COLUMNS as readonly string[]).includes(h));
  if (!header.includes('external_id'))
    return `Line ${rec.line}: a header naming the columns is required, with external_id (columns: ${CUSTOMER_COLUMNS.join(', ')})`;
  if (unknown.length)
    return `Line ${rec.line}: unknown column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (columns: ${CUSTOMER_COLUMNS.join(', ')})`;
  const dup = header.find((h, i) => header.indexOf(h) !== i);
  if (dup) return `Line ${rec.line}: column ${dup} appears twice`;
  return header as Column[];
}

/** A record as a row to write, or refused with the field and why (before any database work). */
function parseRecord(rec: CsvRecord, columns: (Column | null)[], tiers: TierRow[]): Parsed | Refused {
  const refused = (field: string, reason: string): Refused => ({
    line: rec.line,
    outcome: { kind: 'rejected', field, reason },
  });
  if (rec.error !== undefined) return refused('(row)', rec.error);
  if (rec.fields.length !== columns.length)
    return refused('(row)', `${rec.fields.length} fields where the header has ${columns.length}`);
  const raw: Record<string, string> = {};
  columns.forEach((c, i) => {
    if (c) raw[c] = rec.fields[i]!;
  });
  const parsed = Row.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return refused(String(issue.path[0] ?? '(row)'), issue.message);
  }
  const row = parsed.data;
  if (row.tier && !findTier(tiers, row.tier)) {
    return refused(
      'tier',
      `No active tier named "${row.tier}"${tiers.length ? ` (tiers: ${tiers.map((t) => t.name).join(', ')})` : ''}`,
    );
  }
  return { line: rec.line, row, hash: rowHash(raw) };
}

const counts = (r: ImportReport) => ({
  rows: r.rows,
  imported: r.imported,
  unchanged: r.unchanged,
  rejected: r.rejected,
});

const findTier = (tiers: TierRow[], name: string) =>
  tiers.find((t) => t.name.toLowerCase() === name.trim().toLowerCase());

/** The row as read (sorted columns, trimmed values): the same content gives the same hash. */
function rowHash(raw: Record<string, string>): Buffer {
  const h = createHash('sha256');
  for (const k of Object.keys(raw).sort()) {
    const v = raw[k]!.trim();
    if (v) h.update(`${k}=${v}\n`);
  }
  return h.digest();
}

type Outcome = { kind: 'imported' | 'unchanged' } | { kind: 'rejected'; field: string; reason: string };

/** What to do about a row whose external id is already a customer. */
function existing(rec: ImportRecord | undefined, p: Parsed, fileId: string): Outcome {
  if (rec?.file_id === fileId && rec.line === p.line) return { kind: 'unchanged' };
  if (rec?.file_id === fileId)
    return { kind: 'rejected', field: 'external_id', reason: `Duplicate of line ${rec.line}` };
  if (rec?.row_hash.equals(p.hash)) return { kind: 'unchanged' };
  return {
    kind: 'rejected',
    field: 'external_id',
    reason: rec
      ? 'Already imported from another file with different data; left unchanged'
      : 'Already a customer; left unchanged',
  };
}

/**
 * Imports a batch in the caller's transaction, set-based: a handful of statements for the whole
 * batch, each written by the module that owns the table (customers, consents, tiers, ledger).
 * Rows whose external id is taken — earlier in this batch included — are classified instead.
 */
async function importBatch(
  ctx: RequestContext,
  q: Scoped,
  rows: readonly Parsed[],
  tiers: TierRow[],
  fileId: string,
): Promise<Map<Parsed, Outcome>> {
  const out = new Map<Parsed, Outcome>();
  const erased = await erasedAmong(
    q,
    rows.map((p) => p.row.external_id),
  );
  const live = rows.filter((p) => {
    if (!erased.has(p.row.external_id)) return true;
    out.set(p, {
      kind: 'rejected',
      field: 'external_id',
      reason: 'Belonged to an erased customer; not imported',
    });
    return false;
  });
  const now = ctx.clock.now();
  const { created, taken } = await createCustomers(q, live, fileId, now);
  if (taken.length) {
    for (const [p, o] of await alreadyCustomers(q, taken, fileId)) out.set(p, o);
  }
  await insertConsents(q, consentsOf(created, now));
  await placeCustomerTiers(
    q,
    created
      .filter(({ p }) => p.row.tier)
      .map(({ p, id }) => ({ customerId: id, tier: findTier(tiers, p.row.tier!)! })),
    'IMPORT',
    now,
  );
  await openBalances(
    ctx,
    q,
    created.map(({ p, id }) => ({ customerId: id, points: p.row.points ?? 0 })),
    OPENING_BALANCE_REASON,
  );
  for (const { p } of created) out.set(p, { kind: 'imported' });
  return out;
}

/**
 * Inserts the rows' customers, each remembering the file and line it came from; the rows whose
 * external id is taken (by a customer, or by an earlier row of this batch) are returned apart.
 */
async function createCustomers(q: Scoped, live: Parsed[], fileId: string, now: Date) {
  // Within one INSERT, the first row of an external id wins; the later ones are duplicates.
  const inserted = await insertCustomers(
    q,
    live.map((p) => ({
      external_id: p.row.external_id,
      email: p.row.email ?? null,
      phone: p.row.phone ?? null,
      first_name: p.row.first_name ?? null,
      last_name: p.row.last_name ?? null,
      birthday: p.row.birthday ?? null,
      time_zone: p.row.time_zone ?? null,
      locale: p.row.locale ?? null,
      at: p.row.enrolled_at ?? now,
    })),
  );
  const idOf = new Map(inserted.map((c) => [c.external_id!, c.id]));
  const created: Created[] = [];
  const taken: Parsed[] = [];
  const claimed = new Set<string>();
  for (const p of live) {
    const id = idOf.get(p.row.external_id);
    if (id && !claimed.has(id)) {
      claimed.add(id);
      created.push({ p, id });
    } else taken.push(p);
  }
  if (created.length) {
    await insertCustomerImports(
      q,
      created.map(({ p, id }) => ({
        customer_id: id,
        file_id: fileId,
        line: p.line,
        row_hash: p.hash,
        created_at: now,
      })),
    );
  }
  return { created, taken };
}

interface Created {
  p: Parsed;
  id: string;
}

/** What to do about rows whose external id is already a customer, by where that one came from. */
async function alreadyCustomers(q: Scoped, taken: Parsed[], fileId: string): Promise<Map<Parsed, Outcome>> {
  const records = await importRecordsByExternalIds(
    q,
    taken.map((p) => p.row.external_id),
  );
  const byExternalId = new Map(records.map((r) => [r.external_id, r.file_id ? r : undefined]));
  return new Map(taken.map((p) => [p, existing(byExternalId.get(p.row.external_id), p, fileId)]));
}

/** The consents the new customers' rows give (a channel left empty was not asked). */
function consentsOf(created: Created[], now: Date) {
  return created.flatMap(({ p, id }) =>
    CHANNELS.flatMap((channel) => {
      const key = channel.toLowerCase() as 'email' | 'sms' | 'push';
      const granted = p.row[`${key}_consent`];
      if (granted === undefined) return [];
      return [
        {
          customer_id: id,
          channel,
          state: granted ? ('GRANTED' as const) : ('DENIED' as const),
          source: p.row[`${key}_consent_source`] || IMPORT_LABEL,
          at: p.row[`${key}_consent_at`] ?? now,
        },
      ];
    }),
  );
}

/** The external ids among `ids` that belonged to erased customers. */
async function erasedAmong(q: Scoped, ids: readonly string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const byHash = new Map(ids.map((id) => [externalIdHash(q.programId, id).toString('hex'), id]));
  const rows = await erasedExternalIdHashes(
    q,
    [...byHash.keys()].map((h) => Buffer.from(h, 'hex')),
  );
  return new Set(rows.map((r) => byHash.get(r.external_id_hash.toString('hex'))!));
}

/** The same decisions as importRow, reading only. */
async function dryRunRow(q: Scoped, p: Parsed, fileId: string, seen: Map<string, number>): Promise<Outcome> {
  const r = p.row;
  const first = seen.get(r.external_id);
  if (first !== undefined)
    return { kind: 'rejected', field: 'external_id', reason: `Duplicate of line ${first}` };
  seen.set(r.external_id, p.line);
  if (await wasErased(q, r.external_id))
    return { kind: 'rejected', field: 'external_id', reason: 'Belonged to an erased customer; not imported' };
  const c = await customerByExternalId(q, r.external_id);
  if (c) return existing(await customerImportOf(q, c.id), p, fileId);
  return { kind: 'imported' };
}
