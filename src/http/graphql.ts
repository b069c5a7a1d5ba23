import { Readable } from 'node:stream';
import type { Context, Middleware } from 'koa';
import getRawBody from 'raw-body';
import type { AppDeps } from '../graphql/context';
import { graphqlErrorBody, httpStatusOf } from '../graphql/errors';
import type { createGraphQLHandler } from '../graphql/yoga';
import { authenticate } from '../modules/auth/auth.service';
import type { Viewer } from '../modules/auth/viewer';
import type { HttpExchange } from '../modules/staff/staff.service';
import {
  authenticateStaffSession,
  CSRF_HEADER,
  sessionCookie,
  sessionTokenFrom,
} from '../modules/staff/staff.sessions';
import { GRAPHIQL_CSP, setPageHeaders } from './console';
import type { RateLimiter } from './rate-limit';

const JSON_BODY = /^application\/json\s*(;|$)/i;

type Yoga = ReturnType<typeof createGraphQLHandler>;

export interface GraphqlLimits {
  /** Requests per viewer (per address when signed out). */
  requests: RateLimiter;
  /** Failed authentications per address. */
  authFailures: RateLimiter;
}

/** Who is asking; null from a step below means it has answered already (refused). */
interface Identity {
  viewer: Viewer | null;
  /** The session cookie named a session that has ended (the browser is told to forget it). */
  sessionEnded: boolean;
}

/**
 * The Koa glue of /graphql: who is asking (session cookie or bearer token), the rate limit,
 * the JSON body under BODY_LIMIT_BYTES, then yoga, whose answer is copied to Koa's.
 */
export function graphqlRoute(deps: AppDeps, yoga: Yoga, limits: GraphqlLimits): Middleware {
  return async (ctx) => {
    const auth = ctx.get('authorization');
    // The console's session cookie counts only without a bearer token (machines use keys).
    const cookieToken = auth ? null : sessionTokenFrom(ctx.get('cookie') || undefined);
    const exchange = httpExchange(ctx, cookieToken);
    const identity = auth
      ? await bearerIdentity(deps, ctx, limits.authFailures, auth)
      : cookieToken
        ? await cookieIdentity(deps, ctx, limits.authFailures, exchange.http)
        : { viewer: null, sessionEnded: false };
    if (!identity) return;
    const { viewer, sessionEnded } = identity;

    const wait = limits.requests.take(
      viewer
        ? `${viewer.kind}:${viewer.kind === 'api_key' ? viewer.keyId : viewer.sessionId}`
        : `ip:${ctx.ip}`,
    );
    if (wait > 0) {
      ctx.set('retry-after', String(wait));
      return fail(ctx, 'RATE_LIMITED', `Too many requests; retry after ${wait} s`);
    }

    // Only JSON bodies run operations: a form post (which any web page can make a browser
    // send, without CORS) or a multipart one is refused before GraphQL sees it.
    if (ctx.method === 'POST' && !JSON_BODY.test(ctx.get('content-type'))) {
      return fail(ctx, 'BAD_USER_INPUT', 'POST bodies must be application/json', 415);
    }
    const read = await readBody(ctx, deps.config.BODY_LIMIT_BYTES);
    if (!read) return;

    const headers = new Headers();
    for (const [k, v] of Object.entries(ctx.req.headers)) {
      if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
    }
    const response = await yoga.fetch(
      `http://${ctx.host || 'localhost'}${ctx.originalUrl}`,
      { method: ctx.method, headers, body: read.body as BodyInit | undefined },
      { viewer, requestId: ctx.state.requestId, log: ctx.state.log, http: exchange.http, sessionEnded },
    );
    await answer(ctx, response, exchange.setCookie());
  };
}

function fail(
  ctx: Context,
  code: Parameters<typeof graphqlErrorBody>[0],
  message: string,
  status = httpStatusOf(code),
): void {
  ctx.status = status;
  ctx.type = 'application/json';
  ctx.body = graphqlErrorBody(code, message);
}

/** What sign-in and sign-out see of the request; the cookie they set is sent with the answer. */
function httpExchange(ctx: Context, cookieToken: string | null) {
  let setCookie: string | null = null;
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
  return { http, setCookie: (): string | null => setCookie };
}

/** An address that keeps presenting bad credentials is refused before any lookup. */
function refusedForFailures(ctx: Context, authFailures: RateLimiter): boolean {
  const blocked = authFailures.peek(`ip:${ctx.ip}`);
  if (blocked === 0) return false;
  ctx.set('retry-after', String(blocked));
  fail(ctx, 'RATE_LIMITED', `Too many failed authentications; retry after ${blocked} s`);
  return true;
}

/** An API key or staff session token in `Authorization: Bearer …`; a bad one is a 401. */
async function bearerIdentity(
  deps: AppDeps,
  ctx: Context,
  authFailures: RateLimiter,
  auth: string,
): Promise<Identity | null> {
  if (refusedForFailures(ctx, authFailures)) return null;
  const token = /^Bearer\s+(\S+)$/i.exec(auth)?.[1];
  const viewer = token ? await authenticate(deps.db, deps.clock, token, deps.authCache) : null;
  if (!viewer) {
    authFailures.take(`ip:${ctx.ip}`);
    ctx.set('www-authenticate', 'Bearer');
    fail(
      ctx,
      'UNAUTHENTICATED',
      token
        ? 'Unknown, revoked or expired token'
        : 'The Authorization header must be "Bearer <token>" (an API key rk_… or a session token rs_…)',
    );
    return null;
  }
  return { viewer, sessionEnded: false };
}

/** The console's session cookie, which counts only with the CSRF header. */
async function cookieIdentity(
  deps: AppDeps,
  ctx: Context,
  authFailures: RateLimiter,
  http: HttpExchange,
): Promise<Identity | null> {
  // CSRF: a browser sends the cookie with any request to this site, but only our own
  // script can add a custom header (another origin's would need a CORS preflight we refuse).
  // Opening GraphiQL (a GET without a query) runs nothing and passes, signed out.
  if (!ctx.get(CSRF_HEADER)) {
    const runsOperation = ctx.method !== 'GET' || ctx.query.query !== undefined;
    if (!runsOperation) return { viewer: null, sessionEnded: false };
    fail(
      ctx,
      'FORBIDDEN',
      `Requests signed in with the session cookie must carry the header ${CSRF_HEADER} (any value)`,
      403,
    );
    return null;
  }
  if (refusedForFailures(ctx, authFailures)) return null;
  const viewer = await authenticateStaffSession(
    deps.db,
    deps.clock,
    http.cookieToken!,
    deps.config.STAFF_SESSION_IDLE_SECONDS,
    deps.authCache,
  );
  if (viewer) return { viewer, sessionEnded: false };
  // Signed out, expired or revoked: the request goes on signed out (signIn works, every
  // other field says the session ended) and the browser forgets the cookie.
  authFailures.take(`ip:${ctx.ip}`);
  http.clearSessionCookie();
  return { viewer: null, sessionEnded: true };
}

/** The request body (none for GET and HEAD); null once a body over the limit is answered. */
async function readBody(ctx: Context, limit: number): Promise<{ body?: Buffer } | null> {
  if (ctx.method === 'GET' || ctx.method === 'HEAD') return {};
  try {
    return { body: await getRawBody(ctx.req, { limit, length: ctx.get('content-length') || undefined }) };
  } catch (err) {
    const status = (err as { status?: number }).status ?? 400;
    fail(
      ctx,
      'BAD_USER_INPUT',
      status === 413 ? `Request body exceeds ${limit} bytes` : 'Could not read the request body',
      status,
    );
    return null;
  }
}

/** Yoga's answer as Koa's: status, headers, the session cookie, and the body (streamed for SSE). */
async function answer(ctx: Context, response: Response, setCookie: string | null): Promise<void> {
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
}
