import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { messageLinks } from '../../src/modules/messaging/links';
import { makeCustomer, makeProgramWithKeys } from '../helpers/factories';
import { startTestServer, type TestServer } from '../helpers/server';

// Defect 5: opening an unsubscribe link unsubscribed at once, so mail scanners that prefetch
// links unsubscribed people. Now GET only shows a page with a button; the RFC 8058 one-click
// POST still acts at once; the preferences page names the program and topics and can undo.
const env = { UNSUBSCRIBE_SECRET: 'links-test-secret-of-length', PUBLIC_URL: 'https://regulars.example' };
const config = loadConfig({ NODE_ENV: 'test', ...env });
let s: TestServer;
let programId: string;
let keys: Awaited<ReturnType<typeof makeProgramWithKeys>>['keys'];

beforeAll(async () => {
  s = await startTestServer({ env });
  const p = await makeProgramWithKeys(s.testDb.db, { name: 'The Corner Café' });
  programId = p.program.id;
  keys = p.keys;
});
afterAll(() => s?.close());

async function subscriber() {
  const c = await makeCustomer(s.testDb.db, programId, { email: `c${Math.random()}@example.com` });
  const r = await s.gql(
    `mutation($input: UpdateContactPreferencesInput!) { updateContactPreferences(input: $input) { preferredChannel } }`,
    {
      input: {
        customerId: c.id,
        preferredChannel: 'EMAIL',
        consents: [{ channel: 'EMAIL', granted: true }],
        newsletterTopics: ['seasonal-menu', 'events'],
      },
    },
    keys.staff,
  );
  expect(r.errors).toBeUndefined();
  return c;
}

const links = (customerId: string, topic: string | null = null) => {
  const l = messageLinks(config, { programId, customerId, channel: 'EMAIL', topic, messageId: 'm' }, false);
  return {
    unsubscribe: l.unsubscribeUrl.replace('https://regulars.example', s.url),
    preferences: l.preferencesUrl.replace('https://regulars.example', s.url),
  };
};

async function state(customerId: string) {
  const db = s.testDb.db;
  const consent = await db('contact_consents').where({ customer_id: customerId, channel: 'EMAIL' }).first();
  const prefs = await db('contact_preferences').where({ customer_id: customerId }).first();
  const unsubscribes = await db('message_unsubscribes').where({ customer_id: customerId }).orderBy('id');
  return {
    email: consent?.state,
    source: consent?.source,
    topics: prefs?.newsletter_topics,
    unsubscribes: unsubscribes.map((u) => u.method),
  };
}

const form = (url: string, body: string) =>
  fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });

describe('unsubscribe links (defect 5)', () => {
  it('GET, what a mail scanner prefetching the link does, changes nothing: a page names the program and offers a button', async () => {
    const c = await subscriber();
    const { unsubscribe } = links(c.id);
    for (let i = 0; i < 2; i++) {
      const res = await fetch(unsubscribe);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('The Corner Café will stop sending you email.');
      expect(html).toMatch(
        /<form method="post" action="[^"]+"><input type="hidden" name="confirm" value="yes">/,
      );
      expect(html).toContain('<button type="submit">Unsubscribe</button>');
      expect(html).not.toMatch(/<script|https?:\/\//);
    }
    expect(await state(c.id)).toMatchObject({ email: 'GRANTED', unsubscribes: [] });

    // The person presses the button: a plain form POST.
    const done = await form(unsubscribe, 'confirm=yes');
    expect(done.status).toBe(200);
    expect(done.headers.get('content-type')).toMatch(/html/);
    const html = await done.text();
    expect(html).toContain('You are unsubscribed');
    expect(html).toMatch(/href="\.\.\/p\/[^"]+"/); // the way back
    expect(await state(c.id)).toMatchObject({ email: 'DENIED', unsubscribes: ['link'] });
    expect((await form(unsubscribe, 'confirm=yes')).status).toBe(200); // again: a no-op
    expect((await state(c.id)).unsubscribes).toEqual(['link']);
  });

  it('the RFC 8058 one-click POST (List-Unsubscribe=One-Click) still acts at once', async () => {
    const c = await subscriber();
    const res = await form(links(c.id, 'events').unsubscribe, 'List-Unsubscribe=One-Click');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('Unsubscribed');
    expect(await state(c.id)).toMatchObject({
      email: 'GRANTED',
      topics: ['seasonal-menu'],
      unsubscribes: ['one-click'],
    });
    expect((await fetch(`${s.url}/u/not-a-token`, { method: 'POST' })).status).toBe(400);
  });

  it('the preferences page names the program and the topics readably, and turns things back on', async () => {
    const c = await subscriber();
    await form(links(c.id, 'seasonal-menu').unsubscribe, 'List-Unsubscribe=One-Click');
    const { preferences } = links(c.id);
    const page = await (await fetch(preferences)).text();
    expect(page).toContain('<h1>What The Corner Café sends you</h1>');
    expect(page).toContain('<strong>Seasonal menu</strong>: off');
    expect(page).toContain('Turn “Seasonal menu” back on</button>');
    expect(page).toContain('<strong>Events</strong>: on');
    expect(page).toContain('Stop email</button>');
    expect(page).not.toContain('seasonal-menu</strong>');

    // Back on: the topic, then email after stopping it, all from the page's own forms.
    const back = await form(preferences, 'topic=seasonal-menu&on=1');
    expect(back.status).toBe(200);
    expect(await back.text()).toContain('<p role="status">Done: “Seasonal menu” is on again.</p>');
    expect((await state(c.id)).topics).toEqual(['events', 'seasonal-menu']);
    await form(preferences, 'channel=EMAIL&on=0');
    expect(await state(c.id)).toMatchObject({ email: 'DENIED', unsubscribes: ['one-click', 'preferences'] });
    await form(preferences, 'channel=EMAIL&on=1');
    expect(await state(c.id)).toMatchObject({ email: 'GRANTED', source: 'preferences-page' });

    // Never a channel the customer did not choose, nor a topic the page did not offer.
    expect((await form(preferences, 'channel=SMS&on=1')).status).toBe(400);
    expect((await form(preferences, 'topic=sale&on=1')).status).toBe(400);
    expect((await s.testDb.db('contact_consents').where({ customer_id: c.id, channel: 'SMS' })).length).toBe(
      0,
    );
  });
});
