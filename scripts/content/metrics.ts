/** Precision, recall and the confusion matrix of the content check on a set of labelled drafts. */
import { type ContentCheck, checkContent } from '../../src/modules/messaging/content-check';
import { visibleText } from '../../src/modules/messaging/content-features';
import type { Draft } from '../../test/fixtures/newsletters/corpus';

export interface Confusion {
  /** sales drafts blocked */
  tp: number;
  /** useful drafts blocked */
  fp: number;
  /** sales drafts passed */
  fn: number;
  /** useful drafts passed */
  tn: number;
}

export interface Evaluation extends Confusion {
  n: number;
  precision: number;
  recall: number;
  results: { draft: Draft; check: ContentCheck }[];
  /** Blocked drafts with no finding whose phrase appears in the draft's visible text. */
  unexplained: string[];
}

export function evaluate(drafts: Draft[]): Evaluation {
  const c: Confusion = { tp: 0, fp: 0, fn: 0, tn: 0 };
  const results: Evaluation['results'] = [];
  const unexplained: string[] = [];
  for (const draft of drafts) {
    const check = checkContent({ subject: draft.subject, body: draft.body });
    results.push({ draft, check });
    const sales = draft.label === 'sales';
    if (check.blocked) {
      if (sales) c.tp++;
      else c.fp++;
      const text = visibleText(draft.subject, draft.body).toLowerCase();
      if (!check.findings.some((f) => f.phrase && text.includes(f.phrase.toLowerCase())))
        unexplained.push(draft.id);
    } else if (sales) c.fn++;
    else c.tn++;
  }
  return {
    ...c,
    n: drafts.length,
    precision: c.tp + c.fp ? c.tp / (c.tp + c.fp) : 1,
    recall: c.tp + c.fn ? c.tp / (c.tp + c.fn) : 1,
    results,
    unexplained,
  };
}

export function confusionTable(e: Confusion): string {
  const pad = (s: string | number, n: number) => String(s).padStart(n);
  return [
    `                 ${pad('blocked', 9)} ${pad('passed', 8)}`,
    `labelled sales   ${pad(e.tp, 9)} ${pad(e.fn, 8)}`,
    `labelled useful  ${pad(e.fp, 9)} ${pad(e.tn, 8)}`,
  ].join('\n');
}
