import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isEmpty, seedDemo } from '../../seeds/demo';
import { ConfigError, loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { migrateLatest } from '../db/migrate';
import { scoped } from '../db/scoped';
import { listApiKeys } from '../modules/auth/auth.repo';
import { createApiKey, revokeKey } from '../modules/auth/auth.service';
import type { Actor } from '../modules/auth/viewer';
import { ExportOptions, startExport } from '../modules/data/export.service';
import { importCustomers, type RejectedRow } from '../modules/data/import.service';
import {
  newsletterProgress,
  newsletterStatus,
  newsletters,
  requireNewsletter,
  SendNewsletterInput,
  sendNewsletter,
} from '../modules/messaging/newsletters.service';
import { findProgramBySlug, listPrograms, type ProgramRow } from '../modules/programs/programs.repo';
import { createProgram } from '../modules/programs/programs.service';
import { CSV_REPORTS, csvArgs, exportCsv } from '../modules/reports/reports.csv';
import { InviteStaffInput } from '../modules/staff/staff.inputs';
import { inviteStaff, staffInvitations, staffUsers } from '../modules/staff/staff.service';
import { systemClock } from '../shared/clock';
import type { RequestContext } from '../shared/context';
import { AppError, parseInput } from '../shared/errors';
import { progressBar } from './progress';

const USAGE = `Usage: npm run -s cli -- <command> [options]   (or: npx regulars <command> [options])

  program create --slug SLUG --name NAME --currency USD [--time-zone Europe/Paris]
  program list
  apikey create --program SLUG --role admin|marketing|staff|pos [--name NAME]
  apikey list --program SLUG
  apikey revoke --program SLUG --id KEY_ID
  staff invite --program SLUG --email EMAIL --role admin|marketing|staff [--name NAME]
                              prints a single-use console sign-in link (also emailed, by the
                              worker; links use PUBLIC_URL)
  staff list --program SLUG   console accounts and pending invitations
  migrate
  seed                        create the demo program (only into an empty database)
  import customers --program SLUG FILE.csv [--dry-run] [--file-id ID] [--rejects OUT.csv]
                              customers from CSV (see docs/data.md); rerunning is safe
  export customers|balances|ledger|purchases --program SLUG [--from DATE] [--to DATE] [--out FILE]
                              CSV to FILE or stdout; dates YYYY-MM-DD or ISO date-times, to exclusive
  newsletter list --program SLUG
  newsletter send --program SLUG --id NEWSLETTER_ID [--wait]
  newsletter progress --program SLUG --id NEWSLETTER_ID [--wait]
                              send a newsletter (the content check must pass), or see how far it
                              has got; --wait shows a progress bar until every message is out
                              (a worker must be running: npm start, or --worker)
  report NAME --program SLUG [--from YYYY-MM-DD --to YYYY-MM-DD] [--period day|week|month]
         [--time-zone TZ] [--as-of ISO-TIME] [--follow-up-days N] [--point-value N] [--out FILE]
                              a report as CSV (to FILE, or stdout); progress on stderr.
                              NAME: ${Object.keys(CSV_REPORTS).join(', ')}

  --json   print one JSON object on stdout
Uses DATABASE_URL, or the embedded PostgreSQL under REGULARS_DATA_DIR (default .data/),
also while \`npm start\` is running on it.`;

const CLI_ACTOR: Actor = { kind: 'cli', id: process.env.USER ?? null, role: 'admin' };

class UsageError extends Error {}

// long: one case per command, the whole CLI in one switch (USAGE above lists the same commands)
async function run(argv: string[]): Promise<unknown> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      slug: { type: 'string' },
      name: { type: 'string' },
      currency: { type: 'string' },
      'time-zone': { type: 'string' },
      program: { type: 'string' },
      role: { type: 'string' },
      email: { type: 'string' },
      id: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      'file-id': { type: 'string' },
      'batch-size': { type: 'string' },
      rejects: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      period: { type: 'string' },
      'as-of': { type: 'string' },
      'follow-up-days': { type: 'string' },
      'point-value': { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean', default: false },
      wait: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [noun, verb] = positionals;
  if (values.help || !noun) throw new UsageError(USAGE);
  const command = noun === 'report' ? 'report' : verb ? `${noun} ${verb}` : noun;
  const known = [
    'program create',
    'program list',
    'apikey create',
    'apikey list',
    'apikey revoke',
    'staff invite',
    'staff list',
    'migrate',
    'seed',
    'import customers',
    'export customers',
    'export balances',
    'export ledger',
    'export purchases',
    'report',
    'newsletter list',
    'newsletter send',
    'newsletter progress',
  ];
  if (!known.includes(command)) throw new UsageError(`Unknown command "${command}".\n\n${USAGE}`);

  const config = loadConfig();
  const database = await openDatabase(config, { migrate: false, applicationName: 'regulars-cli' });
  const { db } = database;
  try {
    if (command === 'migrate') return { applied: await migrateLatest(db) };
    await migrateLatest(db);
    const program = async (): Promise<ProgramRow> => {
      if (!values.program) throw new UsageError('--program SLUG is required');
      const p = await findProgramBySlug(db, values.program);
      if (!p) throw AppError.notFound(`Program "${values.program}"`);
      return p;
    };
    switch (command) {
      case 'program create': {
        const p = await createProgram(db, {
          slug: values.slug ?? '',
          name: values.name ?? '',
          currency: values.currency ?? '',
          timeZone: values['time-zone'],
        });
        return { id: p.id, slug: p.slug, name: p.name, currency: p.currency, timeZone: p.time_zone };
      }
      case 'program list':
        return {
          programs: (await listPrograms(db)).map((p) => ({
            id: p.id,
            slug: p.slug,
            name: p.name,
            currency: p.currency,
          })),
        };
      case 'apikey create': {
        const p = await program();
        const { key, secret } = await createApiKey(db, p.id, CLI_ACTOR, systemClock, {
          role: values.role as never,
          name: values.name,
        });
        return { id: key.id, key: secret, role: key.role, program: p.slug };
      }
      case 'apikey list': {
        const p = await program();
        return {
          keys: (await listApiKeys(scoped(db, p.id))).map((k) => ({
            id: k.id,
            role: k.role,
            name: k.name,
            prefix: k.prefix,
            createdAt: k.created_at,
            lastUsedAt: k.last_used_at,
            revokedAt: k.revoked_at,
          })),
        };
      }
      case 'apikey revoke': {
        const p = await program();
        const k = await revokeKey(db, p.id, CLI_ACTOR, systemClock, values.id ?? '');
        return { id: k.id, revokedAt: k.revoked_at };
      }
      case 'staff invite': {
        const p = await program();
        const { invitation, link } = await inviteStaff(
          cliContext(db, p.id),
          config,
          parseInput(InviteStaffInput, {
            email: values.email ?? '',
            role: (values.role ?? '').toUpperCase(),
            name: values.name,
          }),
        );
        return {
          link,
          email: invitation.email,
          role: invitation.role,
          program: p.slug,
          expiresAt: invitation.expires_at.toISOString(),
        };
      }
      case 'staff list': {
        const p = await program();
        const ctx = cliContext(db, p.id);
        return {
          staff: (await staffUsers(ctx)).map((u) => ({
            id: u.id,
            name: u.name,
            email: u.email,
            role: u.role,
            lastSignedInAt: u.last_signed_in_at,
            disabledAt: u.disabled_at,
          })),
          invitations: (await staffInvitations(ctx)).map((i) => ({
            email: i.email,
            role: i.role,
            invitedBy: i.invited_by,
            expiresAt: i.expires_at,
            emailed: i.email_sent_at ? 'yes' : (i.email_error ?? 'not yet'),
          })),
        };
      }
      case 'import customers': {
        const p = await program();
        const file = positionals[2];
        if (!file)
          throw new UsageError(
            'import customers needs the CSV file: ... import customers --program SLUG FILE.csv',
          );
        return await runImport(cliContext(db, p.id), file, values);
      }
      case 'export customers':
      case 'export balances':
      case 'export ledger':
      case 'export purchases': {
        const p = await program();
        return await runExport(cliContext(db, p.id), verb!, values);
      }
      case 'report': {
        const p = await program();
        const ctx = cliContext(db, p.id);
        const out = values.out ? createWriteStream(values.out) : process.stdout;
        let rows = 0;
        let bar: ReturnType<typeof progressBar> | null = null;
        await exportCsv(
          ctx,
          verb ?? '',
          csvArgs({
            from: values.from,
            to: values.to,
            period: values.period,
            timeZone: values['time-zone'],
            asOf: values['as-of'],
            followUpDays: values['follow-up-days'],
            pointValueMinorPer100: values['point-value'],
          }),
          {
            write: (line) =>
              new Promise<void>((resolve) => {
                if (out.write(line)) resolve();
                else out.once('drain', () => resolve());
              }),
            progress(done, total) {
              rows = done;
              bar ??= progressBar(`report ${verb}`, total ?? 0, 'rows');
              bar.update(done, done);
            },
          },
        );
        (bar as ReturnType<typeof progressBar> | null)?.finish(rows, rows);
        if (out !== process.stdout) await new Promise<void>((r) => out.end(() => r()));
        return { report: verb, rows, out: values.out ?? 'stdout' };
      }
      case 'newsletter list': {
        const p = await program();
        return {
          newsletters: (await newsletters(cliContext(db, p.id))).map((n) => ({
            id: n.id,
            title: n.title,
            status: n.status,
            audience: n.audience_count,
            scheduledAt: n.scheduled_at,
          })),
        };
      }
      case 'newsletter send':
      case 'newsletter progress': {
        const p = await program();
        const ctx = cliContext(db, p.id);
        let n =
          verb === 'send'
            ? await sendNewsletter(ctx, parseInput(SendNewsletterInput, { newsletterId: values.id ?? '' }))
            : await requireNewsletter(ctx, values.id ?? '');
        let progress = await newsletterProgress(ctx, n);
        if (values.wait) {
          const bar = progressBar('sending', n.audience_count ?? 0, 'messages');
          const done = () => progress.delivered + progress.suppressed + progress.failed + progress.unknown;
          for (;;) {
            bar.update(done(), done(), `queued ${progress.queued}, deferred ${progress.deferred}`);
            if (progress.fannedOut && progress.queued === 0) break;
            await new Promise((r) => setTimeout(r, 500));
            n = await requireNewsletter(ctx, n.id);
            progress = await newsletterProgress(ctx, n);
          }
          bar.finish(done(), done(), `deferred ${progress.deferred}`);
        }
        return { id: n.id, title: n.title, status: await newsletterStatus(ctx, n), ...progress };
      }
      case 'seed': {
        if (!(await isEmpty(db)))
          throw new UsageError(
            'The database already has programs; the demo is seeded only into an empty one.',
          );
        const demo = await seedDemo(db, systemClock, config);
        return {
          program: demo.program.slug,
          adminKey: demo.adminKey,
          posKey: demo.posKey,
          consoleSignIn: demo.ownerInvitation?.link,
        };
      }
    }
  } finally {
    await database.close();
  }
}

function cliContext(db: Parameters<typeof scoped>[0], programId: string): RequestContext {
  return { programId, q: scoped(db, programId), viewer: null, actor: CLI_ACTOR, clock: systemClock };
}

/** The file's SHA-256: its id unless --file-id says otherwise, so a rerun is recognised. */
async function sha256(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

interface DataFlags {
  'dry-run'?: boolean;
  'file-id'?: string;
  'batch-size'?: string;
  rejects?: string;
  from?: string;
  to?: string;
  out?: string;
  json?: boolean;
}

async function runImport(ctx: RequestContext, file: string, values: DataFlags) {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new UsageError(`Cannot read ${file}`);
  }
  const fileId = values['file-id'] ?? (await sha256(file));
  const dryRun = values['dry-run'] ?? false;
  const bar = progressBar(dryRun ? 'checking' : 'importing', size, 'rows');
  const rejects = values.rejects ? createWriteStream(values.rejects) : null;
  rejects?.write('line,field,reason\n');
  const killAt = Number(process.env.REGULARS_FAULT_IMPORT_KILL_AT_ROW ?? 0);
  let last = { rows: 0, bytes: 0, rejected: 0 };
  const report = await importCustomers(ctx, createReadStream(file, { highWaterMark: 256 * 1024 }), {
    fileId,
    dryRun,
    batchSize: values['batch-size'] ? Number(values['batch-size']) : undefined,
    onProgress: (p) => {
      last = p;
      bar.update(p.bytes, p.rows, `${p.rejected} rejected`);
    },
    onRejected: (r: RejectedRow) => {
      rejects?.write(`${r.line},${r.field},"${r.reason.replace(/"/g, '""')}"\n`);
    },
    // Fault injection for the crash test: the process dies mid-batch, as on a power cut.
    afterRow: killAt ? (n) => n === killAt && process.kill(process.pid, 'SIGKILL') : undefined,
  });
  if (rejects) {
    rejects.end();
    await once(rejects, 'finish');
  }
  bar.finish(size, last.rows, `${report.rejected} rejected`);
  if (report.fatal) throw new UsageError(`${path.basename(file)}: ${report.fatal}`);
  if (values.json) return report;
  const shown = report.rejectedRows.slice(0, 20).map((r) => `  line ${r.line}, ${r.field}: ${r.reason}`);
  return {
    file: `${file} (id ${fileId.slice(0, 16)}${fileId.length > 16 ? '…' : ''})`,
    ...(dryRun ? { dryRun: 'nothing was written' } : {}),
    rows: report.rows,
    [dryRun ? 'wouldImport' : 'imported']: report.imported,
    unchanged: report.unchanged,
    rejected: report.rejected,
    ...(shown.length
      ? {
          rejectedRows: `\n${shown.join('\n')}${report.rejected > shown.length ? `\n  … ${report.rejected - shown.length} more${values.rejects ? ` in ${values.rejects}` : ' (--rejects FILE writes them all)'}` : ''}`,
        }
      : {}),
  };
}

async function runExport(ctx: RequestContext, kind: string, values: DataFlags) {
  const run = await startExport(
    ctx,
    parseInput(ExportOptions, { kind, from: values.from, to: values.to }, []),
  );
  const out = values.out ? createWriteStream(values.out) : process.stdout;
  const bar = progressBar(`exporting ${kind}`, run.total, 'rows');
  let rows = -1; // the header is not a row
  for await (const chunk of run.lines) {
    rows += (chunk.match(/\r\n/g) ?? []).length;
    if (!out.write(chunk)) await once(out, 'drain');
    bar.update(rows, rows);
  }
  bar.finish(rows, rows);
  if (values.out) {
    (out as ReturnType<typeof createWriteStream>).end();
    await once(out, 'finish');
    return { kind, rows, file: values.out };
  }
  return null;
}

function human(result: unknown): string {
  return Object.entries(result as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v, null, 2) : String(v)}`)
    .join('\n');
}

const argv = process.argv.slice(2);
const json = argv.includes('--json');
run(argv)
  .then((result) => {
    // A CSV written to stdout keeps stdout to itself: an export says nothing more, a report's
    // summary goes to stderr.
    if (result !== null) {
      const stream = (result as { out?: string }).out === 'stdout' ? process.stderr : process.stdout;
      stream.write(`${json ? JSON.stringify(result) : human(result)}\n`);
    }
    process.exit(0);
  })
  .catch((err: unknown) => {
    let message: string;
    let issues: unknown;
    if (err instanceof AppError) {
      issues = err.details.issues;
      message = issues
        ? `${err.message}:\n${(issues as { path: string; message: string }[]).map((i) => `  ${i.path || '(input)'}: ${i.message}`).join('\n')}`
        : err.message;
    } else if (err instanceof UsageError || err instanceof ConfigError) {
      message = err.message;
    } else if (err instanceof TypeError && (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      message = `${err.message}\n\n${USAGE}`;
    } else {
      message = `Failed: ${err instanceof Error ? err.message : String(err)}`;
    }
    if (json)
      process.stdout.write(
        `${JSON.stringify({ error: { message, code: err instanceof AppError ? err.code : 'USAGE', issues } })}\n`,
      );
    process.stderr.write(`${message}\n`);
    process.exit(err instanceof UsageError ? 64 : 1);
  });
