import { Page } from '../ui';

export function NewsletterPage(_: { params: Record<string, string>; query: URLSearchParams }) {
  return (
    <Page title="Newsletter">
      <p>Coming next.</p>
    </Page>
  );
}
