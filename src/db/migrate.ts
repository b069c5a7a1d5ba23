import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Knex } from 'knex';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url));

interface Migration {
  up(knex: Knex): Promise<void>;
  down?(knex: Knex): Promise<void>;
}

/**
 * Migrations are TypeScript modules in `migrations/`, loaded with `import()` so the same
 * source works under tsx, vitest and the knex CLI alike.
 */
export const migrationSource: Knex.MigrationSource<string> = {
  async getMigrations() {
    return (await fs.readdir(MIGRATIONS_DIR)).filter((f) => /^\d+_.+\.ts$/.test(f)).sort();
  },
  getMigrationName: (name) => name,
  async getMigration(name) {
    return (await import(path.join(MIGRATIONS_DIR, name))) as Migration;
  },
};

export async function migrateLatest(db: Knex): Promise<string[]> {
  const [, applied] = (await db.migrate.latest({ migrationSource })) as [number, string[]];
  return applied;
}

/** True when every migration in `migrations/` has been applied (what /readyz reports). */
export async function migrationsCurrent(db: Knex): Promise<boolean> {
  const [, pending] = (await db.migrate.list({ migrationSource })) as [unknown[], unknown[]];
  return pending.length === 0;
}
