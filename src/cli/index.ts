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
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [noun, verb] = positionals;
  if (values.help || !noun) throw new UsageError(USAGE);
  const command = verb ? `${noun} ${verb}` : noun;
  const known = [
    'program create',
    'program list',
    'apikey create',
    'apikey list',
    'apikey revoke',
    'migrate',
    'seed',
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

function human(result: unknown): string {
  return Object.entries(result as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v, null, 2) : String(v)}`)
    .join('\n');
}

const argv = process.argv.slice(2);
const json = argv.includes('--json');
run(argv)
  .then((result) => {
    process.stdout.write(`${json ? JSON.stringify(result) : human(result)}\n`);
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
