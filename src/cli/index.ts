import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { isEmpty, seedDemo } from '../../seeds/demo';
import { ConfigError, loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { migrateLatest } from '../db/migrate';
import { scoped } from '../db/scoped';
import { listApiKeys } from '../modules/auth/auth.repo';
import { createApiKey, revokeKey } from '../modules/auth/auth.service';
import type { Actor } from '../modules/auth/viewer';
import { findProgramBySlug, listPrograms, type ProgramRow } from '../modules/programs/programs.repo';
import { createProgram } from '../modules/programs/programs.service';
import { CSV_REPORTS, csvArgs, exportCsv } from '../modules/reports/reports.csv';
import { systemClock } from '../shared/clock';
import { AppError } from '../shared/errors';

const USAGE = `Usage: npm run -s cli -- <command> [options]   (or: npx regulars <command> [options])

  program create --slug SLUG --name NAME --currency USD [--time-zone Europe/Paris]
  program list
  apikey create --program SLUG --role admin|marketing|staff|pos [--name NAME]
  apikey list --program SLUG
  apikey revoke --program SLUG --id KEY_ID
  migrate
  seed                        create the demo program (only into an empty database)
  report NAME --program SLUG [--from YYYY-MM-DD --to YYYY-MM-DD] [--period day|week|month]
         [--time-zone TZ] [--as-of ISO-TIME] [--follow-up-days N] [--point-value N] [--out FILE]
                              a report as CSV (to FILE, or stdout); progress on stderr.
                              NAME: ${Object.keys(CSV_REPORTS).join(', ')}

  --json   print one JSON object on stdout
Uses DATABASE_URL, or the embedded PostgreSQL under REGULARS_DATA_DIR (default .data/),
also while \`npm start\` is running on it.`;

const CLI_ACTOR: Actor = { kind: 'cli', id: process.env.USER ?? null, role: 'admin' };

class UsageError extends Error {}

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
      id: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      period: { type: 'string' },
      'as-of': { type: 'string' },
      'follow-up-days': { type: 'string' },
      'point-value': { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean', default: false },
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
    'migrate',
    'seed',
    'report',
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
      case 'report': {
        const p = await program();
        const ctx = {
          programId: p.id,
          q: scoped(db, p.id),
          viewer: null,
          actor: CLI_ACTOR,
          clock: systemClock,
        };
        const out = values.out ? createWriteStream(values.out) : process.stdout;
        let rows = 0;
        let last = 0;
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
              const now = Date.now();
              if (now - last < 200 && done !== total) return;
              last = now;
              process.stderr.write(`\r${progressBar(done, total)}`);
            },
          },
        );
        process.stderr.write('\n');
        if (out !== process.stdout) await new Promise<void>((r) => out.end(() => r()));
        return { report: verb, rows, out: values.out ?? 'stdout' };
      }
      case 'seed': {
        if (!(await isEmpty(db)))
          throw new UsageError(
            'The database already has programs; the demo is seeded only into an empty one.',
          );
        const demo = await seedDemo(db);
        return { program: demo.program.slug, adminKey: demo.adminKey, posKey: demo.posKey };
      }
    }
  } finally {
    await database.close();
  }
}

/** `[########------------]  40%  40000/100000 rows` */
export function progressBar(done: number, total: number | null): string {
  if (!total) return `${done} rows`;
  const share = Math.min(1, done / total);
  const width = 30;
  const full = Math.round(share * width);
  return `[${'#'.repeat(full)}${'-'.repeat(width - full)}] ${String(Math.round(share * 100)).padStart(3)}%  ${done}/${total} rows`;
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
    // A CSV written to stdout keeps stdout to itself: the summary goes to stderr.
    const stream = (result as { out?: string }).out === 'stdout' ? process.stderr : process.stdout;
    stream.write(`${json ? JSON.stringify(result) : human(result)}\n`);
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
