import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { scoped } from '../../src/db/scoped';
import type { JobDeps } from '../../src/jobs/registry';
import { messageLinks } from '../../src/modules/messaging/links';
import { deliverMessage, sweepStaleSending } from '../../src/modules/messaging/messaging.delivery';
import { insertTemplateVersion } from '../../src/modules/messaging/messaging.repo';
import { type QueueMessageRequest, queueMessage } from '../../src/modules/messaging/messaging.service';
import { webhookSignature } from '../../src/modules/messaging/messaging.transports';
import { fanOutBatch } from '../../src/modules/messaging/newsletters.service';
import { queuePointsAvailableNotices, queuePointsExpiryNotices } from '../../src/modules/messaging/notices';
import { ManualClock } from '../../src/shared/clock';
import type { TestDb } from '../helpers/db';
import { makeCustomer, type ProgramKeys } from '../helpers/factories';
import { startServerWithJobs } from '../helpers/jobs';
import { EARNING, purchaseInput, RECORD } from '../helpers/ledger';
import type { TestServer } from '../helpers/server';
import { mailServer } from '../helpers/smtp';

const HOUR = 3_600_000;
const clock = new ManualClock('2026-03-02T15:00:00Z');
const SECRET = 'webhook-secret-of-some-length';
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });

// A real SMTP server on loopback; one recipient it refuses for good.
const smtp = mailServer({
  onRcptTo(address, _session, cb) {
    if (address.address === 'refused@example.com')
      return cb(Object.assign(new Error('No such user'), { responseCode: 550 }));
    cb();
  },
});
const { mails } = smtp;

// A real webhook receiver that checks the signature; its behaviour is set per test.
let hookMode: 'ok' | 'fail-once' | 'hang' = 'ok';
let hookFailures = 0;
const hooks: { body: any; valid: boolean }[] = [];
const receiver = http.createServer((req, res) => {
  let body = '';
  req.on('data', (d) => {
    body += d;
  });
  req.on('end', () => {
    const sig = String(req.headers['x-regulars-signature']);
    const ts = String(req.headers['x-regulars-timestamp']);
    const valid = sig === `t=${ts},v1=${webhookSignature(SECRET, ts, body)}`;
    if (hookMode === 'hang') return; // never answers: the sender must time out
    if (hookMode === 'fail-once' && hookFailures++ === 0) {
      res.writeHead(500).end('try later');
      return;
    }
    hooks.push({ body: JSON.parse(body), valid });
    res
      .writeHead(valid ? 200 : 401, { 'content-type': 'application/json' })
      .end(JSON.stringify({ id: `prov-${hooks.length}` }));
  });
});

let s: TestServer;
let t: TestDb;
let deps: JobDeps;
let programId: string;
let keys: ProgramKeys;

beforeAll(async () => {
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const env = {
    NODE_ENV: 'test',
    SMTP_URL: await smtp.start(),
    MAIL_FROM: 'Corner Café <hello@corner.example>',
    DKIM_DOMAIN: 'corner.example',
    DKIM_SELECTOR: 'r1',
    DKIM_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    WEBHOOK_URL: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
    WEBHOOK_SECRET: SECRET,
    WEBHOOK_TIMEOUT_MS: '200',
    UNSUBSCRIBE_SECRET: 'unsubscribe-secret-for-tests',
    PUBLIC_URL: 'https://regulars.example',
    MESSAGE_MAX_ATTEMPTS: '3',
  };
  ({ s, t, deps, programId, keys } = await startServerWithJobs(clock, env));
});
afterAll(async () => {
  await s.close();
  await t.drop();
  receiver.closeAllConnections();
  await new Promise((r) => receiver.close(r));
  await smtp.close();
});
beforeEach(() => {
  hookMode = 'ok';
  hookFailures = 0;
});

const PREFS = `mutation($input: UpdateContactPreferencesInput!) { updateContactPreferences(input: $input) { preferredChannel } }`;

async function customer(
  profile: Record<string, unknown>,
  prefs: Record<string, unknown> = { consents: [{ channel: 'EMAIL', granted: true }] },
) {
  const c = await makeCustomer(t.db, programId, profile, clock);
  const r = await s.gql(PREFS, { input: { customerId: c.id, ...prefs } }, keys.staff);
  expect(r.errors).toBeUndefined();
  return c;
}

let n = 0;
function queue(customerId: string, over: Partial<QueueMessageRequest> = {}) {
  return scoped(t.db, programId).transaction((q) =>
    queueMessage(q, clock.now(), {
      customerId,
      kind: 'THANK_YOU',
      templateKey: 'thank_you',
      data: { reward: { name: 'Free coffee', code: 'RW-1' } },
      dedupeKey: `thanks:${++n}`,
      ...over,
    }),
  );
}
const deliver = (messageId: string) => deliverMessage(deps, { programId, messageId });
const row = (id: string) => t.db('messages').where({ program_id: programId, id }).first();
const local = (url: string) => url.replace('https://regulars.example', s.url);
/** The raw header value, unfolded (mailparser turns List-* headers into objects). */
const header = (m: ParsedMail, name: string) =>
  (m.headerLines.find((h) => h.key === name)?.line ?? '').replace(/^[^:]+:\s*/, '').replace(/\r?\n\s+/g, ' ');

describe('email over SMTP', () => {
  it('delivers a thank-you with RFC 8058 headers, a preference link and a DKIM signature over them', async () => {
    const c = await customer({ email: 'ana@example.com', firstName: 'Ana' });
    const before = mails.length;
    const { messageId } = await queue(c.id);
    expect(await deliver(messageId)).toBe('SENT');
    expect(mails.length).toBe(before + 1);
    const mail = mails.at(-1)!;
    expect(mail.subject).toBe('Thank you, Ana');
    expect(mail.text).toContain('Free coffee');
    const listUnsub = header(mail, 'list-unsubscribe');
    expect(listUnsub).toMatch(
      /^<https:\/\/regulars\.example\/u\/[\w-]+\.[\w-]+>, <mailto:unsubscribe@corner\.example\?subject=unsubscribe%20[\w.-]+>$/,
    );
    expect(header(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const dkim = header(mail, 'dkim-signature').replace(/\s+/g, '');
    expect(dkim).toContain('d=corner.example');
    expect(dkim.toLowerCase()).toMatch(/h=[^;]*list-unsubscribe:list-unsubscribe-post/);
    expect(mail.html).toMatch(/href="https:\/\/regulars\.example\/p\/[\w.-]+"/);

    // The preference link shows what we send and changes nothing.
    const prefsUrl = /href="(https:\/\/regulars\.example\/p\/[^"]+)"/.exec(String(mail.html))![1]!;
    const page = await fetch(local(prefsUrl));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<strong>Email</strong>: on');

    const sent = await row(messageId);
    expect(sent).toMatchObject({
      status: 'SENT',
      transport: 'smtp',
      attempts: 1,
      channel: 'EMAIL',
      template_version: 0,
    });
    expect(sent.provider_id).toMatch(/@/);
  });

  it('a delivery job run twice, or twice at once, sends once', async () => {
    const c = await customer({ email: 'twice@example.com' });
    const before = mails.length;
    const a = await queue(c.id);
    expect(await deliver(a.messageId)).toBe('SENT');
    expect(await deliver(a.messageId)).toBe('already handled');
    const c2 = await customer({ email: 'race@example.com' });
    const b = await queue(c2.id);
    const outcomes = await Promise.all([deliver(b.messageId), deliver(b.messageId), deliver(b.messageId)]);
    expect(outcomes.filter((o) => o === 'SENT')).toHaveLength(1);
    expect(mails.length).toBe(before + 2);
  });

  it('records a recipient the SMTP server refuses as FAILED, without retrying', async () => {
    const c = await customer({ email: 'refused@example.com' });
    const { messageId } = await queue(c.id);
    expect(await deliver(messageId)).toMatch(/^FAILED: SMTP 550/);
    expect((await row(messageId)).status).toBe('FAILED');
  });

  it('renders the program’s own template in the customer’s locale, and refuses a broken one at save time', async () => {
    const UPSERT = `mutation($input: UpsertMessageTemplateInput!) { upsertMessageTemplate(input: $input) { key version locale } }`;
    const bad = await s.gql(
      UPSERT,
      {
        input: {
          key: 'visit',
          channel: 'EMAIL',
          subject: 'Hi {{ customer.nickname }}',
          text: '{% if x %}',
          html: '<p>{{ x | nope }}</p>',
        },
      },
      keys.marketing,
    );
    expect(bad.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect(bad.errors![0]!.extensions.issues!.map((i) => i.path)).toEqual([
      'input.subject',
      'input.text',
      'input.html',
    ]);
    for (const [locale, word] of [
      ['en', 'Thanks'],
      ['pt-BR', 'Obrigado'],
      ['pt-BR', 'Muito obrigado'],
    ]) {
      const r = await s.gql(
        UPSERT,
        {
          input: {
            key: 'visit',
            channel: 'EMAIL',
            locale,
            subject: `${word}, {{ customer.firstName }}`,
            text: `${word} for visiting {{ program.name }}. {{ unsubscribeUrl }}`,
          },
        },
        keys.marketing,
      );
      expect(r.errors).toBeUndefined();
    }
    const preview = await s.gql(
      `mutation($input: PreviewMessageTemplateInput!) { previewMessageTemplate(input: $input) { subject text html } }`,
      {
        input: {
          subject: 'Hi {{ customer.firstName }}',
          text: '{{ reward.name }}',
          html: '<b>{{ reward.name }}</b>',
          data: '{"reward":{"name":"Tea & cake"}}',
        },
      },
      keys.marketing,
    );
    expect(preview.data!.previewMessageTemplate).toEqual({
      subject: 'Hi Ana',
      text: 'Tea & cake',
      html: '<b>Tea &amp; cake</b>',
    });
    const c = await customer({ email: 'joao@example.com', firstName: 'João', locale: 'pt-BR' });
    const { messageId } = await queue(c.id, { templateKey: 'visit' });
    expect(await deliver(messageId)).toBe('SENT');
    expect(mails.at(-1)!.subject).toBe('Muito obrigado, João');
    expect((await row(messageId)).template_version).toBe(2);
  });
});

describe('SMS and push through the provider webhook', () => {
  it('never texts before the customer has; then sends signed, retrying a 500', async () => {
    const c = await customer(
      { phone: '+15550001111' },
      { preferredChannel: 'SMS', consents: [{ channel: 'SMS', granted: true }] },
    );
    const first = await queue(c.id);
    expect(first.status).toBe('SUPPRESSED');
    const inbound = await s.gql(
      `mutation($input: RecordInboundMessageInput!) { recordInboundMessage(input: $input) { id } }`,
      { input: { customerId: c.id, channel: 'SMS' } },
      keys.pos,
    );
    expect(inbound.errors).toBeUndefined();
    hookMode = 'fail-once';
    const { messageId, status } = await queue(c.id);
    expect(status).toBe('QUEUED');
    await expect(deliver(messageId)).rejects.toThrow(/500/);
    expect(await row(messageId)).toMatchObject({
      status: 'QUEUED',
      attempts: 1,
      error: 'webhook answered 500',
    });
    expect(await deliver(messageId)).toBe('SENT');
    const hook = hooks.at(-1)!;
    expect(hook.valid).toBe(true);
    expect(hook.body).toMatchObject({ id: messageId, channel: 'SMS', to: '+15550001111', kind: 'THANK_YOU' });
    expect(await row(messageId)).toMatchObject({
      status: 'SENT',
      attempts: 2,
      provider_id: `prov-${hooks.length}`,
      transport: 'webhook',
    });
  });

  it('dead-letters a message whose endpoint always times out, after MESSAGE_MAX_ATTEMPTS', async () => {
    const c = await customer(
      {},
      { preferredChannel: 'PUSH', consents: [{ channel: 'PUSH', granted: true }] },
    );
    hookMode = 'hang';
    const { messageId } = await queue(c.id);
    await expect(deliver(messageId)).rejects.toThrow(/timed out/);
    await expect(deliver(messageId)).rejects.toThrow(/timed out/);
    expect(await deliver(messageId)).toBe('DEAD: webhook: timed out');
    expect(await row(messageId)).toMatchObject({ status: 'DEAD', attempts: 3 });
    expect(await deliver(messageId)).toBe('already handled');
  });
});

describe('checked again at send time', () => {
  it('consent withdrawn between queueing and sending: not sent', async () => {
    const c = await customer({ email: 'changed-mind@example.com' });
    const before = mails.length;
    const { messageId } = await queue(c.id);
    await s.gql(
      PREFS,
      { input: { customerId: c.id, consents: [{ channel: 'EMAIL', granted: false }] } },
      keys.staff,
    );
    expect(await deliver(messageId)).toBe('SUPPRESSED: no EMAIL consent');
    expect(mails.length).toBe(before);
  });

  it('quiet hours in New York defer to 08:00 local, then send', async () => {
    clock.set('2026-03-10T02:30:00Z'); // 22:30 EDT
    const c = await customer(
      { email: 'ny@example.com', timeZone: 'America/New_York' },
      { consents: [{ channel: 'EMAIL', granted: true }], quietHoursStart: 21 * 60, quietHoursEnd: 8 * 60 },
    );
    const { messageId } = await queue(c.id);
    expect(await deliver(messageId)).toBe('deferred to 2026-03-10T12:00:00.000Z');
    expect((await row(messageId)).status).toBe('DEFERRED');
    const job = await t
      .db('outbox')
      .where({ program_id: programId })
      .whereRaw("payload->>'messageId' = ?", [messageId])
      .whereNotNull('run_at')
      .first();
    expect(job.run_at.toISOString()).toBe('2026-03-10T12:00:00.000Z');
    expect(await deliver(messageId)).toBe('not yet');
    clock.set('2026-03-10T12:00:00Z');
    expect(await deliver(messageId)).toBe('SENT');
  });

  it('caps: one thank-you a day; a repeated dedupe key is the same message; one budget across kinds', async () => {
    clock.set('2026-04-01T10:00:00Z');
    const c = await customer({ email: 'regular@example.com' });
    const a = await queue(c.id, { dedupeKey: 'thanks:visit-1' });
    expect(await queue(c.id, { dedupeKey: 'thanks:visit-1' })).toEqual({ ...a, created: false });
    expect(await deliver(a.messageId)).toBe('SENT');
    clock.advance(2 * HOUR);
    const b = await queue(c.id, { dedupeKey: 'thanks:visit-2' });
    expect(await deliver(b.messageId)).toBe('SUPPRESSED: THANK_YOU cap reached');
    // Over the week: thank-yous on days 2 and 3, a notice on day 4 fill the budget of 4.
    for (const [day, kind] of [
      [1, 'THANK_YOU'],
      [2, 'THANK_YOU'],
      [3, 'NOTICE'],
    ] as const) {
      clock.set(new Date(Date.parse('2026-04-01T10:00:00Z') + day * 24 * HOUR));
      const m = await queue(c.id, { kind, templateKey: kind === 'NOTICE' ? 'points_expiring' : 'thank_you' });
      expect(await deliver(m.messageId)).toBe('SENT');
    }
    clock.advance(24 * HOUR);
    const over = await queue(c.id, { kind: 'NOTICE', templateKey: 'points_expiring' });
    expect(await deliver(over.messageId)).toBe('SUPPRESSED: contact budget used up');
    const reply = await queue(c.id, { kind: 'REPLY', templateKey: 'thank_you' });
    expect(await deliver(reply.messageId)).toBe('SENT'); // answering the customer is never held back
  });
});

describe('unsubscribe links', () => {
  it('one-click POST takes effect at once: a message queued before it is not sent; repeat is a no-op; tampering is 400', async () => {
    const c = await customer({ email: 'leaving@example.com' });
    const { messageId } = await queue(c.id);
    const links = messageLinks(
      deps.config,
      { programId, customerId: c.id, channel: 'EMAIL', topic: null, messageId },
      false,
    );
    const url = local(links.unsubscribeUrl);

    const [data, sig] = url.split('/u/')[1]!.split('.');
    // Same signature, claims changed to another channel: refused, nothing written.
    const claims = { ...JSON.parse(Buffer.from(data!, 'base64url').toString()), ch: 'SMS' };
    const forged = Buffer.from(JSON.stringify(claims)).toString('base64url');
    const tampered = await fetch(`${s.url}/u/${forged}.${sig}`, { method: 'POST' });
    expect(tampered.status).toBe(400);
    expect(await t.db('message_unsubscribes').where({ customer_id: c.id })).toHaveLength(0);

    const body = 'List-Unsubscribe=One-Click';
    const res = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(200);
    expect((await fetch(url, { method: 'POST', body })).status).toBe(200);
    const page = await fetch(url); // the GET a person (or a mail scanner) opens: a page, no effect (defect 5)
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Unsubscribe?');
    expect(await t.db('message_unsubscribes').where({ customer_id: c.id })).toHaveLength(1);

    const prefs = await s.gql(
      `query($id: ID!) { customer(id: $id) { preferences { consents { channel state source } } } }`,
      { id: c.id },
      keys.staff,
    );
    expect(prefs.data!.customer.preferences.consents[0]).toEqual({
      channel: 'EMAIL',
      state: 'DENIED',
      source: 'unsubscribe-link',
    });
    expect(await deliver(messageId)).toBe('SUPPRESSED: no EMAIL consent');
  });
});

describe('newsletters', () => {
  const CHECK = `mutation($input: CheckNewsletterContentInput!) { checkNewsletterContent(input: $input) { salesScore blocked findings { phrase reason } } }`;
  const RECIPE = `<h1>Winter porridge</h1><p>Hi {{ customer.firstName }}, soak 80 g of oats overnight in 250 ml of milk,
    simmer for five minutes and top with grated apple.</p><p>Holiday opening hours: 8:00–14:00 on 24 December; closed on the 25th.</p>`;

  it('checkNewsletterContent blocks "50% off, buy now!" and passes a recipe with opening hours', async () => {
    const sales = await s.gql(
      CHECK,
      { input: { subject: 'Sale', body: '50% off, buy now!' } },
      keys.marketing,
    );
    expect(sales.data!.checkNewsletterContent.blocked).toBe(true);
    expect(sales.data!.checkNewsletterContent.salesScore).toBeGreaterThanOrEqual(0.5);
    expect(sales.data!.checkNewsletterContent.findings).toEqual(
      expect.arrayContaining([
        { phrase: '50% off', reason: 'discount talk' },
        { phrase: 'buy now', reason: 'buy-now call to action' },
      ]),
    );
    const useful = await s.gql(
      CHECK,
      { input: { subject: 'Winter porridge', body: RECIPE } },
      keys.marketing,
    );
    expect(useful.data!.checkNewsletterContent).toEqual({ salesScore: 0, blocked: false, findings: [] });
    const pos = await s.gql(CHECK, { input: { body: 'x' } }, keys.pos);
    expect(pos.errors![0]!.extensions.code).toBe('FORBIDDEN');
  });

  it('sends to returning topic subscribers in batches; an unsubscribe mid-fan-out holds; feedback counts once', async () => {
    clock.set('2026-05-04T10:00:00Z');
    const topicPrefs = { consents: [{ channel: 'EMAIL', granted: true }], newsletterTopics: ['recipes'] };
    const readers = [
      await customer({ email: 'r1@example.com', firstName: 'Rita' }, topicPrefs),
      await customer({ email: 'r2@example.com', firstName: 'Rui' }, topicPrefs),
    ];
    const notReturning = await customer({ email: 'new@example.com' }, topicPrefs);
    for (const r of readers) {
      const p = await s.gql(
        RECORD,
        { input: purchaseInput(r.id, { occurredAt: clock.now().toISOString() }) },
        keys.pos,
      );
      expect(p.errors).toBeUndefined();
    }
    const NL = `id status audienceCount contentCheck { blocked } report { recipients sent suppressed suppressedByReason { reason count } feedbackYes feedbackNo usefulRate unsubscribes }`;
    const create = await s.gql(
      `mutation($input: CreateNewsletterInput!) { createNewsletter(input: $input) { ${NL} } }`,
      {
        input: {
          title: 'Porridge',
          topic: 'recipes',
          subject: 'Winter porridge',
          body: RECIPE,
          audience: { minPurchases: 1, purchasedWithinDays: 30 },
        },
      },
      keys.marketing,
    );
    expect(create.errors).toBeUndefined();
    const nl = create.data!.createNewsletter;
    expect(nl.audienceCount).toBe(2);

    const sales = await s.gql(
      `mutation($input: CreateNewsletterInput!) { createNewsletter(input: $input) { id } }`,
      { input: { title: 'Sale', topic: 'recipes', subject: 'LAST CHANCE', body: '50% off, buy now!' } },
      keys.marketing,
    );
    const SEND = `mutation($input: SendNewsletterInput!) { sendNewsletter(input: $input) { status } }`;
    const blocked = await s.gql(
      SEND,
      { input: { newsletterId: sales.data!.createNewsletter.id } },
      keys.marketing,
    );
    expect(blocked.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect(blocked.errors![0]!.extensions.issues![0]!.message).toMatch(/50% off/);
    const notAdmin = await s.gql(
      SEND,
      {
        input: { newsletterId: sales.data!.createNewsletter.id, overrideReason: 'Annual clearance, agreed' },
      },
      keys.marketing,
    );
    expect(notAdmin.errors![0]!.extensions.code).toBe('FORBIDDEN');

    const sent = await s.gql(SEND, { input: { newsletterId: nl.id } }, keys.marketing);
    expect(sent.data!.sendNewsletter.status).toBe('SENDING');
    expect(await fanOutBatch(deps, { programId, newsletterId: nl.id, after: null })).toBe(2);
    expect(await fanOutBatch(deps, { programId, newsletterId: nl.id, after: null })).toBe(0); // re-run: nothing twice

    const queued = await t
      .db('messages')
      .where({ program_id: programId, newsletter_id: nl.id })
      .orderBy('recipient');
    expect(queued).toHaveLength(2);
    expect(queued.map((m) => m.customer_id)).not.toContain(notReturning.id);
    // Rui leaves the topic while the issue is being fanned out.
    const rui = queued.find((m) => m.customer_id === readers[1]!.id)!;
    const topicLink = messageLinks(
      deps.config,
      { programId, customerId: rui.customer_id, channel: 'EMAIL', topic: 'recipes', messageId: rui.id },
      false,
    );
    expect((await fetch(local(topicLink.unsubscribeUrl), { method: 'POST' })).status).toBe(200);

    // Fanned out, nothing delivered yet: not SENT while messages wait (issue 17 defect 4).
    const pending = await s.gql(
      `query($id: ID!) { newsletter(id: $id) { status } }`,
      { id: nl.id },
      keys.marketing,
    );
    expect(pending.data!.newsletter.status).toBe('SENDING');

    const before = mails.length;
    const outcomes = await Promise.all(queued.map((m) => deliver(m.id)));
    expect(outcomes.sort()).toEqual(['SENT', 'SUPPRESSED: not subscribed to recipes']);
    expect(mails.length).toBe(before + 1);
    const mail = mails.at(-1)!;
    expect(mail.subject).toBe('Winter porridge');
    expect(mail.html).toContain('Hi Rita');
    expect(header(mail, 'list-unsubscribe')).toContain('https://regulars.example/u/');
    const yes = /href="([^"]+useful=yes)"/.exec(String(mail.html))![1]!.replace(/&amp;/g, '&');
    const no = yes.replace('useful=yes', 'useful=no');
    // The link's page asks to confirm; its button POSTs the answer (a GET records nothing).
    for (const url of [yes, yes, no, yes]) {
      expect((await fetch(local(url))).status).toBe(200);
      expect((await fetch(local(url), { method: 'POST' })).status).toBe(200);
    }
    expect(
      (await fetch(local(yes.replace(/\.[\w-]+\?/, '.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA?')))).status,
    ).toBe(400);

    const report = await s.gql(
      `query($id: ID!) { newsletter(id: $id) { ${NL} } }`,
      { id: nl.id },
      keys.marketing,
    );
    expect(report.data!.newsletter.status).toBe('SENT');
    expect(report.data!.newsletter.report).toEqual({
      recipients: 2,
      sent: 1,
      suppressed: 1,
      suppressedByReason: [{ reason: 'not subscribed to recipes', count: 1 }],
      feedbackYes: 1,
      feedbackNo: 0,
      usefulRate: 1,
      unsubscribes: 0,
    });
  });
});

describe('faults are recorded, not thrown at the caller', () => {
  it('no address for any allowed channel is FAILED; an unknown template is FAILED; neither rolls back the caller', async () => {
    const c = await customer(
      {},
      { consents: [{ channel: 'EMAIL', granted: true }], preferredChannel: 'EMAIL' },
    );
    expect(await queue(c.id)).toMatchObject({ status: 'FAILED' });
    expect((await t.db('messages').where({ customer_id: c.id }).first()).error).toBe('no EMAIL address');
    const d = await customer({ email: 'x@example.com' });
    expect(await queue(d.id, { templateKey: 'no_such_template' })).toMatchObject({ status: 'FAILED' });
  });

  it('a row a dead worker left in SENDING becomes UNKNOWN (outcome unknown), never resent', async () => {
    const c = await customer({ email: 'crash@example.com' });
    const { messageId } = await queue(c.id);
    await t
      .db('messages')
      .where({ id: messageId })
      .update({ status: 'SENDING', updated_at: new Date(clock.now().getTime() - HOUR) });
    expect(await sweepStaleSending(deps)).toBe(1);
    expect(await row(messageId)).toMatchObject({
      status: 'UNKNOWN',
      error: expect.stringMatching(/outcome unknown/),
    });
    expect(await deliver(messageId)).toBe('already handled');
  });
});

describe('newsletter sending rules', () => {
  const SEND = `mutation($input: SendNewsletterInput!) { sendNewsletter(input: $input) { status scheduledAt overrideReason } }`;
  const CREATE = `mutation($input: CreateNewsletterInput!) { createNewsletter(input: $input) { id audienceCount } }`;

  it('refuses an empty audience, lets an admin override the content check with a reason, and schedules', async () => {
    const empty = await s.gql(
      CREATE,
      { input: { title: 'Nobody', topic: 'knitting', subject: 'Yarn', body: 'Wool care.' } },
      keys.marketing,
    );
    expect(empty.data!.createNewsletter.audienceCount).toBe(0);
    const r = await s.gql(SEND, { input: { newsletterId: empty.data!.createNewsletter.id } }, keys.marketing);
    expect(r.errors![0]!.extensions.issues![0]!.message).toBe('The audience is empty');

    const c = await customer(
      { email: 'fan@example.com' },
      { consents: [{ channel: 'EMAIL', granted: true }], newsletterTopics: ['news'] },
    );
    await s.gql(RECORD, { input: purchaseInput(c.id, { occurredAt: clock.now().toISOString() }) }, keys.pos);
    const sale = await s.gql(
      CREATE,
      { input: { title: 'Sale', topic: 'news', subject: 'Clearance', body: '50% off, buy now!' } },
      keys.marketing,
    );
    const id = sale.data!.createNewsletter.id;
    const ok = await s.gql(
      SEND,
      { input: { newsletterId: id, overrideReason: 'Closing-down notice agreed with owner' } },
      keys.admin,
    );
    expect(ok.data!.sendNewsletter).toMatchObject({
      status: 'SENDING',
      overrideReason: 'Closing-down notice agreed with owner',
    });
    const audit = await t
      .db('audit_log')
      .where({ program_id: programId, action: 'newsletter.send', target_id: id })
      .first();
    expect(audit.details.override).toBe('Closing-down notice agreed with owner');

    const later = await s.gql(
      CREATE,
      { input: { title: 'Later', topic: 'news', subject: 'Soup', body: 'Leek soup, step by step.' } },
      keys.marketing,
    );
    const at = new Date(clock.now().getTime() + 24 * HOUR);
    const sched = await s.gql(
      SEND,
      { input: { newsletterId: later.data!.createNewsletter.id, scheduledAt: at.toISOString() } },
      keys.marketing,
    );
    expect(sched.data!.sendNewsletter).toMatchObject({ status: 'SCHEDULED', scheduledAt: at.toISOString() });
    const p = { programId, newsletterId: later.data!.createNewsletter.id, after: null };
    expect(await fanOutBatch(deps, p)).toBe(0); // too early: nothing
    clock.set(at);
    expect(await fanOutBatch(deps, p)).toBe(1);
  });
});

describe('message history', () => {
  it('is visible to staff, and to the customer’s own session only', async () => {
    const c = await customer({ email: 'history@example.com' });
    const { messageId } = await queue(c.id);
    const Q = `query($id: ID!) { customer(id: $id) { messages(first: 5) { edges { node { id kind status channel } } } } }`;
    const staff = await s.gql(Q, { id: c.id }, keys.staff);
    expect(staff.data!.customer.messages.edges).toEqual([
      { node: { id: messageId, kind: 'THANK_YOU', status: 'QUEUED', channel: 'EMAIL' } },
    ]);
    const session = await s.gql(
      `mutation($input: CreateCustomerSessionInput!) { createCustomerSession(input: $input) { token } }`,
      { input: { customerId: c.id } },
      keys.pos,
    );
    const token = session.data!.createCustomerSession.token;
    const own = await s.gql(`{ me { messages { edges { node { id } } } } }`, {}, token);
    expect(own.data!.me.messages.edges).toHaveLength(1);
    const other = await s.gql(Q, { id: c.id }, token);
    expect(other.errors![0]!.extensions.code).toBe('FORBIDDEN');
  });

  it('counts messages per channel and outcome in /metrics', async () => {
    const text = await (await fetch(`${s.url}/metrics`)).text();
    expect(text).toMatch(/regulars_messages_total\{channel="EMAIL",outcome="sent"\} \d+/);
    expect(text).toMatch(/regulars_messages_total\{channel="EMAIL",outcome="deferred"\} \d+/);
  });
});

describe('useful notices', () => {
  it('tells a customer once, ahead of time, that points are about to expire', async () => {
    clock.set('2026-06-01T12:00:00Z');
    const cfg = await s.gql(EARNING, { input: { expiryPolicy: 'FIXED_DAYS', expiryDays: 30 } }, keys.admin);
    expect(cfg.errors).toBeUndefined();
    const c = await customer({ email: 'points@example.com' });
    const p = await s.gql(
      RECORD,
      { input: purchaseInput(c.id, { occurredAt: clock.now().toISOString() }) },
      keys.pos,
    );
    expect(p.data!.recordPurchase.pointsEarned).toBe(9);
    expect(await queuePointsExpiryNotices(deps)).toBe(0); // 30 days ahead: not yet within 14
    clock.set('2026-06-20T12:00:00Z');
    expect(await queuePointsExpiryNotices(deps)).toBe(1);
    expect(await queuePointsExpiryNotices(deps)).toBe(0); // the hourly run again: no second notice
    const m = await t.db('messages').where({ customer_id: c.id, kind: 'NOTICE' }).first();
    expect(await deliver(m.id)).toBe('SENT');
    expect(mails.at(-1)!.subject).toBe('9 points expire on 1 July');
  });

  it('tells a customer when points become available after the return window, once', async () => {
    clock.set('2026-08-01T12:00:00Z');
    const cfg = await s.gql(EARNING, { input: { pendingDays: 7, expiryPolicy: 'NONE' } }, keys.admin);
    expect(cfg.errors).toBeUndefined();
    const c = await customer({ email: 'pending@example.com' });
    await s.gql(RECORD, { input: purchaseInput(c.id, { occurredAt: clock.now().toISOString() }) }, keys.pos);
    expect(await queuePointsAvailableNotices(deps)).toBe(0);
    clock.set('2026-08-08T12:30:00Z');
    expect(await queuePointsAvailableNotices(deps)).toBe(1);
    expect(await queuePointsAvailableNotices(deps)).toBe(0);
    const m = await t.db('messages').where({ customer_id: c.id, template_key: 'points_available' }).first();
    expect(await deliver(m.id)).toBe('SENT');
    expect(mails.at(-1)!.subject).toBe('9 points are ready to use');
  });
});

describe('templates run in a sandbox (issue 17)', () => {
  const PREVIEW = `mutation($input: PreviewMessageTemplateInput!) { previewMessageTemplate(input: $input) { text } }`;
  const UPSERT = `mutation($input: UpsertMessageTemplateInput!) { upsertMessageTemplate(input: $input) { version } }`;
  const CREATE_NL = `mutation($input: CreateNewsletterInput!) { createNewsletter(input: $input) { id } }`;
  const UPDATE_NL = `mutation($input: UpdateNewsletterInput!) { updateNewsletter(input: $input) { id } }`;
  const FILES = ['.data/credentials.json', 'package.json', `${process.cwd()}/package.json`];
  /** What a leaked package.json would show. */
  const LEAK = /"name":\s*"regulars"|devDependencies/;

  /** Refused as BAD_USER_INPUT at `path`, with a message and no file content or stack. */
  function expectRefused(r: Awaited<ReturnType<TestServer['gql']>>, path: string, message: RegExp) {
    expect(r.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    const issue = r.errors![0]!.extensions.issues!.find((i) => i.path === path);
    expect(issue?.message).toMatch(message);
    expect(JSON.stringify(r)).not.toMatch(LEAK);
    expect(JSON.stringify(r)).not.toMatch(/\n\s+at /);
  }

  it('refuses include, render and layout of any file at preview and at save (issue 17, defect 1)', async () => {
    const draft = await s.gql(
      CREATE_NL,
      { input: { title: 'Draft', subject: 'Hello', body: 'Plain words.' } },
      keys.marketing,
    );
    expect(draft.errors).toBeUndefined();
    const newsletterId = draft.data!.createNewsletter.id;
    for (const tag of ['include', 'render', 'layout']) {
      for (const file of FILES) {
        const src = `Hi {% ${tag} '${file}' %}`;
        const why = new RegExp(`\\{% ${tag} %\\} is not available in messages`);
        expectRefused(await s.gql(PREVIEW, { input: { text: src } }, keys.marketing), 'input.text', why);
        expectRefused(
          await s.gql(PREVIEW, { input: { text: 'x', html: `<p>${src}</p>` } }, keys.admin),
          'input.html',
          why,
        );
        expectRefused(
          await s.gql(
            UPSERT,
            { input: { key: 'leak', channel: 'EMAIL', subject: 'Hi', text: src } },
            keys.marketing,
          ),
          'input.text',
          why,
        );
        expectRefused(
          await s.gql(CREATE_NL, { input: { title: 'Leak', subject: 'Hi', body: src } }, keys.marketing),
          'input.body',
          why,
        );
        expectRefused(
          await s.gql(UPDATE_NL, { input: { newsletterId, body: src } }, keys.admin),
          'input.body',
          why,
        );
      }
    }
    expect(await t.db('message_templates').where({ program_id: programId, key: 'leak' })).toEqual([]);
  });

  it('a template saved before the sandbox that includes a file fails at send and reads nothing (issue 17, defect 1)', async () => {
    await scoped(t.db, programId).transaction((q) =>
      insertTemplateVersion(
        q,
        {
          key: 'legacy_leak',
          channel: 'EMAIL',
          locale: 'en',
          subject: 'Hi',
          text_body: "Here: {% include 'package.json' %}",
          html_body: null,
        },
        clock.now(),
      ),
    );
    const c = await customer({ email: 'legacy-leak@example.com' });
    const sentBefore = mails.length;
    const { messageId } = await queue(c.id, { templateKey: 'legacy_leak' });
    expect(await deliver(messageId)).toMatch(/^FAILED: render: text: \{% include %\} is not available/);
    expect(mails.length).toBe(sentBefore);
    expect(JSON.stringify(await row(messageId))).not.toMatch(LEAK);
  });

  it('refuses a 30-million-iteration loop within seconds while /healthz keeps answering (issue 17, defect 2)', async () => {
    const started = Date.now();
    const preview = s.gql(
      PREVIEW,
      { input: { text: '{% for i in (1..30000000) %}x{% endfor %}' } },
      keys.marketing,
    );
    // Ask while the preview is in flight: the loop must not hold the event loop.
    await new Promise((r) => setTimeout(r, 20));
    const health = await fetch(`${s.url}/healthz`);
    expect(health.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(5_000);
    expectRefused(await preview, 'input.text', /builds too much|too long to render/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('refuses at save a loop that cannot render within the bounds (issue 17, defect 2)', async () => {
    const loop = '{% for i in (1..3000000) %}x{% endfor %}';
    const started = Date.now();
    expectRefused(
      await s.gql(UPSERT, { input: { key: 'slow', channel: 'SMS', text: loop } }, keys.marketing),
      'input.text',
      /builds too much|too long to render/,
    );
    expectRefused(
      await s.gql(CREATE_NL, { input: { title: 'Slow', subject: 'Hi', body: loop } }, keys.marketing),
      'input.body',
      /builds too much|too long to render/,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('refuses a captured string doubled past the bounds instead of crashing the process (issue 17, defect 2)', async () => {
    // 10 × 2^25 characters as a rope is cheap; `replace` splits it and V8 aborts the process.
    const doubling =
      "{% capture a %}xxxxxxxxxx{% endcapture %}{% for i in (1..25) %}{% capture a %}{{a}}{{a}}{% endcapture %}{% endfor %}{{ a | replace: 'x', 'yy' | size }}";
    expectRefused(
      await s.gql(PREVIEW, { input: { text: doubling } }, keys.marketing),
      'input.text',
      /output limit exceeded|builds too much/,
    );
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
  });

  it('refuses a template whose output is huge (issue 17, defect 2)', async () => {
    // 50 000 × 20 characters: within the memory bound, past the output bound.
    const huge = `{% for i in (1..50000) %}xxxxxxxxxxxxxxxxxxxx{% endfor %}`;
    expectRefused(
      await s.gql(PREVIEW, { input: { text: huge } }, keys.marketing),
      'input.text',
      /output limit exceeded|too long to render/,
    );
    // The sample passes, but the caller's own data makes the output huge.
    const big = JSON.stringify({ reward: { name: 'y'.repeat(40_000) } });
    expectRefused(
      await s.gql(
        PREVIEW,
        { input: { text: '{% for i in (1..20) %}{{ reward.name }}{% endfor %}', data: big } },
        keys.marketing,
      ),
      'input.text',
      /output limit exceeded/,
    );
  });
});
