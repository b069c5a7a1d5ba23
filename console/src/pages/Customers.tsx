import { useState } from 'preact/hooks';
import { request } from '../api';
import { fullName, points } from '../format';
import { SearchCustomersDocument, type SearchCustomersQuery } from '../generated';
import { useQuery } from '../hooks';
import { Link, navigate } from '../router';
import { ErrorBox, Loading, Page, TableWrap } from '../ui';

type Edge = SearchCustomersQuery['customers']['edges'][number];

/** Search first: by name, email, phone (any format), customer number or reward code. */
export function CustomersPage({ query }: { query: URLSearchParams }) {
  const q = query.get('q') ?? '';
  const [text, setText] = useState(q);
  const { data, error, loading } = useQuery(SearchCustomersDocument, { search: q || null, first: 25 });
  const [more, setMore] = useState<{ edges: Edge[]; cursor: string | null; hasNext: boolean } | null>(null);
  const edges = [...(data?.customers.edges ?? []), ...(more?.edges ?? [])];
  const hasNext = more ? more.hasNext : (data?.customers.pageInfo.hasNextPage ?? false);
  const cursor = more ? more.cursor : (data?.customers.pageInfo.endCursor ?? null);

  return (
    <Page title="Customers">
      <search>
        <form
          class="search"
          onSubmit={(e) => {
            e.preventDefault();
            setMore(null);
            navigate(text.trim() ? `/customers?q=${encodeURIComponent(text.trim())}` : '/customers');
          }}
        >
          <label for="customer-search">Find a customer</label>
          <div class="search-row">
            <input
              id="customer-search"
              type="search"
              name="q"
              value={text}
              onInput={(e) => setText(e.currentTarget.value)}
              aria-describedby="customer-search-hint"
              // biome-ignore lint/a11y/noAutofocus: the search box is what this page is for
              autoFocus
            />
            <button type="submit" class="primary">
              Search
            </button>
          </div>
          <span id="customer-search-hint" class="hint">
            Name, email, phone number (any format), customer number or reward code.
          </span>
        </form>
      </search>
      <ErrorBox error={error} />
      {loading && !data ? <Loading what="Searching" /> : null}
      {data ? (
        <>
          <p role="status" class="result-count">
            {q
              ? edges.length
                ? `${edges.length}${hasNext ? '+' : ''} match${edges.length === 1 ? '' : 'es'} for “${q}”, best first`
                : `No customer matches “${q}”.`
              : 'Newest customers'}
          </p>
          {edges.length ? (
            <TableWrap label="Customers">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Email</th>
                    <th scope="col">Phone</th>
                    <th scope="col">Customer no.</th>
                    <th scope="col">Tier</th>
                    <th scope="col" class="num">
                      Points
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {edges.map(({ node: c }) => (
                    <tr key={c.id}>
                      <td>
                        <Link href={`/customers/${c.id}`}>{fullName(c)}</Link>
                      </td>
                      <td>{c.email ?? '—'}</td>
                      <td>{c.phone ?? '—'}</td>
                      <td>{c.externalId ?? '—'}</td>
                      <td>{c.tier?.name ?? '—'}</td>
                      <td class="num">{points(c.balance.available)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          ) : null}
          {hasNext ? (
            <button
              type="button"
              onClick={async () => {
                const r = await request(SearchCustomersDocument, {
                  search: q || null,
                  first: 25,
                  after: cursor,
                });
                setMore({
                  edges: [...(more?.edges ?? []), ...r.customers.edges],
                  cursor: r.customers.pageInfo.endCursor,
                  hasNext: r.customers.pageInfo.hasNextPage,
                });
              }}
            >
              Show more
            </button>
          ) : null}
        </>
      ) : null}
    </Page>
  );
}
