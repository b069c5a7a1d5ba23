/**
 * The non-sales content check: scores a newsletter draft for what a reader would call an advert,
 * and lists each phrase with the reason, so staff see *why* a draft is blocked and what to rewrite.
 *
 * Detectors (content-features.ts) find sales signals in the visible text of subject and body
 * (liquid tags dropped, HTML read as text), and the draft's words and word pairs each carry a
 * weight (sales wording up, useful wording down). One logistic regression fitted on the training
 * part of the labelled corpus (test/fixtures/newsletters, `npm run train:content`) gives the
 * detectors' weights and the terms' together; its weights, lexicon and threshold live in
 * content-model.ts. Pure, deterministic, no network.
 */
import {
  DETECTORS,
  features,
  LEXICAL_KEY,
  LEXICAL_REASON,
  lexicalFeature,
  visibleText,
} from './content-features';
import { CONTENT_MODEL } from './content-model';

export interface ContentFinding {
  phrase: string;
  reason: string;
}

export interface ContentCheck {
  salesScore: number;
  blocked: boolean;
  findings: ContentFinding[];
}

/** At or above this score a newsletter is not sent unless an admin overrides it with a reason. */
export const SALES_THRESHOLD = CONTENT_MODEL.threshold;

const WEIGHTS = DETECTORS.map((d) => CONTENT_MODEL.weights[d.key] ?? 0);
const LEXICAL_WEIGHT = CONTENT_MODEL.weights[LEXICAL_KEY] ?? 0;
const LEXICON: ReadonlyMap<string, number> = new Map(CONTENT_MODEL.lexicon);
/** The lexical feature names at most this many of the words that pushed the score up. */
const LEXICAL_FINDINGS = 3;

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export function checkContent(input: { subject?: string | null; body: string }): ContentCheck {
  const text = visibleText(input.subject, input.body);
  const { x, hits } = features(text);
  let z = CONTENT_MODEL.bias;
  const found: { phrase: string; reason: string; weight: number; index: number }[] = [];
  for (let i = 0; i < DETECTORS.length; i++) {
    const w = WEIGHTS[i]!;
    if (w <= 0 || !hits[i]!.length) continue;
    z += w * x[i]!;
    for (const h of hits[i]!) {
      found.push({ phrase: h.phrase, reason: h.reason ?? DETECTORS[i]!.reason, weight: w, index: h.index });
      if (DETECTORS[i]!.structural)
        found.push({ phrase: h.phrase, reason: DETECTORS[i]!.reason, weight: w, index: h.index });
    }
  }
  if (LEXICAL_WEIGHT > 0) {
    // The wording's sum goes into the score (the committed 'joint' form: each term's own weight,
    // so useful wording lowers it; the older 'positive' form counted only a sales-leaning sum).
    // When it leans to sales, its strongest words are findings like any detector's phrases.
    const lex = lexicalFeature(text, LEXICON, CONTENT_MODEL.lexicalForm);
    z += LEXICAL_WEIGHT * lex.x;
    // The strongest few, skipping a word inside a pair already chosen ("$16" after "for $16").
    const picked: { index: number; end: number }[] = [];
    for (const h of lex.x > 0 ? lex.hits : []) {
      if (picked.length === LEXICAL_FINDINGS) break;
      const end = h.index + h.phrase.length;
      if (picked.some((p) => h.index < p.end && p.index < end)) continue;
      picked.push({ index: h.index, end });
      found.push({
        phrase: h.phrase,
        reason: LEXICAL_REASON,
        weight: LEXICAL_WEIGHT * h.logOdds,
        index: h.index,
      });
    }
  }
  // Strongest signals first, then in reading order; one finding per phrase and reason.
  found.sort((a, b) => b.weight - a.weight || a.index - b.index);
  const seen = new Set<string>();
  const findings: ContentFinding[] = [];
  for (const f of found) {
    const k = `${f.phrase.toLowerCase()}|${f.reason}`;
    if (seen.has(k)) continue;
    seen.add(k);
    findings.push({ phrase: f.phrase, reason: f.reason });
  }
  // A draft with nothing to rewrite scores 0; otherwise the model's probability that it is sales.
  const salesScore = findings.length ? Math.round(sigmoid(z) * 100) / 100 : 0;
  return { salesScore, blocked: salesScore >= SALES_THRESHOLD, findings };
}
