/**
 * Assigns each corpus draft that has no split yet to `train` or `heldout`, by a hash of its id
 * (about 30 % held out), and writes the split into the draft's header line. Run once when drafts
 * are added; a draft's split never changes afterwards, so nothing is ever tuned on held-out drafts.
 *   node --import tsx scripts/content/split.ts
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS_DIR } from '../../test/fixtures/newsletters/corpus';

export const HELDOUT_SHARE = 0.3;

export function splitFor(id: string): 'train' | 'heldout' {
  const h = createHash('sha256').update(`regulars-newsletter-corpus:${id}`).digest();
  return h.readUInt32BE(0) / 2 ** 32 < HELDOUT_SHARE ? 'heldout' : 'train';
}

let assigned = 0;
for (const f of readdirSync(CORPUS_DIR).filter((n) => n.endsWith('.txt'))) {
  const path = join(CORPUS_DIR, f);
  const text = readFileSync(path, 'utf8').replace(
    /^## (\S+) (sales|useful)\s*$/gm,
    (_l, id: string, label) => {
      assigned++;
      return `## ${id} ${label} ${splitFor(id)}`;
    },
  );
  writeFileSync(path, text);
}
console.log(`assigned a split to ${assigned} drafts`);
