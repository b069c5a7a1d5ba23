import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, connection, request } from './api';
import type { TypedDocumentString } from './generated';

export interface QueryState<R> {
  data: R | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
}

/**
 * Runs a query when mounted and whenever `variables` change (compared as JSON). `data` is always
 * the answer to the current variables: while another search runs it is null, never the last
 * one's; `reload()` (after a change) keeps showing the current data until the new one comes.
 */
export function useQuery<R, V>(
  doc: TypedDocumentString<R, V>,
  variables: V,
  opts: { skip?: boolean } = {},
): QueryState<R> {
  const key = JSON.stringify(variables);
  const [state, setState] = useState<{
    key: string;
    data: R | null;
    error: ApiError | null;
    loading: boolean;
  }>({
    key,
    data: null,
    error: null,
    loading: !opts.skip,
  });
  const [tick, setTick] = useState(0);
  // `key` stands for `variables` (a new object on every render).
  useEffect(() => {
    if (opts.skip) return;
    let live = true;
    setState((s) =>
      s.key === key ? { ...s, loading: true } : { key, data: null, error: null, loading: true },
    );
    request(doc, variables).then(
      (data) => live && setState({ key, data, error: null, loading: false }),
      (err) =>
        live &&
        setState((s) => ({
          key,
          data: s.key === key ? s.data : null,
          error: err instanceof ApiError ? err : new ApiError('INTERNAL_SERVER_ERROR', String(err)),
          loading: false,
        })),
    );
    return () => {
      live = false;
    };
  }, [doc, key, tick, opts.skip]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  const current = state.key === key;
  return {
    data: current ? state.data : null,
    error: current ? state.error : null,
    loading: current ? state.loading : !opts.skip,
    reload,
  };
}

export interface MutationState {
  busy: boolean;
  error: ApiError | null;
  reset: () => void;
}

/** A mutation to run from a form: `run` resolves to the data, or to null when it failed. */
export function useMutation<R, V>(
  doc: TypedDocumentString<R, V>,
): [(variables: V) => Promise<R | null>, MutationState] {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );
  const run = useCallback(
    async (variables: V) => {
      setBusy(true);
      setError(null);
      try {
        return await request(doc, variables);
      } catch (err) {
        if (mounted.current)
          setError(err instanceof ApiError ? err : new ApiError('INTERNAL_SERVER_ERROR', String(err)));
        return null;
      } finally {
        if (mounted.current) setBusy(false);
      }
    },
    [doc],
  );
  return [run, { busy, error, reset: () => setError(null) }];
}

/** True while the API cannot be reached. */
export function useApiDown(): boolean {
  const [down, setDown] = useState(connection.down);
  useEffect(() => {
    const l = () => setDown(connection.down);
    connection.listeners.add(l);
    return () => void connection.listeners.delete(l);
  }, []);
  return down;
}

interface PageOf<N> {
  edges: { node: N }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** A Relay connection shown page by page: the first page by query, "Show more" appends. */
export function usePaged<R, V extends { after?: string | null }, N>(
  doc: TypedDocumentString<R, V>,
  variables: V,
  select: (r: R) => PageOf<N> | null | undefined,
) {
  const q = useQuery(doc, variables);
  const [extra, setExtra] = useState<{ nodes: N[]; hasNext: boolean; cursor: string | null } | null>(null);
  const [busy, setBusy] = useState(false);
  const key = JSON.stringify(variables);
  // A new query starts again from its first page.
  useEffect(() => setExtra(null), [key, q.data]);
  const page = q.data ? select(q.data) : null;
  const nodes = [...(page?.edges.map((e) => e.node) ?? []), ...(extra?.nodes ?? [])];
  const hasNext = extra ? extra.hasNext : (page?.pageInfo.hasNextPage ?? false);
  const cursor = extra ? extra.cursor : (page?.pageInfo.endCursor ?? null);
  const loadMore = async () => {
    setBusy(true);
    try {
      const r = select(await request(doc, { ...variables, after: cursor }));
      if (r)
        setExtra({
          nodes: [...(extra?.nodes ?? []), ...r.edges.map((e) => e.node)],
          hasNext: r.pageInfo.hasNextPage,
          cursor: r.pageInfo.endCursor,
        });
    } finally {
      setBusy(false);
    }
  };
  return {
    nodes,
    hasNext,
    loadMore,
    busy,
    loading: q.loading,
    error: q.error,
    loaded: q.data != null,
    reload: q.reload,
  };
}
