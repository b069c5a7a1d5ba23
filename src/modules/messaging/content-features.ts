/**
 * What the non-sales content check looks for: sales signals a reader would recognise, each found
 * as phrases in the draft's visible text. The check (content-check.ts) turns the counts into
 * features and combines them with weights fitted on the training part of the labelled corpus
 * (scripts/content/train.ts). Every detector returns the exact phrase it matched, so a blocked
 * draft always says what to rewrite.
 *
 * Detectors only ever *add* evidence of selling (the fitted weights are kept ≥ 0); things that
 * make a phrase harmless — "no booking needed", "costs us $3 in parts", "free workshop" — are
 * handled inside the detector that would otherwise fire.
 */

export interface Hit {
  phrase: string;
  index: number;
  /** The reason shown for this phrase when it is not the detector's own (see Detector.structural). */
  reason?: string;
}

export interface Detector {
  key: string;
  /** Shown to staff beside the phrase. */
  reason: string;
  /**
   * The phrases found. `earlier` holds the phrases of the detectors before this one in DETECTORS,
   * by key: the structural detectors read the draft through them.
   */
  find(text: string, earlier: ReadonlyMap<string, Hit[]>): Hit[];
  /**
   * A structural detector's phrases are other detectors' (each hit carries that one's reason):
   * the check shows each phrase with its own reason and with this detector's, which says why it
   * weighs more here ("the draft ends by pushing a purchase").
   */
  structural?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Visible text
// ---------------------------------------------------------------------------------------------

const ENTITIES: Record<string, string> = {
  nbsp: ' ',
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  rsquo: "'",
  lsquo: "'",
  ldquo: '"',
  rdquo: '"',
  pound: '£',
  euro: '€',
  ndash: '–',
  mdash: '—',
  hellip: '…',
};

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1));
      return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

const BLOCK_TAGS = new Set([
  'p',
  'div',
  'br',
  'li',
  'ul',
  'ol',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'tr',
  'table',
  'section',
  'blockquote',
  'hr',
]);

/**
 * Drops every `open … close` span. Linear: an opener without a closer ends the scan (a regex like
 * /\{\{[\s\S]*?\}\}/ rescans the rest of the text from every unclosed opener).
 */
function dropSpans(s: string, open: string, close: string): string {
  let out = '';
  let i = 0;
  for (;;) {
    const a = s.indexOf(open, i);
    if (a < 0) break;
    const b = s.indexOf(close, a + open.length);
    if (b < 0) break;
    out += `${s.slice(i, a)} `;
    i = b + close.length;
  }
  return out + s.slice(i);
}

/** HTML read as text: tags dropped (block elements end a line), script and style dropped whole. */
function dropTags(s: string): string {
  const lower = s.toLowerCase();
  let out = '';
  let i = 0;
  for (;;) {
    const a = s.indexOf('<', i);
    if (a < 0) break;
    const b = s.indexOf('>', a + 1);
    if (b < 0) break;
    out += s.slice(i, a);
    const tag = /^<(\/?)([a-z][a-z0-9]*)/.exec(lower.slice(a, a + 16));
    const name = tag?.[2] ?? '';
    if (!tag?.[1] && (name === 'script' || name === 'style')) {
      const end = lower.indexOf(`</${name}`, b + 1);
      const gt = end < 0 ? -1 : s.indexOf('>', end);
      out += ' ';
      i = gt < 0 ? s.length : gt + 1;
      continue;
    }
    out += BLOCK_TAGS.has(name) ? '\n' : ' ';
    i = b + 1;
  }
  return out + s.slice(i);
}

/**
 * The words a reader sees: liquid tags dropped, HTML read as text (block elements end a line),
 * entities decoded, curly quotes straightened, whitespace collapsed; a single line break in the
 * body is a space (the editor wrapped the line), a blank line ends a paragraph. Subject first, on
 * its own line.
 * Linear in the length of the draft.
 */
export function visibleText(subject: string | null | undefined, body: string): string {
  // A line break inside a paragraph is where the writer's editor wrapped the line, not a break in
  // the sentence ("message\nus the time"): it reads as a space. A blank line ends a paragraph.
  const unwrapped = body
    .replace(/\r\n?/g, '\n')
    .replace(/\n[^\S\n]*(?:\n\s*)+|\n/g, (m) => (m.indexOf('\n', 1) > 0 ? '\n' : ' '));
  let text = `${(subject ?? '').replace(/\s+/g, ' ')}\n${unwrapped}`;
  text = dropSpans(text, '{%', '%}');
  text = dropSpans(text, '{{', '}}');
  text = dropSpans(text, '<!--', '-->');
  text = dropTags(text);
  return decodeEntities(text)
    .replace(/[\u2018\u2019\u201b\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201f\u2033]/g, '"')
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ ?\n\s*/g, '\n')
    .trim();
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/** A phrase right after "no", "not", "nothing to", "never", "without" or "n't" is not a call to act. */
function negated(text: string, index: number): boolean {
  const before = text.slice(Math.max(0, index - 24), index).toLowerCase();
  return /(?:\b(?:no|not|nothing to|never|without|neither|nor)|n't)\s+(?:\w+\s+){0,2}$/.test(before);
}

interface RegexOptions {
  /** Skip matches right after a negation ("no booking needed"). */
  negatable?: boolean;
  /** Keep only matches for which this returns true. */
  keep?: (text: string, m: RegExpExecArray) => boolean;
}

function regexDetector(key: string, reason: string, pattern: RegExp, opts: RegexOptions = {}): Detector {
  if (!pattern.global) throw new Error(`${key}: pattern must be global`);
  return {
    key,
    reason,
    find(text) {
      const hits: Hit[] = [];
      for (const m of text.matchAll(pattern)) {
        if (opts.negatable && negated(text, m.index)) continue;
        if (opts.keep && !opts.keep(text, m as RegExpExecArray)) continue;
        hits.push({ phrase: m[0].trim(), index: m.index });
      }
      return hits;
    },
  };
}

const DAY =
  '(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tonight|tomorrow|midnight|the (?:end|weekend|\\d{1,2}(?:st|nd|rd|th))|(?:the )?end of (?:the )?(?:month|week|year|term|half term|\\w+)|\\d{1,2}(?:st|nd|rd|th)? (?:january|february|march|april|may|june|july|august|september|october|november|december))';

/** A money amount: $12, £4.20, €1,250, 30 cents, 12 dollars. */
const MONEY =
  /(?:[$€£]\s?\d{1,3}(?:,\d{3})*(?:\.\d{1,2})?\b|\b\d+(?:\.\d{2})?\s?(?:dollars|euros|pounds|cents)\b)/gi;

/**
 * Money that is not on offer: what something cost the shop, what was raised or donated, an
 * estimate for a do-it-yourself part ("about $2 at any supermarket").
 */
function costContext(text: string, index: number, length: number): boolean {
  const before = text.slice(Math.max(0, index - 40), index).toLowerCase();
  const after = text.slice(index + length, index + length + 30).toLowerCase();
  return (
    /\b(?:raised|raise|donat\w*|costs? us|cost us|costs? under|cost less than|spent|earns?|(?:you|we|they) pay|paid|wages?|collected|about|roughly|around|approximately|fund\w*)\s+(?:\w+\s+)?$/.test(
      before,
    ) ||
    /\bwhy (?:a|an|the|our|we|it|they|does|do|is)\b[^.!?\n]{0,40}$/.test(before) ||
    /\b(?:jar|appeal|total|tally|fund|raised so far|collection|food bank)\s*[:—–-]?\s*$/.test(before) ||
    /\b(?:plumber|mechanic|electrician|garage|tradesperson|tradie|locksmith|builder|professional|dealer|callout|call-out)s?(?:'s)?\b[^.!?\n]{0,30}$/.test(
      before,
    ) ||
    /\b(?:raised|donated|collected|(?:prices?|costs?) (?:went|have gone|has gone|go) up|put up|rose|increased?|stays?|remains?|unchanged)\b[^.!?\n]*$/.test(
      before,
    ) ||
    /^\s?(?:is (?:\w+ ){0,2}(?:minutes|hours?|wages|rent|time)|pays for|covers|goes (?:to|on)|sounds (?:dear|expensive|like a lot|steep)|seems (?:dear|expensive|like a lot|steep)|in parts|for the (?:hospice|charity|refuge|food bank)|for charity|at any |an hour|per hour|a pound|per pound|plus tips)/.test(
      after,
    )
  );
}

/** The value of a money amount as MONEY matches it, in its currency's main unit ("30 cents" is 0.3). */
function amount(s: string): number {
  const v = Number.parseFloat(s.replace(/[$€£,\s]/g, ''));
  return /cents/i.test(s) ? v / 100 : v;
}

const AMOUNT = String.raw`(?:[$€£]\s?\d[\d,]*(?:\.\d{1,2})?|\d+(?:\.\d{2})?\s?(?:dollars|euros|pounds|cents))`;
/** "A instead of B", "A, up from B", "A, was B": the first amount is the new price, the second the old. */
const NEW_OLD = new RegExp(
  String.raw`(${AMOUNT})[^.!?\n$€£]{0,12}?\b(?:instead of|up from|down from|(?:it )?was|normally|usually|rather than)\s(${AMOUNT})`,
  'gi',
);
/** "from B to A": the old price, then the new. */
const OLD_NEW = new RegExp(String.raw`\bfrom (${AMOUNT}) to (${AMOUNT})`, 'gi');
const RISE_WORDS =
  /\b(?:going up|gone up|went up|goes up|go up|price rises?|prices rise|up by|new prices|(?:cents|dollars|pounds|euros) more)\b/i;

/** The sentence around `index` (a full stop inside "$4.10" does not end it). */
function sentenceAt(text: string, index: number): string {
  const before = text.slice(Math.max(0, index - 200), index);
  const start = Math.max(before.lastIndexOf('\n'), before.search(/[.!?]\s(?!.*[.!?]\s)/s));
  const after = text.slice(index, index + 200);
  const end = after.search(/[.!?](?:\s|$)|\n/);
  return before.slice(start + 1) + (end < 0 ? after : after.slice(0, end));
}

/**
 * A price rise, explained: the sentence says prices go up, or compares a new price with an old one
 * and the new one is higher ("$4.10 instead of $3.80", "from $10.99 to $11.99"). Its amounts are
 * not an offer, and its "instead of" is not a discount.
 */
function priceRise(sentence: string): boolean {
  if (RISE_WORDS.test(sentence)) return true;
  for (const m of sentence.matchAll(NEW_OLD)) if (amount(m[1]!) > amount(m[2]!)) return true;
  for (const m of sentence.matchAll(OLD_NEW)) if (amount(m[2]!) > amount(m[1]!)) return true;
  return false;
}

/**
 * A discount stated as a comparison ("instead of $18", "usually $80", "was $40") is one only when
 * a lower new price stands beside it: a single usual price, or a price rise, is not.
 */
function comparedDiscount(text: string, m: RegExpExecArray): boolean {
  const cmp = /^(?:instead of|normally|usually|was) (.+)$/i.exec(m[0]);
  if (!cmp) return !priceRise(sentenceAt(text, m.index));
  const old = amount(cmp[1]!);
  const sentence = sentenceAt(text, m.index);
  const others = [...sentence.matchAll(new RegExp(AMOUNT, 'gi'))].map((a) => amount(a[0]));
  return others.some((v) => v < old) && !priceRise(sentence);
}

/**
 * Something given away that is not sold: a safety recall or a warranty repair "at no cost", a tea
 * for the volunteers of a litter pick. It rewards no purchase.
 */
const NOT_AN_OFFER =
  /\b(?:recalls?|warranty|guarantee|volunteers?|volunteering|litter|clean-?up|marshals?|blood donors?)\b/i;
/** Whether the words around `index` (about three sentences either side) are about such a thing. */
function notAnOffer(text: string, index: number): boolean {
  return NOT_AN_OFFER.test(text.slice(Math.max(0, index - 200), index + 200));
}

/**
 * A draft that explains prices — why one changed, where the money from one goes, what a fee is
 * for, a list of charges that stay the same — rather than asking the reader to pay one now. Read
 * from the subject (the first line) and from phrases of explanation in the body: the structure of
 * an explanation, not the wording of one shop.
 */
const EXPLAINS_SUBJECT =
  /\b(?:why|explained|broken down|breakdown|what's in|what goes|where (?:[\w$'.,-]+ ){0,6}goes|what (?:[\w$'.,-]+ ){0,6}(?:covers|pays for|costs(?: you)?)|the (?:real |true )?cost of|how we price|price (?:changes?|rises?|increases?)|prices? (?:from|are going up|go up|went up|for (?:\w+ ){0,3}(?:cutting|repairs?|services?))|(?:storage|cancellation|delivery|late) fees?|rates? for)\b/i;
const EXPLAINS_BODY =
  /\b(?:where (?:the|your) money goes|here is where|(?:goes|go) (?:to|on) (?:the )?(?:rent|wages|tax|the (?:farm|author|publisher|stylist))|pays for (?:about|the|our|rent|wages)|minimum wage|our rent|(?:storage|cancellation|late) fee|will be charged|same (?:prices? )?as last year|no changes? planned|(?:the )?price (?:moves|stays)|first (?:change|rise|increase) in|(?:we|you) (?:don't|do not) make money on|under cost)\b/i;
const BUY_CTA_ONE = () => new RegExp(BUY_CTA.source, 'i');

export function explainsPrices(text: string): boolean {
  const nl = text.indexOf('\n');
  return EXPLAINS_SUBJECT.test(nl < 0 ? text : text.slice(0, nl)) || EXPLAINS_BODY.test(text);
}

function moneyHits(text: string): Hit[] {
  const hits: Hit[] = [];
  const explains = explainsPrices(text);
  const buy = BUY_CTA_ONE();
  for (const m of text.matchAll(MONEY)) {
    if (costContext(text, m.index, m[0].length)) continue;
    const sentence = sentenceAt(text, m.index);
    if (priceRise(sentence)) continue;
    // In a draft that explains its prices, an amount is part of the explanation unless its own
    // sentence asks the reader to buy.
    if (explains && !buy.test(sentence)) continue;
    hits.push({ phrase: m[0], index: m.index });
  }
  return hits;
}

/** A price and a call to action this close (in characters, about two sentences) sell together. */
const PRICE_CTA_WINDOW = 160;

// ---------------------------------------------------------------------------------------------
// Calls to action
// ---------------------------------------------------------------------------------------------

/** Imperative buying and booking verbs: the reader is asked to spend. */
const BUY_CTA = new RegExp(
  [
    "\\b(?<!\\b(?:we|they|I|you|people|customers|who|that|which|don't|didn't|to|can|could|will|would|should|might|did|do) )(?:buy|grab|snap up|stock up(?: on)?)(?: (?:one|yours|it|them|some|a few|a couple|a [\\w-]+))?(?: (?:now|today|online|in store|at the (?:till|counter|desk)))?\\b",
    '\\bshop (?:now|today|online|in store|the \\w+)\\b',
    '\\b(?:pre-order|order) (?:now|today|online|yours|one|them|it|at the \\w+|by \\w+|from (?:us|our \\w+)|together|with us|them together)\\b',
    '\\bpre-order\\b',
    '\\bget (?:yours|one now|it now|one at the \\w+|one before \\w+)\\b',
    '\\bbook (?:now|today|online|early|yours|your [\\w-]+(?: [\\w-]+)?|a (?:table|slot|place|session|test ride|[\\w-]+ session)|(?:an|any) appointment)\\b',
    '\\breserve (?:yours|one|it|them|a [\\w-]+|your [\\w-]+(?: [\\w-]+)?|early|now|today|ahead|online|in advance)\\b',
    // Soft sells: the shop offers to set one aside, order it in, or book the reader in.
    "\\b(?:we can|we'll|we will|we're happy to|happy to|glad to|we'd be glad to|just ask and we'll|and we'll) (?:reserve|hold|put aside|set aside|put by|keep back|save|order in|order|get in|keep|bring in|book you in) (?:one|a copy|copies|a [\\w-]+|it|them|yours|some|one back)\\b",
    '\\b(?:put|set|keep|hold) (?:one|a copy|it|them|yours|some|a [\\w-]+) (?:aside|back(?! (?:together|on|in|into|where|up))|by)(?: for you)?\\b',
    '\\border (?:it|one|them|a copy) in for you\\b',
    '\\b(?:order|pre-order|reserve|book) (?:ahead|in advance)\\b',
    '\\bjust ask (?:at|us|for|and)\\b',
    '\\bask (?:us|the team|any of us|a member of (?:staff|the team)) (?:for (?:one|a|the|yours)|to (?:reserve|order|hold|book|set|put))\\b',
    '\\b(?:available|on sale|in store|in the shop) (?:now|today|from today|this week)\\b',
    '\\bavailable to (?:order|buy|book|pre-order|reserve)\\b',
    "\\b(?:it's yours|they're yours|can be yours|yours) for (?:just |only )?[$€£]\\d",
    '\\bbook (?:yourself |you )?in (?:for|with|now|today)\\b',
    "\\b(?:bookings?|(?:the |our )?diary(?:'s| is)) (?:are |is )?(?:now )?open\\b",
    '\\bto book,? (?:call|reply|ring|pop|visit|email|use|click|tap|just|ask)\\b',
    '\\bmake (?:a|an|your) (?:booking|appointment|reservation)\\b',
    '\\bbecome a member\\b',
    '\\bopen an? (?:trade|customer|store|[\\w-]+ )?account (?:with us|at the \\w+|today)\\b',
    '\\bopen an? (?:trade|customer|store) account\\b',
    "\\blet (?:us|me|[A-Z][a-z]+) know (?:which (?:day|week|date|time|size|one)|what (?:day|date|time|size) suits|if you'd like (?:one|a|it|to (?:book|order|reserve)))\\b",
    '\\bput your name on the (?:list|sheet)\\b',
    '\\btake (?:one of )?(?:the|a|your) (?:places?|spots?|slots?|seats?)\\b',
    '\\bsend us (?:the|your) (?:date|dates|order|details|headcount|size)\\b',
    '\\bbe (?:one of )?the first to (?:have|try|get|own|wear|ride|read|taste)\\b',
    "\\blet us know (?:if you'd like|and we'll|by \\w+ and we'll)\\b",
    '\\b(?:secure|lock in|claim) (?:yours|your [\\w-]+(?: [\\w-]+)?|a (?:slot|place|table|seat))\\b',
    '\\b(?:sign up|subscribe)(?: (?:now|today|online|at the \\w+))?\\b',
    '\\bjoin (?:now|today|online|at the \\w+|the [\\w ]{0,20}club)\\b',
    '\\bpick (?:one|it|yours|them|a [\\w-]+|some) up\\b',
    '\\bpick up (?:one|yours|a [\\w-]+|a few|some)\\b',
    '\\btakes? (?:one|it|a [\\w-]+|yours) home\\b',
    '\\badd (?:one|it|a [\\w-]+) to (?:your|the) \\w+\\b',
    '\\bask for (?:one|a (?:bag|bottle|box|copy|pair|tin)|it)\\b',
    '\\b(?:call|reply|email us|rsvp)(?: (?:now|today|to (?:this email )?(?:order|reserve|book|set (?:one|it) up|put one aside)))\\b',
    '\\bput (?:one|a copy) aside\\b',
    '\\bsave yourself (?:one|a [\\w-]+)\\b',
    '\\bput your name down\\b',
    "\\b(?:message|text|phone|ring|call) us(?: and we'll| to| ahead)\\b",
    '\\bphone ahead\\b',
    "\\b(?:text|call|ring|email|message|phone|ask) (?:[A-Z][a-z]+|us|the (?:desk|shop|salon|workshop)) and (?:she|he|they|we)(?:'ll| will) (?:find|book|fit|save|put|hold|get|keep|order|sort)\\b",
    '\\bget in touch\\b',
    "\\bwe'll (?:pencil you in|fit (?:it|you) in|hold (?:one|it|any of them|yours)|have (?:it|yours|one) (?:ready|waiting))\\b",
    '\\bask (?:at the (?:till|desk|counter)|for (?:it|one) at)\\b',
    '\\btake (?:one|a [\\w-]+|them) with your next\\b',
    '\\bfill in the form\\b',
    '\\bcheck ?out\\b',
    '\\badd to (?:cart|basket)\\b',
    "\\bdon't (?:go|leave) (?:on holiday )?without (?:it|one)\\b",
    "\\bwe(?: can|'ll| will|'re happy to) (?:post|deliver|send|wrap|gift-wrap|engrave) (?:it|one|them|yours|a copy)\\b",
    '\\b(?:tucked|kept|put|set|saved|stacked|held) (?:(?:a few|some|one|two|three|a couple|a handful)(?: [\\w-]+)? )?(?:away|back|aside|round the back|behind the (?:counter|desk|till|reception))\\b',
    '\\b(?:wrap|load|carry|fit|gift-wrap|engrave|deliver|post|start|set|size|adjust|bag|box) (?:it|one|them)(?: up)?(?: \\w+){0,3} for you\\b|\\bwith your name on it\\b',
  ].join('|'),
  'gi',
);

/**
 * Ways to act — contact the shop, order, book, fill in a form — that are harmless on their own
 * ("call us if you have questions") and selling next to a price: used only by `priceCta`.
 */
const CONTACT =
  /\b(?:give us a (?:call|ring|bell|shout)|ring (?:us|the (?:shop|salon|café|cafe|workshop|desk))|call (?:us|the (?:shop|salon|café|cafe|workshop|desk))|phone (?:us|the \w+)|e-?mail (?:us|him|her|them|[A-Z][a-z]+)|drop (?:us|him|her|[A-Z][a-z]+) (?:a line|a message|an email)|(?:message|text) us|tap the link|click (?:here|the link|below)|(?:on|in) the app|online|walk in|walk-ins?|leave your (?:name|number|details)|(?:form|sheet) (?:is )?(?:at|by|on|next to) the|(?:pick up|fill in) a form|(?:taking|take) orders|order sheet|(?:get|come back with|send you) a quote|bring (?:in|along) your)\b/gi;

/** Invitations to come to the shop: friendly on their own, selling next to a price or an offer. */
const INVITE =
  /\b(?:come (?:in|by|early|and (?:try|taste|see|find|hold|feel|browse|get|pick))|pop in|call in|drop (?:in|by|your \w+ off)|stop by|swing by|walk-ins? welcome|see you soon|come for a spin|have a (?:rummage|browse|nose)|(?:if )?anything catches your eye|try (?:one|it|them|a slice) on|(?:try|taste) (?:one|them|it) (?:in the shop|at the counter)|have a taste|bring (?:your|a) (?:key|photo|toddler|child) (?:in|for|and|round)|for a (?:test|try|taste)\b(?: \w+)?|while you (?:wait|browse|shop)|(?:they're|it's|they are|it is|all|waiting|ready|wrapped) (?:\w+ )?(?:at|by) the (?:till|counter|desk)|if you'd like (?:to (?:keep|take|buy|order|try|book)|one)|bring (?:the|your) (?:whole \w+|little ones|child|children|kids|toddler)|bring (?:the|your) (?:little ones|whole family|child|kids|bike) in)\b/gi;

// ---------------------------------------------------------------------------------------------
// The detectors
// ---------------------------------------------------------------------------------------------

export const DETECTORS: Detector[] = [
  regexDetector(
    'percentOff',
    'discount talk',
    /\b(?:(?:up to )?\d{1,2}\s?(?:%|percent|per cent)\s?(?:off|discount|cheaper)\b|pay \d{1,2}\s?% less|\d{1,2}\s?(?:%|percent|per cent) (?:less|cheaper) (?:to|for) |\d{1,2}\s?(?:%|percent|per cent) less (?:on|for|off) (?:everything|all|any|every)|save (?:up to )?\d{1,2}\s?%|half[- ]price|half (?:the |its |their )?(?:usual )?(?:cost|price))/gi,
    {
      // "we'll ask for half the price" when an appointment is missed is a charge, not a discount.
      keep: (text, m) =>
        !/\b(?:charge|ask for|cost you|forfeit|lose|pay)\s+(?:\w+\s+)?$/i.test(
          text.slice(Math.max(0, m.index - 24), m.index),
        ),
    },
  ),
  regexDetector(
    'discount',
    'discount talk',
    /\b(?:discount(?:s|ed)?|(?:summer|spring|winter|january|christmas|black friday|our|the|big) sales?|clearance|reduced|marked down|markdowns?|bargains?|deals?|(?:big |huge )?savings?|saving you|cheaper|lowest prices?|show prices|must go|prices? (?:start|starting) (?:at|from)|money off|(?:store )?credit (?:against|towards|toward)|against (?:the next|a new|any new|anything in)|(?:comes|taken|come) off (?:your|the) (?:\w+ )?(?:price|bill|colour|cut|service|next)|(?:a )?lower prices? on|better prices? on|trade prices?|cut-price|slashed|knocked off|(?:lighter|easier|kinder|gentler) on (?:the|your) (?:wallet|pocket|purse)|(?:costs?|pay) (?:a little )?less than usual|off (?:everything|all \w+|any \w+|your (?:next|first) \w+)|(?:take|knock) (?:a third|a quarter|a tenth|half|\d{1,2}\s?%) (?:of the price )?off|(?:a third|a quarter|a tenth|a fifth) off)\b|[$€£]\d+(?:\.\d{2})? (?:off|less)\b|\b(?:(?:down|reduced) (?:from|to)|instead of|normally|usually|was) [$€£]\d+(?:\.\d{2})?/gi,
    {
      negatable: true,
      // "water-saving" is not a saving on offer.
      keep: (text, m) =>
        text[m.index - 1] !== '-' &&
        !/daylight $/i.test(text.slice(Math.max(0, m.index - 9), m.index)) &&
        (!/[$€£]/.test(m[0]) || comparedDiscount(text, m)),
    },
  ),
  {
    key: 'priceOffer',
    reason: 'price talk',
    find(text) {
      return moneyHits(text).filter((h) => {
        const before = text.slice(Math.max(0, h.index - 25), h.index).toLowerCase();
        const after = text.slice(h.index + h.phrase.length, h.index + h.phrase.length + 25).toLowerCase();
        return (
          /(?:\b(?:only|just|now|from|for|at|starts? at|starting at|priced at|costs?)|[:—–])\s+$/.test(
            before,
          ) ||
          /^\s?(?:each|all in|,? all in|the (?:box|bag|lot|pair|set|kit|bottle|tin|jar|night|session|class|course|year|month|plate|head)\b|for (?:the|a) (?:year|month|week|term|course|box|lot)|for (?:all )?(?:\w+ )?(?:sessions|weeks|months|classes)|a (?:bag|month|week|year|delivery|slice|box|tin|pair|bottle|head|person|night|day|loaf|class|lesson|plate)|per\b|\/|for (?:two|the lot|three|a)|including|fitted|with (?:two|a|the))/.test(
            after,
          )
        );
      });
    },
  },
  {
    key: 'money',
    reason: 'price talk',
    find: moneyHits,
  },
  {
    key: 'priceCta',
    reason: 'price next to a call to action',
    find(text) {
      const money = moneyHits(text);
      if (!money.length) return [];
      const ctas = [...text.matchAll(BUY_CTA), ...text.matchAll(INVITE), ...text.matchAll(CONTACT)]
        .filter((m) => !negated(text, m.index))
        .map((m) => ({ index: m.index, end: m.index + m[0].length }))
        .sort((a, b) => a.index - b.index);
      const hits: Hit[] = [];
      for (const p of money) {
        // The first call to action starting at most PRICE_CTA_WINDOW characters before the price
        // (binary search: a long draft with many prices stays linear-ish).
        let lo = 0;
        let hi = ctas.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (ctas[mid]!.index < p.index - PRICE_CTA_WINDOW) lo = mid + 1;
          else hi = mid;
        }
        const near = ctas[lo];
        if (!near || near.index > p.index + PRICE_CTA_WINDOW) continue;
        const start = Math.min(p.index, near.index);
        const end = Math.max(p.index + p.phrase.length, near.end);
        hits.push({ phrase: text.slice(start, end), index: start });
      }
      return hits;
    },
  },
  regexDetector('buyCta', 'buy-now call to action', BUY_CTA, { negatable: true }),
  regexDetector('invite', 'invitation to come in and buy', INVITE, { negatable: true }),
  regexDetector(
    'code',
    'discount code',
    /\b(?:(?:promo |discount |voucher |coupon )?code:?\s*"?[A-Z][A-Z0-9]{3,}\b"?|(?<![A-Za-z])[A-Z]{3,}\d{1,3}\b(?! ?(?:mm|cm|kg|g|v|w)\b)|(?:mention|say|quote) (?:the word )?"?[A-Z][\w-]+"?(?= (?:at|when|to)\b)|\b(?:the )?(?:word|password|phrase) "?[A-Z]{4,}\b|(?:[Jj]ust )?(?:mention|say|quote|ask for) "[^"\n]{2,30}"(?= (?:at|when|to|and)\b))/g,
  ),
  regexDetector(
    'voucherEmail',
    'this email used as a voucher',
    /\b(?:show|bring|mention|quote) (?:this email|this newsletter|your birthday|this message)\b|\b(?:just )?mention (?:the word )?"?\w+"? (?:at the (?:till|desk|counter)|when you (?:order|book|pay))/gi,
  ),
  regexDetector(
    'deadline',
    'deadline on an offer',
    new RegExp(
      `\\b(?:(?:this|that) (?:week(?:end)?|month|saturday|sunday|friday) only|(?:today|tonight) only|(?:only )?until ${DAY}(?: only)?|(?:before|by) ${DAY}|(?:(?:offer|sale|deal|price|code|it|this) (?:ends|finishes|expires)|(?:ends|finishes|expires?|runs until|valid until)(?: on)? ${DAY})|valid (?:this|until|for)|for a limited time|limited (?:time|edition|availability|offer))\\b`,
      'gi',
    ),
    {
      // "open until 17:00 on Saturday" or "closed until Monday" are hours, not a deadline.
      keep: (text, m) =>
        !/\b(?:open|opens|close[sd]?|closing|from|resumes?|back|daylight saving|term|exhibition|roadworks|consultation|competition|closure)\b[^.!?\n]{0,20}$/i.test(
          text.slice(Math.max(0, m.index - 30), m.index),
        ),
    },
  ),
  regexDetector(
    'scarcity',
    'urgency or scarcity',
    /\b(?:last chance|final (?:days|hours|call)|don't (?:wait|miss(?: out)?|leave it (?:too )?late|delay)|(?<!in a )hurry|act now|won't last|(?:going|selling|filling up|flying out) fast|(?:almost|nearly) (?:full|gone|sold out)|only (?:\d+|a few|a handful|(?:two|three|four|five|six|eight|ten|twelve)) (?:left|slots?|places?|tables?|appointments?|copies|signed copies)|(?:\d+|two|three|four|five|six|eight|ten|twelve) left\b|(?:when|once) (?:it's|they're|they are|it is) gone|before (?:they're|they are|it's) gone|before they go|while (?:stocks?|supplies|they) last|first come,? first served|limited (?:stock|numbers|supply)|(?:won't|will not) be back(?! until (?:monday|tuesday|wednesday|thursday|friday))|(?:won't|will not) be (?:\w+ing) (?:any )?more|until next (?:year|autumn|spring|summer|winter|season)|the first \d+|(?:the )?first to (?:call|ask|reply|come|book|email)|first pick|(?:always )?the first to (?:fill|go|sell)|(?:now's|now is) the time|(?:are|is) (?:all )?left before|(?:sold|sell) out|never last long|fewer \w+ left|sizes are running low|running low|(?:flying|selling) (?:out|off the shelves)|miss out|(?:are|is) filling up|only (?:have|take) (?:[\w-]+ ){0,2}(?:covers|places|seats|spaces|tables|slots|copies)|[\w-]+ (?:places|seats|covers|people|writers|riders|spaces) at most|(?:tend|tends) to (?:disappear|sell out|go) (?:by|before|early|quickly|fast)|(?:half|mostly|almost|nearly) (?:booked|full)|go(?:es)? (?:quickly|fast)|(?:a few|only a few) (?:openings|spaces|slots)|won't (?:be getting|get) (?:more|another)|there are only|down to (?:the|our) (?:last|final)|(?:the )?last (?:two|three|four|five|few|remaining)\b(?! (?:years?|months?|weeks?|days?|decades?|times?|winters?|summers?))|(?:nearly|almost) (?:taken|booked)|(?:has|have|got) (?:\w+ ){0,3}(?:mornings?|afternoons?|evenings?|slots?|appointments?|times?) (?:free|open|available|left)|while (?:the |our )?[\w-]+ (?:last|lasts|hold out|holds out|keeps? giving)|(?:still )?(?:have|got) (?:a handful|a few|only a few|two|three|four) (?:of )?(?:[\w-]+ )?(?:appointments|slots|places|tables|seats|spaces|copies)|(?:go|goes|went|sell|sells) as (?:fast|quickly) as|only (?:got|had|have|ordered) (?:one|a|a small|two|three) (?:small )?(?:box|batch|crate|delivery|case|bag|pallet|tray)|the last (?:lot|batch|delivery|box) (?:didn't|did not|went|sold|lasted)|sold out in|disappeared (?:by|in|within)|went in (?:a|two|three) days|won't have (?:any )?more|(?:we've |we have )?only got (?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|a (?:few|handful|couple)))\b/gi,
    {
      keep: (text, m) =>
        // "last chance to see the exhibition" or "to comment on the plans" is news, not a sales
        // push: after "to", only a verb of buying, booking or getting keeps it.
        !/^last chance to (?!(?:buy|book|get|grab|order|pre-order|save|claim|use|snap|pick|try|taste|enjoy|treat|stock|reserve|bag|nab|secure|sign up|join the \w+ club|spend|redeem)\b)/i.test(
          text.slice(m.index, m.index + 40),
        ),
    },
  ),
  regexDetector(
    'offerStructure',
    'offer structure ("buy X get Y")',
    /\b(?:buy (?:any |one |two |a |an )?[\w-]+(?: [\w-]+){0,3},? (?:and )?get|get (?:a|one|the) (?:second|third|\w+ \w+) (?:free|for)|(?:two|three|\d) for (?:one|two|the price of (?:one|two)|\$\d+)|\w+ for the price of \w+|with every (?:\w+ )?(?:purchase|order|appointment|meal|bike|booking|visit)|(?:every|any|each) (?:[\w-]+ ){1,3}(?:bought|booked|ordered|purchased)\b|when you (?:spend|buy|order|book)|(?:anyone|everyone|whoever) (?:who )?(?:buying|taking home|ordering|buys|takes home|orders|picking up|picks up|booking|books) [^.!?\n]{0,60}?\bgets?\b|spend (?:over |more than |at least )?[$€£]\d+|spend anything|(?:our|as a) (?:way of saying )?thank(?:s|-you| you) for (?:shopping|choosing|buying|your loyalty)|(?:orders?|purchases?|everything) over [$€£]\d+|thrown in|on us\b|on the house|with our compliments|(?:costs?|for|at) the same (?:price )?as (?:a|the|one) \w+|(?<!(?:stays?|remains?|still|always) )at no (?:extra )?(?:cost|charge)(?! to)|for nothing|complimentary|worth [$€£]\d+|(?:comes|come) with (?:a|an) [\w-]+ (?:treatment|gift)|(?<=[$€£]\d[^.!?\n]{0,40})included|mix and match|bundle|(?:our|the) (?!donation|collection|suggestion|post|lost|recycling|charity|first-aid|first aid|tool|lunch)[\w-]+ (?:package|kit|box|bundle|pack)\b|(?:at|for) (?:a single|one) price|gets? (?:a|one) (?:second|third|free|another)\b|(?:we'll|we will) (?:add|throw in|include|give you|pop in|knock) (?:[\w-]+ ){0,5}?(?:for free|free|on us|at no charge|off)\b|bonus)\b/gi,
    { negatable: true, keep: (text, m) => !notAnOffer(text, m.index) },
  ),
  regexDetector(
    'free',
    '"free" as a purchase incentive',
    /\bfree\b(?! (?:[\w-]+ ){0,3}(?:workshop|class|session|entry|admission|to (?:attend|come|join|use|everyone)|parking|wi-?fi|walk|ride|event|talk|of charge|for everyone|maintenance class|bike (?:skills|marking)|gas safety|repair))/gi,
    {
      // "laptop-free", "it's free", "free for everyone" describe, they don't sell.
      keep: (text, m) =>
        text[m.index - 1] !== '-' &&
        !/\b(?:it's|it is|is|are|all|entry is|admission is|always|kept|keep)\s+$/i.test(
          text.slice(Math.max(0, m.index - 14), m.index),
        ) &&
        !/^free\s?[,.!;]/i.test(text.slice(m.index, m.index + 6)) &&
        !notAnOffer(text, m.index),
    },
  ),
  regexDetector(
    'superlative',
    'superlative or hype',
    /\b(?:(?:the )?(?:best|finest|greatest|loveliest|lightest|strongest|sturdiest|smartest|coolest)\b(?! (?:way|before|practice|to|we read|books we|of luck|wishes|advice|thing|part|bit|rides?|walks?|routes?|of (?:it|all|the year)|we've|we have|I've))|unbeatable|ultimate|incredible|amazing|irresistible|unmissable|must-have|perfect (?:gift|present|for|time|companion)|the perfect|simply|gorgeous|flawless|stunning|like a dream|you'll (?:love|devour|feel the difference|thank us|wonder|rush through|adore)|no better|can't beat|everyone is (?:talking|going)|swear by|will thank you)/gi,
  ),
  regexDetector(
    'giftSubscription',
    'gift-card or subscription offer',
    /\b(?:gift (?:cards?|vouchers?|sets?|box(?:es)?)|(?:book |service )?(?:tokens?|vouchers?)|hampers?|subscriptions?|subscribe|membership|members(?:-only)?(?= (?:get|pay|evening))|(?:club|plans?) (?:members )?(?:start|pay|get)|(?:a|per|every|\/) ?(?:month|fortnight)\b(?=[^.!?\n]{0,40}(?:cancel|pause|sign|reply|join|\$))|cancel any ?time|pause whenever|plans start|(?:a |an )?(?:good|great|lovely|ideal|perfect|easy|thoughtful) (?:present|gift|stocking filler|secret santa)s?|gift-?wrap(?:ped|ping|s)?|stocking fillers?|card loaded with|loaded with (?:any|whatever)|for (?:the|that) (?:one|person|someone) who)\b/gi,
    { negatable: true },
  ),
  regexDetector(
    'points',
    'loyalty-points promotion',
    /\b(?:(?:double|triple|2x|3x|\dx|bonus|extra) (?:[A-Z][a-z]+ )?(?:loyalty )?(?:points|stamps)|earn(?:s)? (?:\d+ )?(?:bonus |double |triple |extra )?(?:[A-Z][a-z]+ )?points|rack up (?:points|rewards)|(?:counts?|earns?) (?:double|twice|triple)|(?:stamps?|points) on (?:your|the) (?:[\w-]+ )?card|points on (?:every|any))\b/gi,
  ),
  regexDetector(
    'treat',
    '"treat yourself" appeal',
    /\b(?:treat (?:yourself|your(?:self)? \w+|her|him|them|the \w+)(?! (?:kindly|accepted|as))|you (?:deserve|'ve earned)|you've earned|spoil (?:yourself|her|him|them|mum|dad)|pamper(?:ing)?|indulge|you know you want|why not|new you|look(?:ing)? (?:your best|flawless)|you'll (?:thank|feel))\b/gi,
  ),
  regexDetector(
    'nudge',
    'nudge to buy',
    /\b(?:next time you're (?:in|passing|by|here|round|over)|you've been (?:thinking about|eyeing|looking at|meaning to|putting (?:it|this) off)|you keep (?:looking at|eyeing|coming back to|picking (?:it|them) up)|(?:if you're|are you|been|you've been) thinking about|thinking about (?:getting|buying|a new|a first|an? [\w-]+ bike|upgrading|sorting|replacing|treating|trying|going)|you're allowed|you know where (?:we are|to find us)|now is (?:when|the time) to|go on(?=\s*[—–,.!-])|now (?:would be|is|'s) (?:a good |the )?(?:time|moment) to|now's (?:a good |the )?(?:time|moment)|(?:sharp|sitting|still there),? and waiting|(?:it's|they're) still (?:on the (?:wall|shelf|rack|counter|stand)|in the (?:window|case|cabinet))|(?:will be|is|are) waiting for you|(?:for|just for|kept for) (?:our )?regulars|for (?:people|everyone|readers) on this list|for (?:newsletter|list) readers|ask (?:\w+|at the (?:desk|counter|till)) (?:at the (?:desk|counter|till) )?about (?:the|our) )/gi,
    { negatable: true },
  ),
  regexDetector(
    'newProduct',
    'new product announcement',
    /\b(?:new (?:on the menu|arrivals?|range|season's|in|stock)|(?:just|fresh) (?:arrived|landed|in)|(?:has|have) (?:just )?(?:arrived|landed)|now (?:available|in stock|offering|stocking|only)|back in stock|introducing|introductory (?:price|offer)|(?:is|are) (?:in|here)(?=[.:!,]| now)|(?:now )?on the (?:front table|counter|shelves) now|launch(?:es|ing)?|we(?: now|'ve started| have started) (?:stock|sell|carry|stocking|selling|carrying|do)|now stock(?:ing)?|now in (?:store|the shop|stock)|(?:came|come|arrived|landed|turned up)(?: in)? (?:this morning|today|yesterday|on (?:monday|tuesday|wednesday|thursday|friday|saturday)))\b/gi,
  ),
  {
    // Typographic shouting, "!!" or several words in capitals: one signal, each phrase with its kind.
    key: 'shouting',
    reason: 'shouting',
    find(text) {
      const hits: Hit[] = [];
      const bang = 'excessive exclamation marks';
      for (const m of text.matchAll(/[^.!?\n]{0,30}!{2,}/g))
        hits.push({ phrase: m[0].trim(), index: m.index, reason: bang });
      const bangs = (text.match(/!/g) ?? []).length;
      const sentences = Math.max(1, (text.match(/[.!?](\s|$)/g) ?? []).length);
      if (!hits.length && bangs >= 3 && bangs / sentences > 0.3)
        hits.push({ phrase: `${bangs} exclamation marks`, index: text.indexOf('!'), reason: bang });
      // A word in capitals is emphasis; several are shouting. Short acronyms are fine.
      const caps = [...text.matchAll(/\b[A-Z]{4,}\b/g)];
      if (caps.length >= 2)
        hits.push({
          phrase: caps
            .slice(0, 5)
            .map((m) => m[0])
            .join(' '),
          index: caps[0]!.index,
          reason: 'excessive capitals',
        });
      return hits;
    },
  },
];

// ---------------------------------------------------------------------------------------------
// Structural detectors: where the selling phrases sit in the draft, not how they are worded
// ---------------------------------------------------------------------------------------------

/**
 * Phrases that ask the reader to buy, book or spend, or push them to. Urgency counts only as
 * purchaseUrgency: "last chance to join the ride" or "sold out everywhere" sells nothing.
 */
const PURCHASE_KEYS = [
  'percentOff',
  'discount',
  'priceOffer',
  'priceCta',
  'buyCta',
  'code',
  'voucherEmail',
  'offerStructure',
  'giftSubscription',
  'points',
  'nudge',
  'purchaseUrgency',
  'treat',
];
/** Phrases that put something on sale: a price, a way to buy, an offer. */
const OFFER_KEYS = [
  'percentOff',
  'discount',
  'priceOffer',
  'priceCta',
  'money',
  'buyCta',
  'code',
  'offerStructure',
  'giftSubscription',
];

/** The phrases of the detectors `keys`, each with its detector's reason, in reading order. */
function hitsOf(earlier: ReadonlyMap<string, Hit[]>, keys: readonly string[]): Hit[] {
  return keys
    .flatMap((k) => {
      const reason = DETECTORS.find((d) => d.key === k)?.reason;
      return (earlier.get(k) ?? []).map((h) => ({ ...h, reason: h.reason ?? reason }));
    })
    .sort((a, b) => a.index - b.index);
}

/** Where the end of the draft starts: its last paragraph, and at least its last 200 characters. */
function endingStart(text: string): number {
  const subjectEnd = text.indexOf('\n');
  if (subjectEnd < 0) return 0;
  return Math.max(subjectEnd + 1, Math.min(text.lastIndexOf('\n') + 1, text.length - 200));
}

/** The body's sentences, as [start, end) offsets (a full stop inside "$4.10" does not end one). */
function sentenceSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  let start = Math.max(0, text.indexOf('\n') + 1);
  for (const m of text.slice(start).matchAll(/[.!?](?=\s|$)|\n/g)) {
    const end = start + m.index + 1;
    if (/\w/.test(text.slice(start, end))) spans.push([start, end]);
    start = end;
  }
  if (/\w/.test(text.slice(start))) spans.push([start, text.length]);
  return spans;
}

/** The share of the body's sentences that hold a selling phrase, at or above which it is a finding. */
const OFFER_SHARE_MIN = 0.34;

const STRUCTURAL: Detector[] = [
  {
    key: 'purchaseUrgency',
    structural: true,
    reason: 'urgency on a purchase',
    find(_text, earlier) {
      // "Last chance", "sold out", "just arrived" push a sale only in a draft that sells something.
      if (!hitsOf(earlier, OFFER_KEYS).length) return [];
      return hitsOf(earlier, ['scarcity', 'deadline', 'newProduct']);
    },
  },
  {
    key: 'closingPush',
    structural: true,
    reason: 'the draft ends by pushing a purchase',
    find(text, earlier) {
      // Useful drafts mention a price or a date in passing; a sales draft ends on the ask.
      const start = endingStart(text);
      return hitsOf(earlier, PURCHASE_KEYS).filter((h) => h.index >= start);
    },
  },
  {
    key: 'offerShare',
    structural: true,
    reason: 'most of the draft is about the offer',
    find(text, earlier) {
      const hits = hitsOf(earlier, PURCHASE_KEYS);
      if (!hits.length) return [];
      const spans = sentenceSpans(text);
      // One phrase from each selling sentence names what to rewrite (both lists in reading order:
      // one pass, linear in a long draft).
      const selling: Hit[] = [];
      let j = 0;
      for (const [a, b] of spans) {
        while (j < hits.length && hits[j]!.index < a) j++;
        if (j < hits.length && hits[j]!.index < b) selling.push(hits[j]!);
      }
      if (!spans.length || selling.length / spans.length < OFFER_SHARE_MIN) return [];
      return selling;
    },
  },
];
DETECTORS.push(...STRUCTURAL);

/** Detectors whose count says nothing more than their presence: a price list is not more selling. */
const BINARY = new Set(['money']);
/** Detectors whose value is a share, not a count. */
const SHARE = new Set(['offerShare']);
/**
 * Detectors that feed the structural ones but carry no weight themselves: urgency and "new" are
 * selling only in a draft that sells something (purchaseUrgency). Alone they were the phrasing of
 * one author: "last chance to join the ride", "sold out everywhere", "just arrived" in a news item.
 * Chosen by leave-one-author-out cross-validation (docs/content-check.md).
 */
const CONTEXT_ONLY = new Set(['scarcity', 'deadline', 'newProduct']);

export interface FeatureVector {
  /** One value per detector, in DETECTORS order: log2(1 + distinct phrases), or 0/1 for BINARY ones. */
  x: number[];
  hits: Hit[][];
}

export function features(text: string): FeatureVector {
  const earlier = new Map<string, Hit[]>();
  const hits = DETECTORS.map((d) => {
    const seen = new Set<string>();
    const found = d.find(text, earlier).filter((h) => {
      const k = h.phrase.toLowerCase();
      if (!h.phrase || seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    earlier.set(d.key, found);
    return found;
  });
  const sentences = hits.some((h, i) => h.length && SHARE.has(DETECTORS[i]!.key))
    ? Math.max(1, sentenceSpans(text).length)
    : 1;
  return {
    x: hits.map((h, i) => {
      const key = DETECTORS[i]!.key;
      if (CONTEXT_ONLY.has(key)) return 0;
      if (BINARY.has(key)) return Math.min(1, h.length);
      if (SHARE.has(key)) return h.length / sentences;
      return Math.log2(1 + h.length);
    }),
    hits,
  };
}

// ---------------------------------------------------------------------------------------------
// Sales wording: a lexical feature learned from the training drafts
// ---------------------------------------------------------------------------------------------

/** The reason shown beside the words that the lexical feature found. */
export const LEXICAL_KEY = 'salesWording';
export const LEXICAL_REASON = 'sales wording';

export interface Term {
  /** Normalised form: lower case; numbers, prices and percentages folded to <num>, <price>, <pct>. */
  key: string;
  /** Where it is in the text, so a finding can quote it as written. */
  index: number;
  end: number;
}

const WORD = /[$€£]\s?\d[\d,]*(?:\.\d+)?|\d[\d,]*(?:\.\d+)?\s?%|\d[\d,]*(?:\.\d+)?|[a-z]+(?:['-][a-z]+)*/gi;
/** What may stand between the two words of a bigram: spaces, quotes, dashes; not a sentence break. */
const JOIN = /^[\s"()–—-]*$/;

/**
 * The words (unigrams) and adjacent word pairs (bigrams, not across punctuation) of a text, each
 * distinct key once, at its first occurrence. Linear in the length of the text.
 */
export function terms(text: string): Term[] {
  const words: Term[] = [];
  for (const m of text.matchAll(WORD)) {
    const w = m[0];
    const c = w[0]!;
    const key =
      c === '$' || c === '€' || c === '£'
        ? '<price>'
        : w.endsWith('%')
          ? '<pct>'
          : c >= '0' && c <= '9'
            ? '<num>'
            : w.toLowerCase();
    words.push({ key, index: m.index, end: m.index + w.length });
  }
  const out: Term[] = [];
  const seen = new Set<string>();
  const add = (t: Term) => {
    if (seen.has(t.key)) return;
    seen.add(t.key);
    out.push(t);
  };
  for (let i = 0; i < words.length; i++) {
    const a = words[i]!;
    add(a);
    const b = words[i + 1];
    if (b && JOIN.test(text.slice(a.end, b.index)))
      add({ key: `${a.key} ${b.key}`, index: a.index, end: b.end });
  }
  return out;
}

/**
 * The lexical feature: the sum of the lexicon's values of the distinct terms in the text. In the
 * 'joint' form (committed) the values are the terms' own weights and the sum is used as it is; in
 * the older forms they are naive-Bayes log-odds and the sum is clipped to ±LEXICAL_CLIP, with
 * 'positive' counting only the sales side (max(0, sum)). `hits` are the terms that pushed towards
 * sales, most telling first, quoted as written. `skip` drops terms (a robustness check in training).
 */
export const LEXICAL_CLIP = 10;
/**
 * 'sum' and 'positive': the lexicon holds naive-Bayes log-odds and the regression gives the sum one
 * weight. 'joint': the lexicon holds each term's own weight, fitted by the regression together with
 * the detectors' (a sparse logistic regression), so the sum goes into the score as it is, unclipped.
 */
export type LexicalForm = 'sum' | 'positive' | 'joint';

export function lexicalFeature(
  text: string,
  lexicon: ReadonlyMap<string, number>,
  form: LexicalForm,
  skip?: (key: string) => boolean,
): { x: number; hits: (Hit & { logOdds: number })[] } {
  let sum = 0;
  const hits: (Hit & { logOdds: number })[] = [];
  for (const t of terms(text)) {
    const lo = lexicon.get(t.key);
    if (lo === undefined || skip?.(t.key)) continue;
    sum += lo;
    if (lo > 0) hits.push({ phrase: text.slice(t.index, t.end), index: t.index, logOdds: lo });
  }
  hits.sort((a, b) => b.logOdds - a.logOdds || a.index - b.index);
  if (form === 'joint') return { x: sum, hits };
  const x = Math.max(-LEXICAL_CLIP, Math.min(LEXICAL_CLIP, sum));
  return { x: form === 'positive' ? Math.max(0, x) : x, hits };
}

/** The fitted model (content-model.ts, written by `npm run train:content`). */
export interface ContentModel {
  bias: number;
  /** Blocked at or above this salesScore; chosen on the training part by cross-validation. */
  threshold: number;
  /** One weight per detector key and one for LEXICAL_KEY, all ≥ 0. */
  weights: Record<string, number>;
  /** Each term's value, by term: its weight ('joint') or its naive-Bayes log-odds (the older forms). */
  lexicon: [string, number][];
  lexicalForm: LexicalForm;
  training: Record<string, number | string>;
}
