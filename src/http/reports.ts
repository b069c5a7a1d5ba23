import { PassThrough } from 'node:stream';
import Router from '@koa/router';
import type { Context } from 'koa';
import type { AppDeps } from '../graphql/context';
import { graphqlErrorBody, httpStatusOf } from '../graphql/errors';
import { authenticate } from '../modules/auth/auth.service';
import { CSV_REPORTS, type CsvSink, csvArgs, exportCsv } from '../modules/reports/reports.csv';
import type { RequestContext } from '../shared/context';
import { AppError } from '../shared/errors';
import { viewerContext } from './viewer-context';

const STATUS: Partial<Record<AppError['code'], number>> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  BAD_USER_INPUT: 400,
  NOT_FOUND: 404,
};

/**
 * GET /reports/<name>.csv?from=…&to=…: a report as CSV, streamed as it is written (with
 * back-pressure), for an API key whose role may read that report. Bad arguments answer
 * 400 with the GraphQL error body before any CSV is sent.
 */
export function reportsRouter(deps: AppDeps) {
  const router = new Router();
  router.get('/reports/:file', async (ctx) => {
    const name = /^([a-z-]+)\.csv$/.exec(ctx.params.file ?? '')?.[1];
    if (!name || !(name in CSV_REPORTS)) {
      ctx.status = 404;
      ctx.body = `Unknown report; one of ${Object.keys(CSV_REPORTS).join(', ')} (as <name>.csv)`;
      return;
    }
    const rc = await readerOf(deps, ctx, name);
    if (!rc) return;
    const args = csvArgs(ctx.query as Record<string, string | undefined>);
    try {
      await streamCsv(ctx, name, (sink) => exportCsv(rc, name, args, sink));
    } catch (err) {
      if (err instanceof AppError) return fail(ctx, err);
      throw err;
    }
  });
  return router;
}

function fail(ctx: Context, e: AppError): void {
  ctx.status = STATUS[e.code] ?? httpStatusOf(e.code);
  ctx.type = 'application/json';
  ctx.body = graphqlErrorBody(e.code, e.message, e.details);
}

/** The request context of an API key whose role may read report `name`; null once refused. */
async function readerOf(deps: AppDeps, ctx: Context, name: string): Promise<RequestContext | null> {
  const token = /^Bearer\s+(\S+)$/i.exec(ctx.get('authorization'))?.[1];
  const viewer = token ? await authenticate(deps.db, deps.clock, token) : null;
  if (!viewer) {
    ctx.set('www-authenticate', 'Bearer');
    fail(ctx, AppError.unauthenticated());
    return null;
  }
  if (!CSV_REPORTS[name]!.includes(viewer.role)) {
    fail(ctx, AppError.forbidden(`The ${name} report is not allowed for role ${viewer.role}`));
    return null;
  }
  return viewerContext(deps, viewer);
}

/**
 * Runs `write` and answers with what it writes as `<name>.csv`. Resolves once the first line is
 * out (from there on it streams, and a failure ends the stream) or rejects with what `write`
 * threw before its first line (bad arguments), when nothing has been sent.
 */
async function streamCsv(ctx: Context, name: string, write: (sink: CsvSink) => Promise<void>) {
  const out = new PassThrough();
  let started = false;
  const sink = {
    async write(line: string) {
      if (!started) {
        // The first line: the arguments were good, the report runs; from here on it streams.
        started = true;
        ctx.status = 200;
        ctx.type = 'text/csv; charset=utf-8';
        ctx.set('content-disposition', `attachment; filename="${name}.csv"`);
        ctx.body = out;
        resolveStarted();
      }
      if (!out.write(line)) await new Promise((r) => out.once('drain', r));
    },
  };
  let resolveStarted!: () => void;
  const startedP = new Promise<void>((r) => {
    resolveStarted = r;
  });
  const run = write(sink).then(
    () => out.end(),
    (err) => {
      if (started) {
        ctx.state.log.error({ err }, 'report export failed mid-stream');
        out.destroy(err instanceof Error ? err : new Error(String(err)));
      }
      throw err;
    },
  );
  await Promise.race([startedP, run]);
  run.catch(() => {}); // after the first line, failures end the stream (logged above)
}
