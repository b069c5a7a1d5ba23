import path from 'node:path';
import { z } from 'zod';

/** Empty strings in the environment mean "unset", as in most shells' `VAR= cmd`. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const Env = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: optional(z.url({ protocol: /^postgres(ql)?$/ })),
  REGULARS_DATA_DIR: z.string().min(1).default('.data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(500).default(10),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_000_000),
  RATE_LIMIT_PER_SECOND: z.coerce.number().positive().default(50),
  RATE_LIMIT_BURST: z.coerce.number().int().positive().default(200),
  // Per client address, before authentication: /graphql and the links in emails.
  RATE_LIMIT_PER_ADDRESS_PER_SECOND: z.coerce.number().positive().default(100),
  RATE_LIMIT_PER_ADDRESS_BURST: z.coerce.number().int().positive().default(400),
  // Failed authentications per client address: past the burst, 429 without a lookup.
  AUTH_FAILURES_PER_MINUTE: z.coerce.number().positive().default(30),
  AUTH_FAILURE_BURST: z.coerce.number().int().positive().default(20),
  SESSION_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3600),
  // Staff console sessions (cookie): ended after this long without a request, and always after
  // the absolute lifetime. Invitation links work once, within their lifetime.
  STAFF_SESSION_IDLE_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(30 * 86_400)
    .default(2 * 3600),
  STAFF_SESSION_MAX_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(90 * 86_400)
    .default(12 * 3600),
  STAFF_INVITATION_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(30 * 86_400)
    .default(7 * 86_400),
  // Failed sign-ins: past this many in SIGN_IN_WINDOW_SECONDS for one email (or, separately,
  // from one address), further attempts wait until the window ends.
  SIGN_IN_MAX_FAILURES_PER_EMAIL: z.coerce.number().int().min(1).default(5),
  SIGN_IN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(20),
  SIGN_IN_WINDOW_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .default(15 * 60),
  // Behind a reverse proxy that sets X-Forwarded-For and X-Forwarded-Proto: trust them (client
  // address for limits; HTTPS for the session cookie's Secure attribute).
  TRUST_PROXY: optional(z.enum(['true', 'false']).transform((v) => v === 'true')),
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(2).default(10),
  GRAPHQL_MAX_ALIASES: z.coerce.number().int().min(1).default(30),
  GRAPHQL_MAX_TOKENS: z.coerce.number().int().min(100).default(2000),
  GRAPHQL_MAX_COST: z.coerce.number().int().min(100).default(5000),
  // Unset: on in development and test, off in production.
  GRAPHQL_INTROSPECTION: optional(z.enum(['true', 'false']).transform((v) => v === 'true')),
  GRAPHIQL: optional(z.enum(['true', 'false']).transform((v) => v === 'true')),
  // Comma-separated origins allowed to call /graphql from a browser; unset: no CORS at all.
  CORS_ORIGINS: optional(
    z
      .string()
      .transform((v) =>
        v
          .split(',')
          .map((o) => o.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.url({ protocol: /^https?$/ })).min(1)),
  ),
  // GET /metrics needs `Authorization: Bearer <METRICS_TOKEN>`; unset: open outside production,
  // not served in production.
  METRICS_TOKEN: optional(z.string().min(16)),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  // Messaging. No SMTP_URL → email is recorded in the local outbox (listable via the API).
  // Unset: the address the API listens on (HOST and the port actually bound; see main.ts).
  PUBLIC_URL: optional(z.url({ protocol: /^https?$/ })),
  SMTP_URL: optional(z.url({ protocol: /^smtps?$/ })),
  MAIL_FROM: z.string().min(3).default('Regulars <hello@regulars.localhost>'),
  DKIM_DOMAIN: optional(z.string().min(1)),
  DKIM_SELECTOR: optional(z.string().min(1)),
  DKIM_PRIVATE_KEY: optional(z.string().includes('PRIVATE KEY')),
  WEBHOOK_URL: optional(z.url({ protocol: /^https?$/ })),
  WEBHOOK_SECRET: optional(z.string().min(16)),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(10).default(5000),
  // Outbound event webhooks (docs/webhooks.md). Receivers on private, loopback and link-local
  // addresses (after DNS) are refused unless this is true: staff must not reach internal services.
  WEBHOOK_ALLOW_PRIVATE: optional(z.enum(['true', 'false']).transform((v) => v === 'true')),
  // A failed delivery is retried after base × 2^(attempt−1) (at most the max), with jitter,
  // for up to WEBHOOK_RETRY_FOR_MS after the event; an endpoint is disabled after this many
  // failed attempts in a row.
  WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(1).default(30_000),
  WEBHOOK_RETRY_MAX_MS: z.coerce.number().int().min(1).default(3_600_000),
  WEBHOOK_RETRY_FOR_MS: z.coerce.number().int().min(1).default(86_400_000),
  WEBHOOK_DISABLE_AFTER_FAILURES: z.coerce.number().int().min(1).default(50),
  // Signs unsubscribe and feedback links; tokens never expire, so rotate only with care.
  UNSUBSCRIBE_SECRET: optional(z.string().min(16)),
  MESSAGE_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(25).default(5),
  // SMTP: a server that never answers releases its worker slot after these (nodemailer's own
  // defaults are 2 min to connect and 10 min of silence).
  SMTP_CONNECTION_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  SMTP_GREETING_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  SMTP_SOCKET_TIMEOUT_MS: z.coerce.number().int().min(100).default(60_000),
  // Batch delivery (newsletters): SMTP connections kept open per worker process (the bound on
  // sends in flight at once), and messages claimed, checked and rendered per statement.
  SMTP_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(8),
  DELIVERY_BATCH_SIZE: z.coerce.number().int().min(1).max(2000).default(200),
  // Job worker: message delivery has its own slots, so a slow provider cannot starve surveys,
  // expiry and tier jobs (which share JOB_CONCURRENCY).
  JOB_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(4),
  DELIVERY_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(4),
  // A worker that has not refreshed its heartbeat for this long is dead: its jobs are released.
  WORKER_RECOVERY_MS: z.coerce.number().int().min(1000).default(60_000),
  POINTS_EXPIRY_NOTICE_DAYS: z.coerce.number().int().min(1).max(365).default(14),
});

export type Config = Readonly<
  Omit<
    z.infer<typeof Env>,
    'PUBLIC_URL' | 'GRAPHQL_INTROSPECTION' | 'GRAPHIQL' | 'TRUST_PROXY' | 'WEBHOOK_ALLOW_PRIVATE'
  > & {
    WEBHOOK_ALLOW_PRIVATE: boolean;
    GRAPHQL_INTROSPECTION: boolean;
    GRAPHIQL: boolean;
    TRUST_PROXY: boolean;
    dataDir: string;
    /** Base of the links in messages: PUBLIC_URL, else where the API listens. */
    PUBLIC_URL: string;
    /** False when PUBLIC_URL was derived from HOST and PORT (main.ts corrects the port). */
    publicUrlGiven: boolean;
  }
>;

/** `http://host:port` of a listening address; any-interface addresses become loopback. */
export function listeningUrl(host: string, port: number): string {
  const h = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${h.includes(':') ? `[${h}]` : h}:${port}`;
}

/** The config once the API listens: a derived PUBLIC_URL gets the port actually bound. */
export function withListeningPort(config: Config, port: number): Config {
  if (config.publicUrlGiven) return config;
  return Object.freeze({ ...config, PUBLIC_URL: listeningUrl(config.HOST, port) });
}

export class ConfigError extends Error {
  constructor(readonly issues: z.core.$ZodIssue[]) {
    super(
      `Invalid environment:\n${issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) throw new ConfigError(parsed.error.issues);
  const e = parsed.data;
  const missing = (name: string, message: string) =>
    new ConfigError([{ code: 'custom', path: [name], message, input: undefined }]);
  if (e.NODE_ENV === 'production' && !e.UNSUBSCRIBE_SECRET)
    throw missing(
      'UNSUBSCRIBE_SECRET',
      'Required in production: it signs unsubscribe, survey and feedback links (at least 16 random characters, e.g. `openssl rand -base64 32`)',
    );
  if (e.WEBHOOK_URL && !e.WEBHOOK_SECRET)
    throw missing('WEBHOOK_SECRET', 'Required with WEBHOOK_URL (signs webhook bodies)');
  if (
    (e.DKIM_DOMAIN || e.DKIM_SELECTOR || e.DKIM_PRIVATE_KEY) &&
    !(e.DKIM_DOMAIN && e.DKIM_SELECTOR && e.DKIM_PRIVATE_KEY)
  )
    throw missing('DKIM_PRIVATE_KEY', 'Give DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY together');
  return Object.freeze({
    ...e,
    dataDir: path.resolve(e.REGULARS_DATA_DIR),
    PUBLIC_URL: e.PUBLIC_URL ?? listeningUrl(e.HOST, e.PORT),
    publicUrlGiven: e.PUBLIC_URL !== undefined,
    GRAPHQL_INTROSPECTION: e.GRAPHQL_INTROSPECTION ?? e.NODE_ENV !== 'production',
    GRAPHIQL: e.GRAPHIQL ?? e.NODE_ENV !== 'production',
    TRUST_PROXY: e.TRUST_PROXY ?? false,
    WEBHOOK_ALLOW_PRIVATE: e.WEBHOOK_ALLOW_PRIVATE ?? false,
  });
}
