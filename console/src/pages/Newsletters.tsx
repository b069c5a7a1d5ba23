import { Page } from '../ui';

export function NewslettersPage(_: { params: Record<string, string>; query: URLSearchParams }) {
  return (
    <Page title="Newsletters">
      <p>Coming next.</p>
    </Page>
  );
}
