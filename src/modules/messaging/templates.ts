import { Liquid } from 'liquidjs';
import type { InputIssue } from '../../shared/errors';

/**
 * liquidjs: logic-less, no code execution, so marketing staff can edit templates safely.
 * Saving checks strictly (syntax, unknown filters, unknown variables against the documented
 * sample); sending renders leniently, so a message whose optional object is absent (a
 * thank-you without a purchase) renders blanks instead of failing.
 */
const opts = { strictFilters: true, ownPropertyOnly: true, cache: 200 } as const;
const strictText = new Liquid({ ...opts, strictVariables: true });
const strictHtml = new Liquid({ ...opts, strictVariables: true, outputEscape: 'escape' });
const text = new Liquid(opts);
const html = new Liquid({ ...opts, outputEscape: 'escape' });

/** The documented variables; `previewMessageTemplate` renders with these. */
export const SAMPLE_DATA = {
  customer: {
    id: '00000000-0000-4000-8000-000000000000',
    firstName: 'Ana',
    lastName: 'Silva',
    email: 'ana@example.com',
    phone: '+15551234567',
    locale: 'en',
  },
  program: { name: 'Corner Café', currency: 'USD' },
  purchase: {
    id: 'p-1',
    totalMinor: 900,
    total: '9.00',
    currency: 'USD',
    storeCode: 'S1',
    occurredAt: '2026-11-22T09:30:00Z',
    pointsEarned: 9,
  },
  reward: { name: 'Free coffee', code: 'RW-ABC123', expiresAt: '2026-12-22T00:00:00Z' },
  tier: { name: 'Gold' },
  points: {
    available: 120,
    availableAt: '2026-12-01T00:00:00Z',
    expiring: 30,
    expiresAt: '2026-12-31T00:00:00Z',
  },
  newsletter: { title: 'Winter porridge', topic: 'recipes' },
  survey: { url: 'https://example.com/s/TOKEN', scale: 'CSAT' },
  reply: { subject: 'Re: Your visit [#1a2b3c4d]', body: 'Thank you for telling us. We have fixed the door.' },
  unsubscribeUrl: 'https://example.com/u/TOKEN',
  preferencesUrl: 'https://example.com/preferences',
  usefulYesUrl: 'https://example.com/f/TOKEN?useful=yes',
  usefulNoUrl: 'https://example.com/f/TOKEN?useful=no',
};
export type TemplateData = Record<string, unknown>;

export interface TemplateParts {
  subject?: string | null;
  text: string;
  html?: string | null;
}
export interface Rendered {
  subject: string | null;
  text: string;
  html: string | null;
}

/** Every problem with the template, as BAD_USER_INPUT issues (`input.text: undefined variable …`). */
export function validateTemplate(t: TemplateParts, prefix = 'input'): InputIssue[] {
  const issues: InputIssue[] = [];
  const check = (field: string, source: string | null | undefined, engine: Liquid) => {
    if (source == null) return;
    try {
      engine.parseAndRenderSync(source, SAMPLE_DATA);
    } catch (e) {
      issues.push({ path: `${prefix}.${field}`, message: (e as Error).message });
    }
  };
  check('subject', t.subject, strictText);
  check('text', t.text, strictText);
  check('html', t.html, strictHtml);
  return issues;
}

export function renderTemplate(t: TemplateParts, data: TemplateData, strict = false): Rendered {
  return {
    subject:
      t.subject == null ? null : (strict ? strictText : text).parseAndRenderSync(t.subject, data).trim(),
    text: (strict ? strictText : text).parseAndRenderSync(t.text, data),
    html: t.html == null ? null : (strict ? strictHtml : html).parseAndRenderSync(t.html, data),
  };
}

/**
 * Built-in templates, used when a program has not saved its own under the key. Plain and
 * short: a thank-you says thank you, and a notice says what happens and when.
 */
export const DEFAULT_TEMPLATES: Record<string, Partial<Record<'EMAIL' | 'SMS' | 'PUSH', TemplateParts>>> = {
  thank_you: {
    EMAIL: {
      subject: 'Thank you, {{ customer.firstName | default: "friend" }}',
      text: 'Thank you for coming back to {{ program.name }}.{% if reward.name %} As a thank-you: {{ reward.name }} (code {{ reward.code }}).{% endif %}\n\nChange what we send you: {{ preferencesUrl }}\nUnsubscribe: {{ unsubscribeUrl }}\n',
      html: '<p>Thank you for coming back to {{ program.name }}.</p>{% if reward.name %}<p>As a thank-you: <strong>{{ reward.name }}</strong> (code {{ reward.code }}).</p>{% endif %}<p><a href="{{ preferencesUrl }}">Change what we send you</a> · <a href="{{ unsubscribeUrl }}">Unsubscribe</a></p>',
    },
    SMS: {
      text: 'Thank you for visiting {{ program.name }}!{% if reward.name %} Your thank-you: {{ reward.name }} ({{ reward.code }}).{% endif %}',
    },
    PUSH: {
      subject: 'Thank you',
      text: 'Thank you for visiting {{ program.name }}.{% if reward.name %} {{ reward.name }} is waiting in the app.{% endif %}',
    },
  },
  points_available: {
    EMAIL: {
      subject: '{{ points.available }} points are ready to use',
      text: 'The return window has passed: {{ points.available }} points from your visit to {{ program.name }} are now yours to spend.\n\nChange what we send you: {{ preferencesUrl }}\nUnsubscribe: {{ unsubscribeUrl }}\n',
    },
    SMS: { text: '{{ program.name }}: {{ points.available }} points are now ready to use.' },
    PUSH: { text: '{{ points.available }} points are now ready to use.' },
  },
  points_expiring: {
    EMAIL: {
      subject: '{{ points.expiring }} points expire on {{ points.expiresAt | date: "%-d %B" }}',
      text: '{{ points.expiring }} of your points at {{ program.name }} expire on {{ points.expiresAt | date: "%-d %B %Y" }}.\n\nChange what we send you: {{ preferencesUrl }}\nUnsubscribe: {{ unsubscribeUrl }}\n',
    },
    SMS: {
      text: '{{ program.name }}: {{ points.expiring }} points expire on {{ points.expiresAt | date: "%-d %b" }}.',
    },
    PUSH: { text: '{{ points.expiring }} points expire on {{ points.expiresAt | date: "%-d %b" }}.' },
  },
  survey: {
    EMAIL: {
      subject: 'How was your visit to {{ program.name }}?',
      text: 'Thank you for visiting {{ program.name }}. How was it? One question, under a minute:\n{{ survey.url }}\n\nChange what we send you: {{ preferencesUrl }}\nUnsubscribe: {{ unsubscribeUrl }}\n',
      html: '<p>Thank you for visiting {{ program.name }}. How was it?</p><p><a href="{{ survey.url }}">Answer one question</a> (under a minute).</p><p><a href="{{ preferencesUrl }}">Change what we send you</a> · <a href="{{ unsubscribeUrl }}">Unsubscribe</a></p>',
    },
    SMS: { text: '{{ program.name }}: how was your visit? {{ survey.url }}' },
    PUSH: { subject: 'How was your visit?', text: 'One question about your visit: {{ survey.url }}' },
  },
  reply: {
    EMAIL: {
      subject: '{{ reply.subject }}',
      text: '{{ reply.body }}\n\n{{ program.name }}\n',
      html: '<p style="white-space:pre-wrap">{{ reply.body }}</p><p>{{ program.name }}</p>',
    },
    SMS: { text: '{{ program.name }}: {{ reply.body }}' },
    PUSH: { subject: '{{ reply.subject }}', text: '{{ reply.body }}' },
  },
};
