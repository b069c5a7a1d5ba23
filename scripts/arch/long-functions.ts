/**
 * Functions in `src/` longer than 60 lines (issue 18: a function that long is hard to read top
 * to bottom). Lines inside a multi-line template literal (an SQL statement, a message) are not
 * counted: a long statement reads top to bottom. A function may be longer when a comment on the
 * line above its start says why, beginning with `// long:`.
 *   node --import tsx scripts/arch/long-functions.ts     prints each as "file name (N lines)"
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

export const MAX_LINES = 60;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && e.name !== 'generated.ts' ? [p] : [];
  });
}

function nameOf(node: ts.Node): string {
  const named = node as { name?: ts.Node };
  if (named.name && ts.isIdentifier(named.name)) return named.name.text;
  const parent = node.parent;
  if (
    parent &&
    (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) &&
    ts.isIdentifier(parent.name)
  )
    return parent.name.text;
  return '(anonymous)';
}

/**
 * Long functions in one file's text, as "path name (N lines)"; a function without a name is named
 * after the one it is in ("recordPurchase/(anonymous)"). No line number, so that an edit above a
 * function does not change its entry.
 */
export function longFunctions(path: string, text: string, max = MAX_LINES): string[] {
  const sf = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const lines = text.split('\n');
  const out: string[] = [];
  // Lines that are inside a template literal (not its first line, where the code is).
  const inTemplate = new Set<number>();
  const collect = (node: ts.Node) => {
    if (ts.isTemplateExpression(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      const a = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
      const b = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
      for (let l = a + 1; l <= b; l++) inTemplate.add(l);
    }
    ts.forEachChild(node, collect);
  };
  collect(sf);
  const visit = (node: ts.Node, outer: string) => {
    let name = outer;
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const own = nameOf(node);
      name = own === '(anonymous)' && outer ? `${outer}/${own}` : own;
      const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
      const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
      let length = 0;
      for (let l = start; l <= end; l++) if (!inTemplate.has(l)) length++;
      const excused = /^\s*\/\/ long:/.test(lines[start - 1] ?? '');
      if (length > max && !excused) out.push(`${path} ${name} (${length} lines)`);
    }
    ts.forEachChild(node, (child) => visit(child, name));
  };
  visit(sf, '');
  return out;
}

export function longFunctionsIn(root: string): string[] {
  return sourceFiles(join(root, 'src')).flatMap((f) =>
    longFunctions(relative(root, f), readFileSync(f, 'utf8')),
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const l of longFunctionsIn(process.cwd())) console.log(l);
}
