import { Readable } from 'node:stream';
import Router from '@koa/router';
import type { Context } from 'koa';
import type { AppDeps } from '../graphql/context';
import { graphqlErrorBody } from '../graphql/errors';
import { authenticate } from '../modules/auth/auth.service';
import { ExportOptions, exportKind, startExport } from '../modules/data/export.service';
import { importCustomers } from '../modules/data/import.service';
import type { RequestContext } from '../shared/context';
import { AppError, parseInput } from '../shared/errors';
import { viewerContext } from './viewer-context';

const CSV = /^text\/csv\s*(;|$)/i;

/**
 * CSV in and out for admins, beside GraphQL (a CSV file is not a GraphQL value):
 *   POST /data/import/customers?fileId=…[&dryRun=true]   body: text/csv → JSON report
 *   GET  /data/export/{customers|balances|ledger|purchases}[?from=…&to=…] → text/csv
 * Both stream: the request body is read as it is imported, the export written page by page.
 */
export function dataRouter(deps: AppDeps) {
  const router = new Router({ prefix: '/data' });

  router.post('/import/customers', async (ctx) => {
    const rc = await adminContext(deps, ctx);
    if (!rc) return;
    if (!CSV.test(ctx.get('content-type'))) {
      ctx.status = 415;
      ctx.type = 'application/json';
      ctx.body = graphqlErrorBody('BAD_USER_INPUT', 'The body must be text/csv (UTF-8)');
      return;
    }
    try {
      const report = await importCustomers(rc, ctx.req, {
        fileId: String(ctx.query.fileId ?? ''),
        dryRun: ctx.query.dryRun === 'true',
      });
      ctx.status = report.fatal ? 422 : 200;
      ctx.body = report;
    } catch (err) {
      badInput(ctx, err);
    }
  });

  router.get('/export/:kind', async (ctx) => {
    const rc = await adminContext(deps, ctx);
    if (!rc) return;
    try {
      const kind = exportKind(ctx.params.kind ?? '');
      const run = await startExport(
        rc,
        parseInput(ExportOptions, { kind, from: ctx.query.from, to: ctx.query.to }, []),
      );
      ctx.type = 'text/csv; charset=utf-8';
      ctx.set('content-disposition', `attachment; filename="${kind}.csv"`);
      ctx.set('x-total-rows', String(run.total));
      ctx.body = Readable.from(run.lines);
    } catch (err) {
      badInput(ctx, err);
    }
  });

  return router;
}

/** The request context of an admin API key; null once the answer (401, 403) is written. */
async function adminContext(deps: AppDeps, ctx: Context): Promise<RequestContext | null> {
  const token = /^Bearer\s+(\S+)$/i.exec(ctx.get('authorization'))?.[1];
  const viewer = token ? await authenticate(deps.db, deps.clock, token) : null;
  const fail = (status: number, code: 'UNAUTHENTICATED' | 'FORBIDDEN', message: string) => {
    ctx.status = status;
    ctx.type = 'application/json';
    ctx.body = graphqlErrorBody(code, message);
    return null;
  };
  if (!viewer) {
    ctx.set('www-authenticate', 'Bearer');
    return fail(401, 'UNAUTHENTICATED', 'An admin API key is required (Authorization: Bearer rk_…)');
  }
  if (viewer.kind !== 'api_key' || viewer.role !== 'admin')
    return fail(403, 'FORBIDDEN', 'Imports and exports need an admin key');
  return viewerContext(deps, viewer);
}

/** An AppError answers 400 in the GraphQL error shape; anything else goes on up. */
function badInput(ctx: Context, err: unknown): void {
  if (!(err instanceof AppError)) throw err;
  ctx.status = 400;
  ctx.type = 'application/json';
  ctx.body = { errors: [{ message: err.message, extensions: { code: err.code, ...err.details } }] };
}
