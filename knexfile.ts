// For the knex CLI and tools that expect a knexfile. The app itself does not read this file:
// `src/db/database.ts` resolves the database (DATABASE_URL, or the embedded default) and
// `npm run migrate` applies migrations through the same migration source.
import type { Knex } from 'knex';
import { loadConfig } from './src/config';
import { migrationSource } from './src/db/migrate';

const config = loadConfig();

const knexConfig: Knex.Config = {
  client: 'pg',
  connection: config.DATABASE_URL,
  migrations: { migrationSource },
};

export default knexConfig;
