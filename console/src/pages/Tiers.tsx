import { Page } from '../ui';

export function TiersPage(_: { params: Record<string, string>; query: URLSearchParams }) {
  return (
    <Page title="Tiers">
      <p>Coming next.</p>
    </Page>
  );
}
