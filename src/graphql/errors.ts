import { GraphQLError } from 'graphql';
import type { Logger } from '../logger';
import { AppError, ERROR_CODES, type ErrorCode } from '../shared/errors';

/** HTTP status for errors that end a request before execution (GraphQL-over-HTTP). */
const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  UNAUTHENTICATED: 401,
  RATE_LIMITED: 429,
  QUERY_TOO_COMPLEX: 400,
};

/** GraphQL's and yoga's own codes for a request the client got wrong. */
export const CLIENT_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST']);

export function graphqlErrorBody(code: ErrorCode, message: string, extra: Record<string, unknown> = {}) {
  return { errors: [{ message, extensions: { code, ...extra } }] };
}

export function httpStatusOf(code: ErrorCode): number {
  return HTTP_STATUS[code] ?? 400;
}

// By name, not instanceof: graphql ships CJS and ESM copies, and yoga may load the other one.
function isGraphQLError(e: unknown): e is GraphQLError {
  return e instanceof Error && e.name === 'GraphQLError';
}

function findAppError(error: unknown): AppError | null {
  let e: unknown = error;
  for (let i = 0; i < 5 && e; i++) {
    if (e instanceof AppError) return e;
    e = (e as { originalError?: unknown }).originalError;
  }
  return null;
}

function isClientError(e: GraphQLError): boolean {
  const code = e.extensions?.code as string | undefined;
  const status = (e.extensions?.http as { status?: number } | undefined)?.status;
  if (code && ((ERROR_CODES as readonly string[]).includes(code) || CLIENT_CODES.has(code))) return true;
  if (status && status >= 400 && status < 500) return true;
  // Errors graphql-js makes itself (syntax, validation, variable coercion) carry no cause,
  // or a cause that is itself a client-facing GraphQLError (a scalar's parse error).
  return !e.originalError || (isGraphQLError(e.originalError) && isClientError(e.originalError));
}

/**
 * The one place that decides what a client sees of an error:
 * - AppError → its code and details (`issues` for BAD_USER_INPUT);
 * - a request the client got wrong (syntax, validation, variables, body) → BAD_USER_INPUT,
 *   or the code it already carries (QUERY_TOO_COMPLEX);
 * - anything else → INTERNAL_SERVER_ERROR, logged with the request id, never sent with a
 *   stack, SQL or a driver's message.
 */
export function maskError(error: unknown, log: Logger | undefined): GraphQLError {
  const gql = isGraphQLError(error) ? error : null;
  const app = findAppError(error);
  if (app) {
    return new GraphQLError(app.message, {
      nodes: gql?.nodes,
      path: gql?.path,
      extensions: { code: app.code, ...app.details },
    });
  }
  if (gql && isClientError(gql)) {
    const given = gql.extensions?.code as string | undefined;
    const code = given && (ERROR_CODES as readonly string[]).includes(given) ? given : 'BAD_USER_INPUT';
    const extensions: Record<string, unknown> = { ...gql.extensions, code };
    const http = extensions.http as { status?: number } | undefined;
    // 400 for application/graphql-response+json; under legacy application/json the spec
    // wants 200 for a well-formed request that fails validation or coercion (yoga's `spec`).
    // A malformed request (yoga's BAD_REQUEST: `query` not a string, `variables` not an
    // object…) keeps yoga's own choice, which is 400 under both (graphql-http's MAY audits).
    if (http?.status === 400 && given !== 'BAD_REQUEST') extensions.http = { ...http, spec: true };
    if (code === 'BAD_USER_INPUT' && !extensions.issues) {
      extensions.issues = [{ path: gql.path?.join('.') ?? variablePath(gql.message), message: gql.message }];
    }
    return new GraphQLError(gql.message, {
      nodes: gql.nodes,
      source: gql.source,
      positions: gql.positions,
      path: gql.path,
      extensions,
    });
  }
  log?.error({ err: gql?.originalError ?? error, path: gql?.path }, 'internal error');
  return new GraphQLError('Internal server error', {
    nodes: gql?.nodes,
    path: gql?.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  });
}

/**
 * Variable coercion fails before execution, so its error has no path; the message names it:
 * `Variable "$input" got invalid value 1.5 at "input.lines[0].unitPriceMinor"; …` →
 * `input.lines.0.unitPriceMinor` (the dotted form zod issues use).
 */
function variablePath(message: string): string {
  const m =
    /^Variable "\$([^"]+)" got invalid value .*? at "([^"]+)"/.exec(message) ??
    /^Variable "\$([^"]+)"/.exec(message);
  return (m?.[2] ?? m?.[1] ?? '').replace(/\[(\d+)\]/g, '.$1');
}
