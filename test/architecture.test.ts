/**
 * Issue 18's check on the import graph (scripts/arch/imports.ts): no runtime import cycle, no
 * resolver importing a repo, no module importing another module's repo. What the codebase breaks
 * today is listed in test/architecture.known.txt, a to-do list that may only shrink: a new
 * violation fails, and so does a listed one that is gone (delete its line). Functions over 60
 * lines (scripts/arch/long-functions.ts) are kept the same way in test/long-functions.known.txt.
 * No service, engine, evaluation or workflow file holds SQL (scripts/arch/sql-outside-repos.ts:
 * SQL only in repos); there is no known list for that, none is left.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cycles, importGraph, layerViolations } from '../scripts/arch/imports';
import { longFunctions, longFunctionsIn } from '../scripts/arch/long-functions';
import { isChecked, sqlCalls, sqlOutsideRepos } from '../scripts/arch/sql-outside-repos';

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

  describe('SQL outside repos', () => {
    it("finds none (move the statement into the module's or the workflow's *.repo.ts)", () => {
      expect(sqlOutsideRepos(root)).toEqual([]);
    });

    it('sees a raw statement, a query builder, an insert and SQL text, not a transaction, a sentence or a repo', () => {
      const text = [
        'export async function f(ctx, deps, q) {',
        "  await q.knex.raw('SELECT 1');",
        "  await ctx.q('messages').where({ id });",
        "  await scoped(deps.db, p)('surveys').where({ id });",
        "  await q.insert('tier_evaluation_runs', { run_date });",
        '  await prepared(q.knex, `SELECT 2`, []);',
        '  await q.transaction(async (trx) => trx.memo(key, load));',
        "  await q.memo('key', load);",
        '  await insertSurvey(q, s);',
        "  return hash.update('x').join(', ');",
        '}',
        'const CHANGED = `SELECT customer_id FROM tier_decisions`;',
        "const BLANK = 'UPDATE follow_up_comments c SET body = null';",
        "const HINT = 'Select a customer, then update their settings';",
      ].join('\n');
      expect(sqlCalls('src/modules/a/a.service.ts', text)).toEqual([
        'src/modules/a/a.service.ts: q.knex.raw( (line 2)',
        'src/modules/a/a.service.ts: SQL text (line 2)',
        'src/modules/a/a.service.ts: ctx.q( (line 3)',
        'src/modules/a/a.service.ts: scoped(deps.db,p)( (line 4)',
        'src/modules/a/a.service.ts: q.insert( (line 5)',
        'src/modules/a/a.service.ts: prepared( (line 6)',
        'src/modules/a/a.service.ts: SQL text (line 6)',
        'src/modules/a/a.service.ts: SQL text (line 12)',
        'src/modules/a/a.service.ts: SQL text (line 13)',
      ]);
      expect(isChecked('src/modules/a/a.service.ts')).toBe(true);
      expect(isChecked('src/modules/a/a.engine.ts')).toBe(true);
      expect(isChecked('src/modules/a/a.evaluation.ts')).toBe(true);
      expect(isChecked('src/workflows/record-purchase.ts')).toBe(true);
      expect(isChecked('src/workflows/record-purchase.repo.ts')).toBe(false);
      expect(isChecked('src/modules/a/a.repo.ts')).toBe(false);
      expect(isChecked('src/modules/a/a.resolvers.ts')).toBe(false);
    });
  });
});
