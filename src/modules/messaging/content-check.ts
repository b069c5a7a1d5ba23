/**
 * The non-sales content check: scores a newsletter draft for what a reader would call an advert,
 * and lists each phrase with the reason, so staff see *why* a draft is blocked and what to rewrite.
 *
 * Detectors (content-features.ts) find sales signals in the visible text of subject and body
 * (liquid tags dropped, HTML read as text). A logistic regression fitted on the training part of
 * the labelled corpus (test/fixtures/newsletters, `npm run train:content`) weighs them; its
 * weights and threshold live in content-model.ts. Pure, deterministic, no network.
 */
import { DETECTORS, features, visibleText } from './content-features';
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

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export function checkContent(input: { subject?: string | null; body: string }): ContentCheck {
  const { x, hits } = features(visibleText(input.subject, input.body));
  let z = CONTENT_MODEL.bias;
  const found: { phrase: string; reason: string; weight: number; index: number }[] = [];
  for (let i = 0; i < DETECTORS.length; i++) {
    const w = WEIGHTS[i]!;
    if (w <= 0 || !hits[i]!.length) continue;
    z += w * x[i]!;
    for (const h of hits[i]!)
      found.push({ phrase: h.phrase, reason: DETECTORS[i]!.reason, weight: w, index: h.index });
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
