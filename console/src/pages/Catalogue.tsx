import { Page } from '../ui';

export function CataloguePage(_: { params: Record<string, string>; query: URLSearchParams }) {
  return (
    <Page title="Catalogue">
      <p>Coming next.</p>
    </Page>
  );
}
