import type { Liquid } from 'liquidjs';
import { AppError, type InputIssue } from '../../shared/errors';
import { createSandboxedLiquid, renderBounded, TEMPLATE_LIMITS } from './liquid-sandbox';

/**
 * liquidjs: logic-less, no code execution, so marketing staff can edit templates safely.
 * Saving checks strictly (syntax, unknown filters, unknown variables against the documented
 * sample); sending renders leniently, so a message whose optional object is absent (a
 * thank-you without a purchase) renders blanks instead of failing. Both run in the sandbox
 * (no file tags, bounded parse, time, memory and output), so what saves also sends.
 */
const strictText = createSandboxedLiquid({ strictVariables: true });
const strictHtml = createSandboxedLiquid({ strictVariables: true, escapeHtml: true });
const text = createSandboxedLiquid();
const html = createSandboxedLiquid({ escapeHtml: true });

/** liquidjs' limit messages, in words staff can act on. */
function explain(e: unknown): string {
  const m = (e as Error).message ?? String(e);
  if (/template render limit exceeded/.test(m))
    return `The template takes too long to render (over ${TEMPLATE_LIMITS.renderMs} ms): loop over less`;
  if (/memory alloc limit exceeded/.test(m))
    return 'The template builds too much (a range, loop or string that is too large)';
  if (/parse length limit exceeded/.test(m)) return 'The template is too long';
  return m;
}

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
      renderBounded(engine, source, SAMPLE_DATA);
    } catch (e) {
      issues.push({ path: `${prefix}.${field}`, message: explain(e) });
    }
  };
  check('subject', t.subject, strictText);
  check('text', t.text, strictText);
  check('html', t.html, strictHtml);
  return issues;
}

/** A template that did not render; `field` is which part (`subject`, `text`, `html`). */
export class TemplateRenderError extends Error {
  constructor(
    readonly field: keyof TemplateParts,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'TemplateRenderError';
  }
}

/** Renders in the sandbox; a template over a bound throws (delivery records it as FAILED). */
export function renderTemplate(t: TemplateParts, data: TemplateData, strict = false): Rendered {
  const part = (field: keyof TemplateParts, engine: Liquid, source: string) => {
    try {
      return renderBounded(engine, source, data);
    } catch (e) {
      throw new TemplateRenderError(field, explain(e));
    }
  };
  return {
    subject: t.subject == null ? null : part('subject', strict ? strictText : text, t.subject).trim(),
    text: part('text', strict ? strictText : text, t.text),
    html: t.html == null ? null : part('html', strict ? strictHtml : html, t.html),
  };
}

/**
 * Renders a draft for staff to preview (validated first): a part over a bound is
 * BAD_USER_INPUT on `input.<field>`, where `inputOf` names the input that holds the part.
 */
export function renderDraft(
  t: TemplateParts,
  data: TemplateData,
  message: string,
  inputOf: (field: keyof TemplateParts) => string = (field) => field,
): Rendered {
  try {
    return renderTemplate(t, data);
  } catch (e) {
    if (!(e instanceof TemplateRenderError)) throw e;
    throw AppError.badInput([{ path: `input.${inputOf(e.field)}`, message: e.reason }], message);
  }
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
