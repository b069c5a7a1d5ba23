import { AsyncLocalStorage } from 'node:async_hooks';
import pino from 'pino';

export type Logger = pino.Logger;

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: undefined,
    redact: { paths: ['req.headers.authorization', 'token', 'key'], censor: '[redacted]' },
  });
}

/**
 * The current request's logger (with its request id), for code that has no context to be
 * handed it — the GraphQL error mask, for one. Set by the Koa request middleware.
 */
const requestLog = new AsyncLocalStorage<Logger>();

export function withRequestLog<T>(log: Logger, fn: () => T): T {
  return requestLog.run(log, fn);
}

export function currentLog(fallback: Logger): Logger {
  return requestLog.getStore() ?? fallback;
}
