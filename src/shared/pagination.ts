import { z } from 'zod';
import { AppError } from './errors';

/**
 * Relay connections ordered newest first by (time, id). The cursor is opaque to clients:
 * base64url of `[iso time, id]`.
 */
export interface Page {
  first: number;
  after: { at: Date; id: string } | null;
}

/** The largest page any list serves (`first`); larger is BAD_USER_INPUT on `first`. */
export const MAX_PAGE_SIZE = 100;

const Cursor = z.tuple([z.iso.datetime({ offset: true }), z.string().min(1).max(64)]);

export function encodeCursor(at: Date, id: string | number): string {
  return Buffer.from(JSON.stringify([at.toISOString(), String(id)])).toString('base64url');
}

export function parsePage(
  args: { first?: number | null; after?: string | null },
  max = MAX_PAGE_SIZE,
  dflt = 20,
): Page {
  const first = args.first ?? dflt;
  if (!Number.isInteger(first) || first < 0 || first > max) {
    throw AppError.badInput([{ path: 'first', message: `Must be between 0 and ${max}` }]);
  }
  if (args.after == null) return { first, after: null };
  try {
    const [at, id] = Cursor.parse(JSON.parse(Buffer.from(args.after, 'base64url').toString('utf8')));
    return { first, after: { at: new Date(at), id } };
  } catch {
    throw AppError.badInput([{ path: 'after', message: 'Not a cursor from this list' }]);
  }
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** `rows` were fetched with limit first + 1; the extra row only says there is a next page. */
export function toConnection<T>(
  rows: T[],
  page: Page,
  key: (row: T) => [Date, string | number],
): Connection<T> {
  const nodes = rows.slice(0, page.first);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(...key(node)), node }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > page.first, endCursor: edges.at(-1)?.cursor ?? null },
  };
}
