import { Page } from '../ui';

export function RulePage(_: { params: Record<string, string>; query: URLSearchParams }) {
  return (
    <Page title="Rule">
      <p>Coming next.</p>
    </Page>
  );
}
