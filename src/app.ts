import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import Router from '@koa/router';
import Koa, { type Middleware } from 'koa';
import { migrationsCurrent } from './db/migrate';
import type { AppDeps } from './graphql/context';
import { graphqlErrorBody } from './graphql/errors';
import { createGraphQLHandler } from './graphql/yoga';
import { consoleRouter } from './http/console';
import { dataRouter } from './http/data';
import { graphqlRoute } from './http/graphql';
import { linksRouter } from './http/links';
import { createMetrics, type Metrics } from './http/metrics';
import { RateLimiter } from './http/rate-limit';
import { reportsRouter } from './http/reports';
import { surveyRouter } from './http/survey';
import { withRequestLog } from './logger';

export type { AppDeps };

type Deps = AppDeps & { workerReady?: () => boolean };

const REQUEST_ID = /^[\w.:-]{1,128}$/;
const LIMITED_BY_ADDRESS = /^\/(graphql$|[upfs]\/|data\/|reports\/)/;

/**
 * Builds the HTTP app and never listens: `main.ts` listens, tests drive it on an
 * ephemeral port. Routes: /graphql (GraphiQL for browsers), /healthz, /readyz, /metrics,
 * /data/import, /data/export (CSV, admin keys), and the staff console at /console.
 * The middleware and routes are in the order a request meets them.
 */
export function buildApp(deps: Deps) {
  const { config, db } = deps;
  // Behind a reverse proxy (TRUST_PROXY=true): the client's address and HTTPS come from its
  // X-Forwarded-For and X-Forwarded-Proto, for limits and the cookie's Secure attribute.
  const app = new Koa({ proxy: config.TRUST_PROXY });
  const router = new Router();
  const metrics = createMetrics(db);
  const yoga = createGraphQLHandler(deps, metrics);

  app.use(requestLog(deps, metrics));
  // Before authentication, by client address: made-up keys and link scanners cost nothing.
  app.use(
    limitByAddress(
      new RateLimiter(config.RATE_LIMIT_PER_ADDRESS_PER_SECOND, config.RATE_LIMIT_PER_ADDRESS_BURST),
    ),
  );

  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', readiness(deps));
  router.get('/metrics', metricsRoute(deps, metrics));
  router.all(
    '/graphql',
    graphqlRoute(deps, yoga, {
      requests: new RateLimiter(config.RATE_LIMIT_PER_SECOND, config.RATE_LIMIT_BURST),
      authFailures: new RateLimiter(config.AUTH_FAILURES_PER_MINUTE / 60, config.AUTH_FAILURE_BURST),
    }),
  );

  app.use(router.routes());
  app.use(router.allowedMethods());
  app.use(linksRouter(deps).routes());
  app.use(surveyRouter(deps).routes());
  app.use(dataRouter(deps).routes());
  app.use(reportsRouter(deps).routes());
  const consoleApp = consoleRouter(deps);
  app.use(consoleApp.router.routes());
  return { app, metrics, console: { warm: consoleApp.warm } };
}

/** Request id, structured access log, latency metric, and the last line of defence. */
function requestLog(deps: Deps, metrics: Metrics): Middleware {
  return async (ctx, next) => {
    const given = ctx.get('x-request-id');
    const requestId = REQUEST_ID.test(given) ? given : randomUUID();
    ctx.state.requestId = requestId;
    ctx.state.log = deps.log.child({ requestId });
    ctx.set('x-request-id', requestId);
    const start = performance.now();
    try {
      await withRequestLog(ctx.state.log, next);
    } catch (err) {
      ctx.state.log.error({ err }, 'unhandled error');
      ctx.status = 500;
      ctx.body = graphqlErrorBody('INTERNAL_SERVER_ERROR', 'Internal server error');
    } finally {
      const route = ctx._matchedRoute ? String(ctx._matchedRoute) : 'unmatched';
      const seconds = (performance.now() - start) / 1000;
      metrics.http.observe({ method: ctx.method, route, status: String(ctx.status) }, seconds);
      ctx.state.log.info(
        { method: ctx.method, url: ctx.url, status: ctx.status, ms: Math.round(seconds * 1000) },
        'request',
      );
    }
  };
}

/**
 * The routes anyone on the internet can reach with a guess: GraphQL, the email links and the
 * CSV routes (which check the key themselves).
 */
function limitByAddress(addressLimiter: RateLimiter): Middleware {
  return async (ctx, next) => {
    if (!LIMITED_BY_ADDRESS.test(ctx.path)) return next();
    const wait = addressLimiter.take(`ip:${ctx.ip}`);
    if (wait === 0) return next();
    ctx.status = 429;
    ctx.set('retry-after', String(wait));
    if (ctx.path === '/graphql') {
      ctx.type = 'application/json';
      ctx.body = graphqlErrorBody('RATE_LIMITED', `Too many requests; retry after ${wait} s`);
    } else {
      ctx.type = 'text/plain';
      ctx.body = `Too many requests; retry after ${wait} s`;
    }
  };
}

function readiness({ db, workerReady }: Deps): Middleware {
  return async (ctx) => {
    try {
      await withTimeout(db.raw('select 1'), 2000);
      if (!(await withTimeout(migrationsCurrent(db), 2000))) {
        ctx.status = 503;
        ctx.body = { status: 'unavailable', reason: 'migrations pending' };
        return;
      }
      // The combined process: its job runner reconnecting after the database went away.
      if (workerReady && !workerReady()) {
        ctx.status = 503;
        ctx.body = { status: 'unavailable', reason: 'job worker reconnecting' };
        return;
      }
      ctx.body = { status: 'ready' };
    } catch (err) {
      ctx.state.log.warn({ err: String(err) }, 'readiness check failed');
      ctx.status = 503;
      ctx.body = { status: 'unavailable', reason: 'database unreachable' };
    }
  };
}

function metricsRoute({ config }: Deps, metrics: Metrics): Middleware {
  return async (ctx) => {
    const token = config.METRICS_TOKEN;
    if (!token && config.NODE_ENV === 'production') {
      ctx.status = 404; // not served in production without a token
      return;
    }
    if (token && !sameSecret(/^Bearer\s+(\S+)$/i.exec(ctx.get('authorization'))?.[1] ?? '', token)) {
      ctx.status = 401;
      ctx.set('www-authenticate', 'Bearer realm="metrics"');
      ctx.body = 'Metrics need Authorization: Bearer <METRICS_TOKEN>';
      return;
    }
    ctx.type = metrics.register.contentType;
    ctx.body = await metrics.register.metrics();
  };
}

function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    p,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms).unref(),
    ),
  ]);
}
