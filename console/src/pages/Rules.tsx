import { Page } from '../ui';

export function RulesPage(_: { params: Record<string, string>; query: URLSearchParams }) {
  return (
    <Page title="Rules">
      <p>Coming next.</p>
    </Page>
  );
}
