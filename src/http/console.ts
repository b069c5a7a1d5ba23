import Router from '@koa/router';
import type { Context } from 'koa';
import { type Asset, buildConsole, type ConsoleBundle } from '../console/build';
import { graphiqlAssets } from '../console/graphiql';
import type { AppDeps } from '../graphql/context';

/**
 * The console page may run only its own script: no inline script, no eval, nothing from another
 * origin. Styles are the bundle's stylesheet; `style` properties set from script (the chart's
 * bar widths) are CSSOM, which style-src does not restrict. The newsletter preview is a
 * sandboxed srcdoc frame (no script, its own opaque origin).
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** GraphiQL's editor (Monaco) adds <style> elements and inline styles as it runs. */
export const GRAPHIQL_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "worker-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "object-src 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function setPageHeaders(ctx: Context, csp: string): void {
  ctx.set('content-security-policy', csp);
  ctx.set('cache-control', 'no-cache');
  ctx.set('x-content-type-options', 'nosniff');
  // An invitation link carries its token in the query string: never send it on.
  ctx.set('referrer-policy', 'no-referrer');
  ctx.set('x-frame-options', 'DENY');
}

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function indexHtml(b: ConsoleBundle): string {
  const a = (n: string) => `/console/assets/${esc(n)}`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>Regulars console</title><link rel="stylesheet" href="${a(b.style)}">
<script type="module" src="${a(b.script)}"></script></head>
<body><div id="app"><noscript>The Regulars console needs JavaScript.</noscript><p class="boot">Loading the console…</p></div></body></html>`;
}

/**
 * The staff console at /console: one HTML page for every path under it (the console routes in
 * the browser), and its hashed, immutable assets at /console/assets/. The bundle is built in
 * this process from console/src on first use (`warm()` at start-up), kept in memory.
 */
export function consoleRouter(deps: Pick<AppDeps, 'log'>) {
  const router = new Router();
  let building: Promise<ConsoleBundle> | null = null;
  const bundle = () => {
    building ??= buildConsole().then(
      (b) => {
        deps.log.info({ ms: b.ms, script: b.script }, 'console built');
        return b;
      },
      (err) => {
        building = null; // the next request tries again (a fixed source, a restored file)
        deps.log.error({ err }, 'console build failed');
        throw err;
      },
    );
    return building;
  };

  router.get('/console/assets/:file', async (ctx) => {
    const name = ctx.params.file ?? '';
    const found = name.startsWith('graphiql-')
      ? (await graphiqlAssets()).assets.get(name)
      : (await bundle()).assets.get(name);
    if (!found) {
      ctx.status = 404;
      ctx.set('cache-control', 'no-store');
      ctx.body = 'Not found';
      return;
    }
    sendAsset(ctx, found);
  });

  const page = async (ctx: Context) => {
    setPageHeaders(ctx, CONSOLE_CSP);
    try {
      const b = await bundle();
      ctx.type = 'text/html; charset=utf-8';
      ctx.body = indexHtml(b);
    } catch {
      ctx.status = 503;
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = 'The console could not be built; the server log says why.';
    }
  };
  router.get('/console', page);
  router.get('/console/{*path}', page);

  return { router, warm: () => bundle().then((b) => b.ms) };
}

/** A hashed asset: cached for a year, gzipped when the client takes it. */
function sendAsset(ctx: Context, file: Asset): void {
  ctx.set('cache-control', 'public, max-age=31536000, immutable');
  ctx.set('x-content-type-options', 'nosniff');
  ctx.set('vary', 'accept-encoding');
  ctx.type = file.type;
  if (file.gzip && ctx.acceptsEncodings('gzip', 'identity') === 'gzip') {
    ctx.set('content-encoding', 'gzip');
    ctx.body = file.gzip;
  } else {
    ctx.body = file.body;
  }
}
