/**
 * Assigns each training-file draft that has no split yet to `train`, and writes the split into the
 * draft's header line. The rule is by where the file is:
 *   - drafts in `heldout/*.txt` are `heldout`: the held-out part is a set written independently,
 *     by someone other than the authors of the detectors, and evaluated once. Their split comes
 *     from the folder (test/fixtures/newsletters/corpus.ts); this script never opens those files;
 *   - drafts in the files beside corpus.ts are `train`: cafe.txt, salon.txt, hardware.txt,
 *     bookshop.txt, bikeshop.txt, including the drafts that were held out before issue 16's second
 *     round, the `*-fresh.txt` files, which were the held-out part of the second round until
 *     the third, and the `*-h2.txt`, `*-h3.txt` and `*-h4.txt` files, the third, fourth and fifth
 *     rounds' held-out sets (their aggregate figures had been seen, so they became training
 *     drafts), and the drafts written for training (`*-r4.txt`, `*-r5a.txt` …).
 * A split already in a header is checked against the rule; a mismatch stops the script.
 *   node --import tsx scripts/content/split.ts
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CORPUS_DIR, HELDOUT_DIR } from '../../test/fixtures/newsletters/corpus';

/** The split of the drafts in `file`, a path relative to the corpus folder ("heldout/cafe.txt"). */
export function splitForFile(file: string): 'train' | 'heldout' {
  return file.startsWith(`${HELDOUT_DIR}/`) ? 'heldout' : 'train';
}

function main() {
  let assigned = 0;
  for (const f of readdirSync(CORPUS_DIR).filter((n) => n.endsWith('.txt'))) {
    const path = join(CORPUS_DIR, f);
    const split = splitForFile(f);
    const text = readFileSync(path, 'utf8').replace(
      /^## (\S+) (sales|useful)(?: (train|heldout))?\s*$/gm,
      (line, id: string, label: string, old: string | undefined) => {
        if (old && old !== split) throw new Error(`${f}: ${id} is ${old}, but drafts in ${f} are ${split}`);
        if (old) return line;
        assigned++;
        return `## ${id} ${label} ${split}`;
      },
    );
    writeFileSync(path, text);
  }
  console.log(`assigned a split to ${assigned} drafts`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
