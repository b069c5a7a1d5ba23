/**
 * Measures the content check on the HELD-OUT part of the labelled corpus (the independently
 * written drafts in test/fixtures/newsletters/heldout/, evaluated once): precision, recall, the
 * confusion matrix, blocked drafts without a finding naming a phrase, and mean time per draft.
 *   npm run eval:content                 held-out drafts
 *   npm run eval:content -- --train      the training drafts instead (for work on the detectors)
 *   npm run eval:content -- --train --errors   also list the training drafts it gets wrong
 * Held-out drafts are never listed one by one: work on the detectors looks at training drafts only.
 */
import { performance } from 'node:perf_hooks';
import { checkContent, SALES_THRESHOLD } from '../../src/modules/messaging/content-check';
import { CORPUS_DIR, loadCorpus } from '../../test/fixtures/newsletters/corpus';
import { confusionTable, evaluate } from './metrics';

const part = process.argv.includes('--train') ? 'train' : 'heldout';
// Only the part asked for is read: work on the detectors never parses the held-out drafts.
const drafts = loadCorpus(CORPUS_DIR, [part]).filter((d) => d.split === part);
if (!drafts.length) {
  console.log(
    `no ${part} drafts: the held-out part is test/fixtures/newsletters/heldout/*.txt, not there yet`,
  );
  process.exit(0);
}
const e = evaluate(drafts);
const sales = drafts.filter((d) => d.label === 'sales').length;

// Timing: warm up, then several passes over the same drafts; mean per draft.
for (const d of drafts) checkContent(d);
const passes = 20;
const t0 = performance.now();
for (let i = 0; i < passes; i++) for (const d of drafts) checkContent(d);
const msPerDraft = (performance.now() - t0) / (passes * drafts.length);
// A worst case: a body at the 200,000-character limit made of sales-heavy text.
const long = drafts
  .map((d) => d.body)
  .join('\n')
  .repeat(8)
  .slice(0, 200_000);
const t1 = performance.now();
const longCheck = checkContent({ subject: 'Long', body: long });
const msLong = performance.now() - t1;

console.log(
  `content check on the ${part} part: ${drafts.length} drafts (${sales} sales, ${drafts.length - sales} useful)`,
);
console.log(`threshold ${SALES_THRESHOLD}`);
console.log(`precision ${e.precision.toFixed(3)}  recall ${e.recall.toFixed(3)}`);
console.log(confusionTable(e));
console.log(`blocked drafts without a finding that names a phrase in the draft: ${e.unexplained.length}`);
console.log(`mean ${msPerDraft.toFixed(3)} ms per draft (${passes} passes, node ${process.version})`);
console.log(`one 200,000-character body: ${msLong.toFixed(1)} ms (${longCheck.findings.length} findings)`);
if (part === 'train' && process.argv.includes('--errors')) {
  for (const { draft, check } of e.results) {
    if (check.blocked === (draft.label === 'sales')) continue;
    console.log(`\n${draft.id} (${draft.label}) score ${check.salesScore}: ${draft.subject}`);
    for (const f of check.findings) console.log(`  "${f.phrase}" (${f.reason})`);
  }
}
