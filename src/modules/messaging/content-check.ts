/**
 * The non-sales content check: scores a newsletter draft for the language that makes a
 * message read as sales material, and lists each phrase with the reason. Deterministic and
 * explainable on purpose: staff must see *why* a draft is blocked and what to rewrite.
 */
export interface ContentFinding {
  phrase: string;
  reason: string;
}

export interface ContentCheck {
  salesScore: number;
  blocked: boolean;
  findings: ContentFinding[];
}

/** Above this a newsletter is not sent unless an admin overrides it with a reason. */
export const SALES_THRESHOLD = 0.5;

interface Rule {
  pattern: RegExp;
  reason: string;
  weight: number;
}

const RULES: Rule[] = [
  { pattern: /\b\d{1,3}\s?%\s?off\b/gi, reason: 'discount talk', weight: 0.35 },
  {
    pattern:
      /\b(discount(ed|s)?|sale|clearance|bargain|deal(s)?|coupon|promo(tion|code)?|save \d+|half[- ]price|bogo|buy one,? get one)\b/gi,
    reason: 'discount talk',
    weight: 0.2,
  },
  {
    pattern: /(?:[$€£]\s?\d+(?:[.,]\d{2})?|\b\d+(?:[.,]\d{2})?\s?(?:usd|eur|gbp|dollars?)\b)/gi,
    reason: 'price talk',
    weight: 0.15,
  },
  {
    pattern: /\b(lowest|best|unbeatable|special) prices?\b|\bonly \$?\d/gi,
    reason: 'price talk',
    weight: 0.2,
  },
  {
    pattern:
      /\b(limited time|hurry|act now|last chance|ends (today|tonight|soon)|while (supplies|stocks?) last|don'?t miss( out)?|today only|expires? (today|tonight|soon)|only \d+ left)\b/gi,
    reason: 'urgency',
    weight: 0.25,
  },
  {
    pattern:
      /\b(buy|shop|order|book|grab|get yours|claim (yours|your)|add to cart|check ?out)( it| them| yours)? (now|today)\b|\bshop now\b|\bbuy now\b|\badd to cart\b/gi,
    reason: 'buy-now call to action',
    weight: 0.35,
  },
  {
    pattern: /\bfree\b(?! (parking|wi-?fi|of charge to attend))/gi,
    reason: 'sales wording ("free")',
    weight: 0.1,
  },
];

/** Liquid tags and HTML markup are not words the reader sees. */
function visibleText(source: string): string {
  return source
    .replace(/\{%[\s\S]*?%\}|\{\{[\s\S]*?\}\}/g, ' ')
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&');
}

export function checkContent(input: { subject?: string | null; body: string }): ContentCheck {
  const text = `${input.subject ?? ''}\n${visibleText(input.body)}`;
  const findings: ContentFinding[] = [];
  let score = 0;
  const seen = new Set<string>();
  const add = (phrase: string, reason: string, weight: number) => {
    const k = `${phrase.toLowerCase()}|${reason}`;
    if (seen.has(k)) {
      score += weight / 3; // repetition still counts, a little
      return;
    }
    seen.add(k);
    findings.push({ phrase, reason });
    score += weight;
  };
  for (const rule of RULES) {
    for (const m of text.matchAll(rule.pattern)) add(m[0], rule.reason, rule.weight);
  }
  // Exclamation: one is friendly; runs ("!!") and many are shouting.
  for (const m of text.matchAll(/[^.!?\n]{0,30}!{2,}/g))
    add(m[0].trim(), 'excessive exclamation marks', 0.15);
  const bangs = (text.match(/!/g) ?? []).length;
  const sentences = Math.max(1, (text.match(/[.!?](\s|$)/g) ?? []).length);
  if (bangs >= 3 && bangs / sentences > 0.3)
    add(`${bangs} exclamation marks`, 'excessive exclamation marks', 0.15);
  // Capitals: a word in capitals is emphasis; several are shouting. Short acronyms are fine.
  const caps = [...text.matchAll(/\b[A-Z]{4,}\b/g)].map((m) => m[0]);
  if (caps.length >= 2) add(caps.slice(0, 5).join(' '), 'excessive capitals', 0.1 * Math.min(caps.length, 4));
  const salesScore = Math.round(Math.min(1, score) * 100) / 100;
  return { salesScore, blocked: salesScore >= SALES_THRESHOLD, findings };
}
