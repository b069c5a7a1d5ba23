import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { Readable } from 'node:stream';
import Router from '@koa/router';
import Koa from 'koa';
import getRawBody from 'raw-body';
import { migrationsCurrent } from './db/migrate';
import type { AppDeps } from './graphql/context';
import { graphqlErrorBody, httpStatusOf } from './graphql/errors';
import { createGraphQLHandler } from './graphql/yoga';
import { consoleRouter, GRAPHIQL_CSP, setPageHeaders } from './http/console';
import { dataRouter } from './http/data';
import { linksRouter } from './http/links';
import { createMetrics } from './http/metrics';
import { RateLimiter } from './http/rate-limit';
import { reportsRouter } from './http/reports';
import { surveyRouter } from './http/survey';
import { withRequestLog } from './logger';
import { authenticate } from './modules/auth/auth.service';
import type { Viewer } from './modules/auth/viewer';
import type { HttpExchange } from './modules/staff/staff.service';
import {
  authenticateStaffSession,
  CSRF_HEADER,
  sessionCookie,
  sessionTokenFrom,
} from './modules/staff/staff.sessions';

export type { AppDeps };

const REQUEST_ID = /^[\w.:-]{1,128}$/;
const JSON_BODY = /^application\/json\s*(;|$)/i;
const LIMITED_BY_ADDRESS = /^\/(graphql$|[upfs]\/|data\/|reports\/)/;

/**
 * Builds the HTTP app and never listens: `main.ts` listens, tests drive it on an
 * ephemeral port. Routes: /graphql (GraphiQL for browsers), /healthz, /readyz, /metrics,
 * /data/import, /data/export (CSV, admin keys), and the staff console at /console.
 */
// long: the middleware chain and the route table, in the order a request meets them
export function buildApp(deps: AppDeps & { workerReady?: () => boolean }) {
  const { config, db } = deps;
  // Behind a reverse proxy (TRUST_PROXY=true): the client's address and HTTPS come from its
  // X-Forwarded-For and X-Forwarded-Proto, for limits and the cookie's Secure attribute.
  const app = new Koa({ proxy: config.TRUST_PROXY });
  const router = new Router();
  const metrics = createMetrics(db);
  const yoga = createGraphQLHandler(deps, metrics);
  const limiter = new RateLimiter(config.RATE_LIMIT_PER_SECOND, config.RATE_LIMIT_BURST);
  // Before authentication, by client address: made-up keys and link scanners cost nothing.
  const addressLimiter = new RateLimiter(
    config.RATE_LIMIT_PER_ADDRESS_PER_SECOND,
    config.RATE_LIMIT_PER_ADDRESS_BURST,
  );
  const authFailures = new RateLimiter(config.AUTH_FAILURES_PER_MINUTE / 60, config.AUTH_FAILURE_BURST);

  // Request id, structured access log, latency metric, and the last line of defence.
  app.use(async (ctx, next) => {
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
  });

  // The routes anyone on the internet can reach with a guess: GraphQL, the email links and the
  // CSV routes (which check the key themselves).
  app.use(async (ctx, next) => {
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
  });

  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });

  router.get('/readyz', async (ctx) => {
    try {
      await withTimeout(db.raw('select 1'), 2000);
      if (!(await withTimeout(migrationsCurrent(db), 2000))) {
        ctx.status = 503;
        ctx.body = { status: 'unavailable', reason: 'migrations pending' };
        return;
      }
      // The combined process: its job runner reconnecting after the database went away.
      if (deps.workerReady && !deps.workerReady()) {
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
  });

  router.get('/metrics', async (ctx) => {
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
  });

  router.all('/graphql', async (ctx) => {
    const fail = (
      code: Parameters<typeof graphqlErrorBody>[0],
      message: string,
      status = httpStatusOf(code),
    ) => {
      ctx.status = status;
      ctx.type = 'application/json';
      ctx.body = graphqlErrorBody(code, message);
    };

    let viewer: Viewer | null = null;
    const auth = ctx.get('authorization');
    // The console's session cookie counts only without a bearer token (machines use keys).
    const cookieToken = auth ? null : sessionTokenFrom(ctx.get('cookie') || undefined);
    let setCookie: string | null = null;
    let sessionEnded = false;
    const http: HttpExchange = {
      ip: ctx.ip,
      userAgent: ctx.get('user-agent') || null,
      cookieToken,
      setSessionCookie: (token, expiresAt) => {
        setCookie = sessionCookie(token, { expiresAt, secure: ctx.secure });
      },
      clearSessionCookie: () => {
        setCookie = sessionCookie(null, { secure: ctx.secure });
      },
    };
    if (cookieToken) {
      // CSRF: a browser sends the cookie with any request to this site, but only our own
      // script can add a custom header (another origin's would need a CORS preflight we refuse).
      // Opening GraphiQL (a GET without a query) runs nothing and passes, signed out.
      const runsOperation = ctx.method !== 'GET' || ctx.query.query !== undefined;
      if (!ctx.get(CSRF_HEADER)) {
        if (runsOperation)
          return fail(
            'FORBIDDEN',
            `Requests signed in with the session cookie must carry the header ${CSRF_HEADER} (any value)`,
            403,
          );
      } else {
        const blocked = authFailures.peek(`ip:${ctx.ip}`);
        if (blocked > 0) {
          ctx.set('retry-after', String(blocked));
          return fail('RATE_LIMITED', `Too many failed authentications; retry after ${blocked} s`);
        }
        viewer = await authenticateStaffSession(
          db,
          deps.clock,
          cookieToken,
          config.STAFF_SESSION_IDLE_SECONDS,
          deps.authCache,
        );
        if (!viewer) {
          // Signed out, expired or revoked: the request goes on signed out (signIn works, every
          // other field says the session ended) and the browser forgets the cookie.
          authFailures.take(`ip:${ctx.ip}`);
          sessionEnded = true;
          http.clearSessionCookie();
        }
      }
    }
    if (auth) {
      // An address that keeps presenting bad tokens is refused before any lookup.
      const blocked = authFailures.peek(`ip:${ctx.ip}`);
      if (blocked > 0) {
        ctx.set('retry-after', String(blocked));
        return fail('RATE_LIMITED', `Too many failed authentications; retry after ${blocked} s`);
      }
      const token = /^Bearer\s+(\S+)$/i.exec(auth)?.[1];
      viewer = token ? await authenticate(db, deps.clock, token, deps.authCache) : null;
      if (!viewer) {
        authFailures.take(`ip:${ctx.ip}`);
        ctx.set('www-authenticate', 'Bearer');
        return fail(
          'UNAUTHENTICATED',
          token
            ? 'Unknown, revoked or expired token'
            : 'The Authorization header must be "Bearer <token>" (an API key rk_… or a session token rs_…)',
        );
      }
    }

    const wait = limiter.take(
      viewer
        ? `${viewer.kind}:${viewer.kind === 'api_key' ? viewer.keyId : viewer.sessionId}`
        : `ip:${ctx.ip}`,
    );
    if (wait > 0) {
      ctx.set('retry-after', String(wait));
      return fail('RATE_LIMITED', `Too many requests; retry after ${wait} s`);
    }

    // Only JSON bodies run operations: a form post (which any web page can make a browser
    // send, without CORS) or a multipart one is refused before GraphQL sees it.
    if (ctx.method === 'POST' && !JSON_BODY.test(ctx.get('content-type'))) {
      return fail('BAD_USER_INPUT', 'POST bodies must be application/json', 415);
    }

    let body: Buffer | undefined;
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') {
      try {
        body = await getRawBody(ctx.req, {
          limit: config.BODY_LIMIT_BYTES,
          length: ctx.get('content-length') || undefined,
        });
      } catch (err) {
        const status = (err as { status?: number }).status ?? 400;
        return fail(
          'BAD_USER_INPUT',
          status === 413
            ? `Request body exceeds ${config.BODY_LIMIT_BYTES} bytes`
            : 'Could not read the request body',
          status,
        );
      }
    }

    const headers = new Headers();
    for (const [k, v] of Object.entries(ctx.req.headers)) {
      if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
    }
    const response = await yoga.fetch(
      `http://${ctx.host || 'localhost'}${ctx.originalUrl}`,
      { method: ctx.method, headers, body: body as BodyInit | undefined },
      { viewer, requestId: ctx.state.requestId, log: ctx.state.log, http, sessionEnded },
    );
    ctx.status = response.status;
    response.headers.forEach((value, key) => {
      if (key !== 'content-length') ctx.set(key, value);
    });
    // GraphiQL: its files come from /console/assets/, and it may run nothing else.
    if (response.headers.get('content-type')?.startsWith('text/html')) setPageHeaders(ctx, GRAPHIQL_CSP);
    if (setCookie) {
      ctx.set('set-cookie', setCookie);
      ctx.set('cache-control', 'no-store');
    }
    // Subscriptions (Server-Sent Events): streamed as yoga writes them, and ended when the
    // client goes away (yoga then ends the subscription and its listeners).
    if (response.body && response.headers.get('content-type')?.startsWith('text/event-stream')) {
      ctx.remove('content-encoding');
      // yoga's body is a ReadableStream of @whatwg-node (not always Node's own): read it as an
      // async iterable, which both are.
      const stream = Readable.from(response.body as unknown as AsyncIterable<Uint8Array>, {
        objectMode: false,
      });
      ctx.req.socket.setTimeout(0);
      ctx.req.on('close', () => stream.destroy());
      ctx.res.on('close', () => stream.destroy());
      ctx.body = stream;
      return;
    }
    // Koa turns a null body into 204; yoga's bodiless answers (405, 415…) must keep their status.
    ctx.body = Buffer.from(await response.arrayBuffer());
  });

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
