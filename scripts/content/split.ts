/**
 * Assigns each corpus draft that has no split yet to `train` or `heldout`, and writes the split
 * into the draft's header line. The rule is by file:
 *   - drafts in `*-fresh.txt` files are `heldout`: the held-out part is a set written
 *     independently, by someone other than the author of the detectors, and evaluated once;
 *   - drafts anywhere else are `train` (every draft in cafe.txt, salon.txt, hardware.txt,
 *     bookshop.txt and bikeshop.txt, including the ones that were held out before issue 16's
 *     second round: their aggregate figures had been looked at several times).
 * A split already in a header is checked against the rule; a mismatch stops the script.
 *   node --import tsx scripts/content/split.ts
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CORPUS_DIR } from '../../test/fixtures/newsletters/corpus';

export function splitForFile(file: string): 'train' | 'heldout' {
  return file.endsWith('-fresh.txt') ? 'heldout' : 'train';
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
