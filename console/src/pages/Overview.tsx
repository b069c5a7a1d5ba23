import { Page } from '../ui';

export function OverviewPage(_: { params: Record<string, string>; query: URLSearchParams }) {
  return (
    <Page title="Overview">
      <p>Coming next.</p>
    </Page>
  );
}
