import type { z } from 'zod';

/** The error codes of API.md; `extensions.code` carries one of these. */
export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'IDEMPOTENCY_CONFLICT',
  'INSUFFICIENT_POINTS',
  'REWARD_NOT_AVAILABLE',
  'REWARD_ALREADY_USED',
  'RATE_LIMITED',
  'QUERY_TOO_COMPLEX',
  'INTERNAL_SERVER_ERROR',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface InputIssue {
  path: string;
  message: string;
}

/**
 * The one domain error. It knows nothing of GraphQL or HTTP: `graphql/errors.ts` maps it
 * to `extensions.code`, and anything that is not an AppError is masked there.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }

  static badInput(issues: InputIssue[], message = 'Invalid input'): AppError {
    return new AppError('BAD_USER_INPUT', message, { issues });
  }

  static notFound(what: string): AppError {
    return new AppError('NOT_FOUND', `${what} not found`);
  }

  static forbidden(message = 'Not allowed for this role'): AppError {
    return new AppError('FORBIDDEN', message);
  }

  static unauthenticated(message = 'A valid API key or customer session is required'): AppError {
    return new AppError('UNAUTHENTICATED', message);
  }
}

/** zod issues → `BAD_USER_INPUT` issues with dotted paths (`input.lines.0.quantity`). */
export function fromZod(error: z.ZodError, prefix: (string | number)[] = []): AppError {
  return AppError.badInput(
    error.issues.map((i) => ({
      path: [...prefix, ...i.path].map(String).join('.'),
      message: i.message,
    })),
  );
}

/** Parse with a zod schema or throw `BAD_USER_INPUT` naming each offending path. */
export function parseInput<T extends z.ZodType>(
  schema: T,
  value: unknown,
  prefix: (string | number)[] = ['input'],
): z.infer<T> {
  const r = schema.safeParse(value);
  if (!r.success) throw fromZod(r.error, prefix);
  return r.data;
}
