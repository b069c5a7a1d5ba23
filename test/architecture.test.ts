/**
 * Issue 18's check on the import graph (scripts/arch/imports.ts): no runtime import cycle, no
 * resolver importing a repo, no module importing another module's repo. What the codebase breaks
 * today is listed in test/architecture.known.txt, a to-do list that may only shrink: a new
 * violation fails, and so does a listed one that is gone (delete its line).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cycles, importGraph, layerViolations } from '../scripts/arch/imports';

const root = join(import.meta.dirname, '..');
const known = new Set(
  readFileSync(join(root, 'test/architecture.known.txt'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== ''),
);
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
});
