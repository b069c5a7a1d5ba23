import { GraphQLError } from 'graphql';
import type { Logger } from '../logger';
import { AppError, type ErrorCode } from '../shared/errors';

/** HTTP status for errors that end a request before execution (GraphQL-over-HTTP). */
const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  UNAUTHENTICATED: 401,
  RATE_LIMITED: 429,
  QUERY_TOO_COMPLEX: 400,
};

export function graphqlErrorBody(code: ErrorCode, message: string, extra: Record<string, unknown> = {}) {
  return { errors: [{ message, extensions: { code, ...extra } }] };
}

export function httpStatusOf(code: ErrorCode): number {
  return HTTP_STATUS[code] ?? 400;
}

function findAppError(error: unknown): AppError | null {
  let e: unknown = error;
  for (let i = 0; i < 5 && e; i++) {
    if (e instanceof AppError) return e;
    e = (e as { originalError?: unknown }).originalError;
  }
  return null;
}

/**
 * The one place that decides what a client sees of an error:
 * - AppError → its code and details (issues for BAD_USER_INPUT);
 * - GraphQL's own errors (syntax, validation, variable coercion) → BAD_USER_INPUT, or the
 *   code they already carry (QUERY_TOO_COMPLEX);
 * - anything else → INTERNAL_SERVER_ERROR, logged with the request id, never sent with a
 *   stack, SQL or a driver's message.
 */
export function maskError(error: unknown, log: Logger | undefined): GraphQLError {
  const app = findAppError(error);
  const gql = error instanceof GraphQLError ? error : null;
  if (app) {
    return new GraphQLError(app.message, {
      nodes: gql?.nodes,
      path: gql?.path,
      extensions: { code: app.code, ...app.details },
    });
  }
  const coercion = variableCoercionError(error);
  if (coercion) return coercion;
  if (gql && !gql.originalError) {
    const code = (gql.extensions.code as string | undefined) ?? 'BAD_USER_INPUT';
    if (code === 'BAD_USER_INPUT' && !gql.extensions.issues) {
      return new GraphQLError(gql.message, {
        nodes: gql.nodes,
        source: gql.source,
        positions: gql.positions,
        path: gql.path,
        extensions: {
          ...gql.extensions,
          code,
          issues: [{ path: gql.path?.join('.') ?? '', message: gql.message }],
        },
      });
    }
    return gql;
  }
  // Scalar parse errors thrown inside coercion arrive wrapped, with our code already set.
  if (gql?.originalError instanceof GraphQLError && gql.originalError.extensions.code === 'BAD_USER_INPUT') {
    return maskError(
      new GraphQLError(gql.message, {
        nodes: gql.nodes,
        path: gql.path,
        extensions: { code: 'BAD_USER_INPUT' },
      }),
      log,
    );
  }
  log?.error({ err: gql?.originalError ?? error, path: gql?.path }, 'internal error');
  return new GraphQLError('Internal server error', {
    nodes: gql?.nodes,
    path: gql?.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  });
}

/**
 * Variable coercion fails before execution (no path), wrapping the scalar's own error:
 * graphql's built-in Int says "non-integer value" and sets no code. That is bad input, with
 * the variable's path. Matched by name: yoga may load the other (CJS/ESM) copy of graphql,
 * whose errors are not `instanceof` ours.
 */
function variableCoercionError(error: unknown): GraphQLError | null {
  const e = error as { name?: string; message?: string; path?: unknown; originalError?: unknown };
  const inner = e?.originalError as { name?: string; message?: string; extensions?: { code?: unknown } };
  if (e?.name !== 'GraphQLError' || e.path || inner?.name !== 'GraphQLError' || inner.extensions?.code) {
    return null;
  }
  const at = /^Variable "\$[^"]+" got invalid value .*? at "([^"]+)"/.exec(e.message ?? '');
  if (!at) return null;
  return new GraphQLError(e.message!, {
    extensions: {
      code: 'BAD_USER_INPUT',
      http: { status: 400 },
      issues: [{ path: at[1]!.replace(/\[(\d+)\]/g, '.$1'), message: inner.message }],
    },
  });
}
