import { describe, expect, it } from 'vitest';
import { type Candidate, contentFor, decide, POLICY, type RecipientFacts, renderFor } from './delivery.plan';
import type { MessageRow } from './messaging.repo';

const now = new Date('2026-06-01T12:00:00Z');
const HOUR = 3_600_000;

function message(over: Partial<MessageRow> = {}): MessageRow {
  return {
    id: 'm1',
    customer_id: 'c1',
    channel: 'EMAIL',
    kind: 'NEWSLETTER',
    topic: null,
    newsletter_id: 'n1',
    template_key: 'newsletter:n1',
    data: {},
    template_version: null,
    recipient: null,
    subject: null,
    text_body: null,
    html_body: null,
    status: 'QUEUED',
    attempts: 0,
    transport: null,
    provider_id: null,
    error: null,
    dedupe_key: 'nl:n1:c1',
    queued_at: now,
    send_after: null,
    sent_at: null,
    updated_at: now,
    claimed_by: null,
    handed_at: null,
    ...over,
  };
}

function facts(over: Partial<RecipientFacts> = {}): RecipientFacts {
  return {
    customer: {
      id: 'c1',
      first_name: 'Rita',
      last_name: null,
      email: 'rita@example.com',
      phone: '+15550001111',
      locale: 'en',
      time_zone: null,
    },
    prefs: null,
    consents: { EMAIL: 'GRANTED' },
    inbound: [],
    lowScoreOpen: false,
    sent: [],
    ...over,
  };
}

const candidate = (
  m: Partial<MessageRow>,
  f: RecipientFacts | null,
  channels = ['EMAIL' as const],
): Candidate => ({
  message: message(m),
  facts: f,
  program: { name: 'Corner Café', currency: 'EUR', time_zone: 'Europe/Lisbon' },
  channels: [...channels],
  now,
});

describe('the policy checks, in order', () => {
  it('sends when nothing stops it', () => {
    expect(decide(candidate({}, facts()))).toEqual({ kind: 'send', channel: 'EMAIL' });
  });

  it('records the first reason that stops a message, in the order of the list', () => {
    expect(POLICY.map((c) => c.name)).toEqual([
      'consent and address on the channel (else the preferred allowed one)',
      'subscribed to the topic',
      'no newsletter during an open low-score follow-up',
      "quiet hours in the customer's zone",
      'contact budget',
      'cap per kind',
    ]);
    expect(decide(candidate({}, null))).toEqual({
      kind: 'end',
      status: 'FAILED',
      reason: 'customer not found',
    });
    // No consent and not subscribed: consent is named, it comes first.
    expect(decide(candidate({ topic: 'recipes' }, facts({ consents: {} })))).toEqual({
      kind: 'end',
      status: 'SUPPRESSED',
      reason: 'no EMAIL consent',
    });
    expect(decide(candidate({ topic: 'recipes' }, facts()))).toMatchObject({
      reason: 'not subscribed to recipes',
    });
    expect(decide(candidate({}, facts({ lowScoreOpen: true })))).toMatchObject({
      reason: 'paused: open low-score follow-up',
    });
    expect(
      decide(candidate({ kind: 'THANK_YOU', newsletter_id: null }, facts({ lowScoreOpen: true }))),
    ).toEqual({
      kind: 'send',
      channel: 'EMAIL',
    });
  });

  it('a missing address is a failure, missing consent a suppression', () => {
    const noEmail = facts();
    noEmail.customer.email = null;
    expect(decide(candidate({}, noEmail))).toEqual({
      kind: 'end',
      status: 'FAILED',
      reason: 'no EMAIL address',
    });
  });

  it('moves a message to the preferred allowed channel when the queued one is no longer allowed', () => {
    const f = facts({
      consents: { EMAIL: 'DENIED', PUSH: 'GRANTED' },
      prefs: {
        preferred_channel: 'PUSH',
        newsletter_topics: [],
        quiet_hours_start: null,
        quiet_hours_end: null,
        sms_only_after_inbound: true,
      },
    });
    expect(
      decide(candidate({ kind: 'THANK_YOU', newsletter_id: null }, f, ['EMAIL', 'PUSH'] as never)),
    ).toEqual({
      kind: 'send',
      channel: 'PUSH',
    });
  });

  it("defers to the end of quiet hours in the customer's own zone, else the program's", () => {
    const prefs = {
      preferred_channel: null,
      newsletter_topics: [],
      quiet_hours_start: 21 * 60,
      quiet_hours_end: 8 * 60,
      sms_only_after_inbound: true,
    };
    const tokyo = facts({ prefs });
    tokyo.customer.time_zone = 'Asia/Tokyo'; // 21:00 there: quiet until 08:00 local = 23:00 UTC
    expect(decide(candidate({}, tokyo))).toEqual({ kind: 'defer', until: new Date('2026-06-01T23:00:00Z') });
    expect(decide(candidate({}, facts({ prefs })))).toEqual({ kind: 'send', channel: 'EMAIL' }); // 13:00 Lisbon
  });

  it('counts what was sent within each window: the budget across kinds, then the cap per kind', () => {
    const sent = (kind: 'THANK_YOU' | 'NOTICE' | 'NEWSLETTER', hoursAgo: number) => ({
      kind,
      sent_at: new Date(now.getTime() - hoursAgo * HOUR),
    });
    const full = facts({
      sent: [sent('THANK_YOU', 1), sent('NOTICE', 30), sent('NOTICE', 50), sent('THANK_YOU', 70)],
    });
    expect(decide(candidate({}, full))).toMatchObject({ reason: 'contact budget used up' });
    expect(decide(candidate({ kind: 'REPLY', newsletter_id: null }, full)).kind).toBe('send');
    const week = facts({ sent: [sent('THANK_YOU', 8 * 24)] }); // older than the 7-day budget
    expect(decide(candidate({}, week)).kind).toBe('send');
    const today = facts({ sent: [sent('THANK_YOU', 2)] });
    expect(decide(candidate({ kind: 'THANK_YOU', newsletter_id: null }, today))).toMatchObject({
      reason: 'THANK_YOU cap reached',
    });
  });
});

describe('content', () => {
  it('a newsletter ends with the usefulness question and the way out; rendered per recipient', () => {
    const m = message();
    const c = contentFor(m, 'EMAIL', 'en', [], {
      subject: 'Porridge',
      body: '<p>Hi {{ customer.firstName }}</p>',
    });
    const links = {
      unsubscribeUrl: 'https://x/u/1',
      unsubscribeMailto: 'mailto:u@x',
      preferencesUrl: 'https://x/p/1',
      usefulYesUrl: 'https://x/f/1?useful=yes',
      usefulNoUrl: 'https://x/f/1?useful=no',
    };
    const r = renderFor(m, c!.parts, facts(), { name: 'Café', currency: 'EUR', time_zone: 'UTC' }, links);
    expect(r).toMatchObject({ ok: true });
    if (!r.ok) return;
    expect(r.rendered.html).toContain(
      '<p>Hi Rita</p><hr><p>Was this useful? <a href="https://x/f/1?useful=yes">Yes</a>',
    );
    expect(r.rendered.text).toContain('Unsubscribe: https://x/u/1');
    expect(contentFor(m, 'EMAIL', 'en', [], undefined)).toBeNull();
  });

  it('a template that fails to render is a reason, not an exception', () => {
    const m = message({ newsletter_id: null, template_key: 'x' });
    const r = renderFor(
      m,
      { text: "{% include 'x' %}" },
      facts(),
      { name: 'C', currency: 'EUR', time_zone: 'UTC' },
      {
        unsubscribeUrl: '',
        unsubscribeMailto: '',
        preferencesUrl: '',
      },
    );
    expect(r).toEqual({
      ok: false,
      reason: expect.stringMatching(/^render: text: \{% include %\} is not available/),
    });
  });
});
