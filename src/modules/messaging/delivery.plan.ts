/**
 * What delivery decides, as pure functions (ADR 0020): an ordered list of small policy checks
 * that turn a queued message and its recipient's facts *now* into a decision, then the
 * content (template by channel and locale, or the newsletter) rendered per recipient. The
 * same code decides for one message and for a batch; the workflow (src/workflows/
 * deliver-messages.ts) loads the facts, writes the decisions and sends.
 */
import type { Channel } from '../customers/customers.inputs';
import type { MessageLinks } from './links';
import type { MessageRow, TemplateRow } from './messaging.repo';
import { newsletterParts } from './newsletters.template';
import {
  type ChannelFacts,
  CONTACT_BUDGET,
  channelBlock,
  chooseChannel,
  KIND_CAPS,
  type MessageKind,
  nextAllowedAt,
  unreachableStatus,
} from './policy';
import { DEFAULT_TEMPLATES, type Rendered, renderTemplate, type TemplateParts } from './templates';

/** Everything the checks need to know about one recipient, read at send time. */
export interface RecipientFacts {
  customer: {
    id: string;
    first_name: string | null;
    last_name: string | null;
    email: string | null;
    phone: string | null;
    locale: string | null;
    time_zone: string | null;
  };
  prefs: {
    preferred_channel: Channel | null;
    newsletter_topics: string[];
    quiet_hours_start: number | null;
    quiet_hours_end: number | null;
    sms_only_after_inbound: boolean;
  } | null;
  consents: Partial<Record<Channel, 'GRANTED' | 'DENIED'>>;
  /** Channels on which the customer has contacted us ("SMS only after they texted us"). */
  inbound: Channel[];
  /** An open follow-up after a low survey score: newsletters wait until someone has listened. */
  lowScoreOpen: boolean;
  /** Messages sent or being sent to the customer within the longest budget window. */
  sent: { kind: MessageKind; sent_at: Date }[];
}

export interface ProgramFacts {
  name: string;
  currency: string;
  time_zone: string;
}

export interface NewsletterContent {
  subject: string;
  body: string;
}

/** One message before the checks: the row, its recipient (null: no such customer) and the rest. */
export interface Candidate {
  message: MessageRow;
  facts: RecipientFacts | null;
  program: ProgramFacts;
  /** Channels the message's template exists for (saved or built in); a newsletter is EMAIL. */
  channels: Channel[];
  now: Date;
}

export type Decision =
  | { kind: 'send'; channel: Channel }
  | { kind: 'end'; status: 'SUPPRESSED' | 'FAILED'; reason: string }
  | { kind: 'defer'; until: Date };

type Verdict = Exclude<Decision, { kind: 'send' }> | { kind: 'switch'; channel: Channel } | null;

interface Check {
  /** What the check protects, for readers and logs. */
  name: string;
  check(c: Candidate & { facts: RecipientFacts }, channel: Channel): Verdict;
}

const end = (status: 'SUPPRESSED' | 'FAILED', reason: string): Verdict => ({ kind: 'end', status, reason });

export function channelFacts(f: RecipientFacts): ChannelFacts {
  return {
    consents: f.consents,
    address: { EMAIL: f.customer.email, SMS: f.customer.phone, PUSH: f.customer.id },
    smsOnlyAfterInbound: f.prefs?.sms_only_after_inbound ?? true,
    inbound: Object.fromEntries(f.inbound.map((c) => [c, true])),
  };
}

/** Sent (or being sent) within `ms` before now. */
const within = (c: Candidate & { facts: RecipientFacts }, ms: number) =>
  c.facts.sent.filter((s) => s.sent_at.getTime() > c.now.getTime() - ms);

/**
 * The checks, in the order they run; the first that stops a message decides its outcome, so
 * the order is the order of the reasons recorded (consent before topic before budget).
 */
export const POLICY: readonly Check[] = [
  {
    name: 'consent and address on the channel (else the preferred allowed one)',
    check(c, channel) {
      const f = channelFacts(c.facts);
      const block = channelBlock(channel, f);
      if (!block) return null;
      const other = chooseChannel(c.facts.prefs?.preferred_channel ?? null, f, c.channels);
      if (other) return { kind: 'switch', channel: other };
      const status = unreachableStatus(block);
      return end(status, block);
    },
  },
  {
    name: 'subscribed to the topic',
    check(c) {
      const topic = c.message.topic;
      if (topic && !(c.facts.prefs?.newsletter_topics ?? []).includes(topic))
        return end('SUPPRESSED', `not subscribed to ${topic}`);
      return null;
    },
  },
  {
    // Nobody unhappy gets a newsletter before someone has listened; thank-yous and service
    // messages still go.
    name: 'no newsletter during an open low-score follow-up',
    check(c) {
      if (c.message.kind === 'NEWSLETTER' && c.facts.lowScoreOpen)
        return end('SUPPRESSED', 'paused: open low-score follow-up');
      return null;
    },
  },
  {
    name: "quiet hours in the customer's zone",
    check(c) {
      const p = c.facts.prefs;
      const zone = c.facts.customer.time_zone ?? c.program.time_zone;
      const allowed = nextAllowedAt(c.now, zone, p?.quiet_hours_start ?? null, p?.quiet_hours_end ?? null);
      return allowed > c.now ? { kind: 'defer', until: allowed } : null;
    },
  },
  {
    // One budget across every kind we start; a REPLY answers the customer and is never held.
    name: 'contact budget',
    check(c) {
      if (c.message.kind === 'REPLY') return null;
      if (within(c, CONTACT_BUDGET.windowMs).length >= CONTACT_BUDGET.max)
        return end('SUPPRESSED', 'contact budget used up');
      return null;
    },
  },
  {
    name: 'cap per kind',
    check(c) {
      if (c.message.kind === 'REPLY') return null;
      const cap = KIND_CAPS[c.message.kind];
      if (within(c, cap.windowMs).filter((s) => s.kind === c.message.kind).length >= cap.max)
        return end('SUPPRESSED', `${c.message.kind} cap reached`);
      return null;
    },
  },
];

/** The longest window any budget looks back over: what the facts must include. */
export const BUDGET_WINDOW_MS = Math.max(
  CONTACT_BUDGET.windowMs,
  ...Object.values(KIND_CAPS).map((c) => c.windowMs),
);

/** Runs the checks in order; the queued channel may be replaced by the preferred allowed one. */
export function decide(c: Candidate): Decision {
  if (!c.facts) return { kind: 'end', status: 'FAILED', reason: 'customer not found' };
  const withFacts = c as Candidate & { facts: RecipientFacts };
  let channel = c.message.channel;
  for (const { check } of POLICY) {
    const v = check(withFacts, channel);
    if (!v) continue;
    if (v.kind === 'switch') channel = v.channel;
    else return v;
  }
  return { kind: 'send', channel };
}

/** Where the message goes on `channel`: the email address, the phone, or (push) the customer. */
export function recipientOf(f: RecipientFacts, channel: Channel): string | null {
  return channel === 'EMAIL' ? f.customer.email : channel === 'SMS' ? f.customer.phone : f.customer.id;
}

// --- content --------------------------------------------------------------------------

/** The best template for a locale: exact, then same language, then English, then any. */
export function pickLocale<T extends { locale: string }>(rows: T[], locale: string | null): T | undefined {
  const lang = (l: string) => l.split('-')[0]!.toLowerCase();
  const want = locale ?? 'en';
  return (
    rows.find((r) => r.locale === want) ??
    rows.find((r) => lang(r.locale) === lang(want)) ??
    rows.find((r) => lang(r.locale) === 'en') ??
    rows[0]
  );
}

/** Channels a template key can be sent on: the program's saved templates and the built-in ones. */
export function templateChannelsOf(key: string, saved: readonly Pick<TemplateRow, 'key' | 'channel'>[]) {
  const builtIn = Object.keys(DEFAULT_TEMPLATES[key] ?? {}) as Channel[];
  return [...new Set([...saved.filter((t) => t.key === key).map((t) => t.channel), ...builtIn])];
}

/**
 * What to render: the newsletter issue, else the program's newest template for the key and
 * channel in the customer's locale, else the built-in one. Null: nothing to send.
 */
export function contentFor(
  m: MessageRow,
  channel: Channel,
  locale: string | null,
  saved: readonly TemplateRow[],
  newsletter: NewsletterContent | undefined,
): { parts: TemplateParts; version: number } | null {
  if (m.newsletter_id) return newsletter ? { parts: newsletterParts(newsletter), version: 0 } : null;
  const row = pickLocale(
    saved.filter((t) => t.key === m.template_key && t.channel === channel),
    locale,
  );
  if (row)
    return {
      parts: { subject: row.subject, text: row.text_body, html: row.html_body },
      version: row.version,
    };
  const builtIn = DEFAULT_TEMPLATES[m.template_key]?.[channel];
  return builtIn ? { parts: builtIn, version: 0 } : null;
}

/** Renders for one recipient; a failure is the message's FAILED reason, not an exception. */
export function renderFor(
  m: MessageRow,
  parts: TemplateParts,
  f: RecipientFacts,
  program: ProgramFacts,
  links: MessageLinks,
): { ok: true; rendered: Rendered } | { ok: false; reason: string } {
  try {
    return {
      ok: true,
      rendered: renderTemplate(parts, {
        ...m.data,
        customer: {
          id: f.customer.id,
          firstName: f.customer.first_name,
          lastName: f.customer.last_name,
          email: f.customer.email,
          phone: f.customer.phone,
          locale: f.customer.locale,
        },
        program: { name: program.name, currency: program.currency },
        ...links,
      }),
    };
  } catch (err) {
    return { ok: false, reason: `render: ${(err as Error).message}` };
  }
}
