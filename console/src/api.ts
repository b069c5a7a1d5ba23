import type { TypedDocumentString } from './generated';

/** One field's problem, as the API reports it (`extensions.issues`): `input.email`, `input.definition.actions.0.args.points`. */
export interface Issue {
  path: string;
  message: string;
}

/** An error the API answered with (or UNREACHABLE when it did not answer at all). */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly issues: Issue[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Listener = () => void;

/**
 * Whether the API answers. A query that cannot reach it says so (the banner reads "API
 * unreachable — retrying") and tries again with a growing pause until it does; a mutation is
 * not retried blindly (it may have been applied): it fails, and the form says why.
 */
export const connection = {
  down: false,
  listeners: new Set<Listener>(),
  set(down: boolean) {
    if (this.down === down) return;
    this.down = down;
    for (const l of this.listeners) l();
  },
};

/** Called when the API says the session is gone (signed out elsewhere, revoked, expired). */
let onUnauthenticated: () => void = () => {};
export function whenUnauthenticated(f: () => void): void {
  onUnauthenticated = f;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface GraphQLErrorBody {
  message: string;
  extensions?: { code?: string; issues?: Issue[] };
}

/** Sends one typed operation to /graphql with the session cookie and the CSRF header. */
export async function request<R, V>(doc: TypedDocumentString<R, V>, variables?: V): Promise<R> {
  const query = doc.toString();
  const isQuery = /^\s*query\b/.test(query);
  for (let attempt = 0; ; attempt++) {
    let res: Response | null = null;
    try {
      res = await fetch('/graphql', {
        method: 'POST',
        credentials: 'same-origin',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          // Cookie sessions need it: a page on another site cannot set this header.
          'x-graphql-yoga-csrf': '1',
        },
        body: JSON.stringify({ query, variables: variables ?? {} }),
      });
    } catch {
      res = null;
    }
    if (!res || res.status === 502 || res.status === 503 || res.status === 504) {
      connection.set(true);
      if (!isQuery) {
        throw new ApiError(
          'UNREACHABLE',
          'The API could not be reached, so this may not have been saved. Try again once it is back.',
        );
      }
      await sleep(Math.min(1000 * 2 ** attempt, 10_000));
      continue;
    }
    connection.set(false);
    let body: { data?: R | null; errors?: GraphQLErrorBody[] };
    try {
      body = await res.json();
    } catch {
      throw new ApiError('INTERNAL_SERVER_ERROR', `The API answered ${res.status} without a GraphQL body`);
    }
    const first = body.errors?.[0];
    if (first) {
      const code = first.extensions?.code ?? 'INTERNAL_SERVER_ERROR';
      const issues = body.errors!.flatMap((e) => e.extensions?.issues ?? []);
      if (code === 'UNAUTHENTICATED') onUnauthenticated();
      throw new ApiError(code, first.message, issues);
    }
    return body.data as R;
  }
}

/** The messages for one field (its path, or anything under it), for the form to show beside it. */
export function issuesAt(error: unknown, path: string): string[] {
  if (!(error instanceof ApiError)) return [];
  return error.issues.filter((i) => i.path === path || i.path.startsWith(`${path}.`)).map((i) => i.message);
}

/** Issues no field on the form claims: shown in the form's summary. */
export function otherIssues(error: unknown, claimed: string[]): Issue[] {
  if (!(error instanceof ApiError)) return [];
  return error.issues.filter((i) => !claimed.some((p) => i.path === p || i.path.startsWith(`${p}.`)));
}
