/**
 * Issue 18's check on the import graph (scripts/arch/imports.ts): no runtime import cycle, no
 * resolver importing a repo, no module importing another module's repo. What the codebase breaks
 * today is listed in test/architecture.known.txt, a to-do list that may only shrink: a new
 * violation fails, and so does a listed one that is gone (delete its line). Functions over 60
 * lines (scripts/arch/long-functions.ts) are kept the same way in test/long-functions.known.txt.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cycles, importGraph, layerViolations } from '../scripts/arch/imports';
import { longFunctions, longFunctionsIn } from '../scripts/arch/long-functions';

const root = join(import.meta.dirname, '..');
const listed = (file: string) =>
  new Set(
    readFileSync(join(root, file), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== ''),
  );
const known = listed('test/architecture.known.txt');
const graph = importGraph(root);
const found = [...cycles(graph).map((c) => `cycle: ${c.join(' ')}`), ...layerViolations(graph)];

describe('architecture', () => {
  it('adds no import cycle, resolver-to-repo or cross-module repo import', () => {
    expect(found.filter((v) => !known.has(v))).toEqual([]);
  });

  it('keeps the list of known violations true (delete a line when its violation is gone)', () => {
    expect([...known].filter((v) => !found.includes(v))).toEqual([]);
  });

  it('sees a cycle and a layer violation when there is one', () => {
    const g = new Map([
      ['src/modules/a/a.service.ts', new Set(['src/modules/b/b.service.ts'])],
      ['src/modules/b/b.service.ts', new Set(['src/modules/a/a.service.ts', 'src/modules/a/a.repo.ts'])],
      ['src/modules/a/a.repo.ts', new Set<string>()],
      ['src/modules/a/a.resolvers.ts', new Set(['src/modules/a/a.repo.ts'])],
    ]);
    expect(cycles(g)).toEqual([['src/modules/a/a.service.ts', 'src/modules/b/b.service.ts']]);
    expect(layerViolations(g)).toEqual([
      "module imports another module's repo: src/modules/b/b.service.ts -> src/modules/a/a.repo.ts",
      'resolver imports a repo: src/modules/a/a.resolvers.ts -> src/modules/a/a.repo.ts',
    ]);
  });

  describe('functions over 60 lines', () => {
    const knownLong = listed('test/long-functions.known.txt');
    const long = longFunctionsIn(root).map((l) => l.replace(/ \(\d+ lines\)$/, ''));

    it('adds none (split it, or say why on the line above with "// long:")', () => {
      expect(long.filter((l) => !knownLong.has(l))).toEqual([]);
    });

    it('keeps the list true (delete a line when the function is short now)', () => {
      expect([...knownLong].filter((l) => !long.includes(l))).toEqual([]);
    });

    it('counts code lines, not the lines of a statement inside a template literal', () => {
      const body = (n: number) => Array.from({ length: n }, (_, i) => `  const a${i} = ${i};`).join('\n');
      const sql = `  const q = \`\n${'    select 1\n'.repeat(80)}  \`;`;
      expect(longFunctions('x.ts', `function f() {\n${body(60)}\n}`)).toEqual(['x.ts f (62 lines)']);
      expect(longFunctions('x.ts', `function f() {\n${body(58)}\n}`)).toEqual([]);
      expect(longFunctions('x.ts', `function f() {\n${sql}\n}`)).toEqual([]);
      expect(longFunctions('x.ts', `// long: one table of cases\nfunction f() {\n${body(70)}\n}`)).toEqual(
        [],
      );
      expect(longFunctions('x.ts', `function f() {\n  run(() => {\n${body(70)}\n  });\n}`)).toEqual([
        'x.ts f (74 lines)',
        'x.ts f/(anonymous) (72 lines)',
      ]);
    });
  });
});
