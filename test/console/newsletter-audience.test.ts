import { describe, expect, it } from 'vitest';
import { browserAvailable } from '../helpers/browser';
import { consoleWorldForTests, expectAccessible, FLOW_TIMEOUT, signedInAs } from '../helpers/console';
import { makeCustomer } from '../helpers/factories';
import { purchaseInput, RECORD } from '../helpers/ledger';

const PREFS = `mutation($input: UpdateContactPreferencesInput!) { updateContactPreferences(input: $input) { preferredChannel } }`;
const COUNT = `query($input: NewsletterAudienceCountInput!) { newsletterAudienceCount(input: $input) }`;
const LIST = `{ newsletters { id } }`;

/** The composer counts its audience as it is edited, before anything is saved (newsletterAudienceCount). */
describe.skipIf(!browserAvailable())('console: the newsletter audience, counted live (issue 11)', () => {
  const w = consoleWorldForTests(async () => {
    // Three customers who take email: two follow "recipes", one of those came twice.
    const people = [
      { name: 'Ana', topics: ['recipes'], purchases: 2 },
      { name: 'Ben', topics: ['recipes'], purchases: 1 },
      { name: 'Cai', topics: [], purchases: 1 },
    ];
    for (const p of people) {
      const c = await makeCustomer(w.t.db, w.programId, {
        firstName: p.name,
        email: `${p.name.toLowerCase()}@example.com`,
      });
      const prefs = await w.s.gql(
        PREFS,
        {
          input: {
            customerId: c.id,
            consents: [{ channel: 'EMAIL', granted: true }],
            newsletterTopics: p.topics,
          },
        },
        w.keys.staff,
      );
      expect(prefs.errors).toBeUndefined();
      for (let i = 0; i < p.purchases; i++) {
        const r = await w.s.gql(RECORD, { input: purchaseInput(c.id) }, w.keys.pos);
        expect(r.errors).toBeUndefined();
      }
    }
  });

  it('the API counts an audience without writing; marketing may, staff may not; a bad number is refused at its path', async () => {
    const r = await w.s.gql(
      COUNT,
      { input: { topic: 'recipes', audience: { minPurchases: 2 } } },
      w.keys.marketing,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.newsletterAudienceCount).toBe(1);
    const all = await w.s.gql(COUNT, { input: { audience: { topicSubscribersOnly: false } } }, w.keys.admin);
    expect(all.data!.newsletterAudienceCount).toBe(3);
    const bad = await w.s.gql(COUNT, { input: { audience: { minPurchases: -1 } } }, w.keys.marketing);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(bad.errors?.[0]?.extensions)).toContain('input.audience.minPurchases');
    const staff = await w.s.gql(COUNT, { input: {} }, w.keys.staff);
    expect(staff.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await w.s.gql(LIST, {}, w.keys.admin)).data!.newsletters).toEqual([]);
  });

  it(
    'the count follows the topic and the audience as they are typed, before the draft is saved',
    async () => {
      const { page, problems } = await signedInAs(w, 'marketing', 'Maya Marketing');
      await page.goto(`${w.s.url}/console/newsletters/new`);
      const draft = page.getByRole('form', { name: 'Newsletter draft' });
      const count = draft.locator('.audience-count');
      const says = (n: number) =>
        expect
          .poll(() => count.textContent(), { timeout: 20_000 })
          .toMatch(new RegExp(`Goes to ${n} customers? today`));

      // No topic: everyone who takes email and came back at least once.
      await says(3);
      await draft.getByLabel('Topic (optional)').fill('recipes');
      await says(2);
      await draft.getByLabel('At least this many purchases').fill('2');
      await says(1);
      await draft.getByLabel('Only customers subscribed to the topic').uncheck();
      await draft.getByLabel('At least this many purchases').fill('1');
      await says(3);
      // Not a number the API takes: no count rather than a wrong one.
      await draft.getByLabel('At least this many purchases').fill('-4');
      await expect.poll(() => count.textContent(), { timeout: 20_000 }).not.toMatch(/Goes to/);
      await draft.getByLabel('At least this many purchases').fill('2');
      await says(1);
      await expectAccessible(page, 'the composer with a live audience count');
      // Nothing was saved on the way.
      expect(page.url()).toMatch(/\/newsletters\/new$/);
      expect((await w.s.gql(LIST, {}, w.keys.admin)).data!.newsletters).toEqual([]);
      expect(problems).toEqual([]);
    },
    FLOW_TIMEOUT,
  );
});
