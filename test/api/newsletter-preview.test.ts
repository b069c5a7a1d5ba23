import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProgramWithKeys } from '../helpers/factories';
import { startTestServer, type TestServer } from '../helpers/server';

const PREVIEW = `query($input: NewsletterPreviewInput!) { newsletterPreview(input: $input) { subject text html } }`;

let s: TestServer;
let keys: Awaited<ReturnType<typeof makeProgramWithKeys>>['keys'];

beforeAll(async () => {
  s = await startTestServer();
  keys = (await makeProgramWithKeys(s.testDb.db, { name: 'Bean There' })).keys;
});
afterAll(() => s?.close());

describe('newsletterPreview: a draft as the customer will get it (issue 11)', () => {
  it('renders the body with sample data, the programme, and the footer every issue gets', async () => {
    const r = await s.gql(
      PREVIEW,
      {
        input: {
          title: 'Spring menu',
          subject: '{{ newsletter.title }} at {{ program.name }}',
          body: '<p>Hello {{ customer.firstName }}, our spring menu is here.</p>',
        },
      },
      keys.marketing,
    );
    expect(r.errors).toBeUndefined();
    const p = r.data!.newsletterPreview;
    expect(p.subject).toBe('Spring menu at Bean There');
    expect(p.html).toContain('<p>Hello Ana, our spring menu is here.</p>');
    expect(p.html).toContain('Was this useful?');
    expect(p.html).toContain('Unsubscribe');
    expect(p.text).toContain('Hello Ana, our spring menu is here.');
    expect(p.text).not.toContain('<p>');
  });

  it('a template error is BAD_USER_INPUT at the body; the till may not preview', async () => {
    const bad = await s.gql(PREVIEW, { input: { subject: 'Hi', body: '{% if %}' } }, keys.marketing);
    expect(bad.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.extensions.issues?.[0]?.path).toBe('input.body');
    const pos = await s.gql(PREVIEW, { input: { subject: 'Hi', body: 'x' } }, keys.pos);
    expect(pos.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });
});
