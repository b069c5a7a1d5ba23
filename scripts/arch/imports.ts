/**
 * The import graph of `src/`, read with TypeScript's parser, and the three rules of issue 18
 * (ARCHITECTURE.md, "Use cases span modules through workflows"):
 *   1. no cycle among runtime imports (`import type` is erased by the compiler, so it cannot
 *      make a cycle at run time and is not counted);
 *   2. no resolver imports a repo (resolvers parse and authorise; services and workflows own SQL);
 *   3. no module imports another module's repo (a module's tables are reached through its service).
 *   node --import tsx scripts/arch/imports.ts     prints every violation
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

export type Graph = Map<string, Set<string>>;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** Specifiers a file imports at run time (type-only imports and re-exports left out). */
function runtimeImports(file: string): string[] {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const out: string[] = [];
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st)) {
      const clause = st.importClause;
      if (clause?.isTypeOnly) continue;
      const named = clause?.namedBindings;
      const onlyTypes =
        clause &&
        !clause.name &&
        named &&
        ts.isNamedImports(named) &&
        named.elements.length > 0 &&
        named.elements.every((e) => e.isTypeOnly);
      if (!onlyTypes) out.push((st.moduleSpecifier as ts.StringLiteral).text);
    } else if (ts.isExportDeclaration(st) && st.moduleSpecifier && !st.isTypeOnly) {
      out.push((st.moduleSpecifier as ts.StringLiteral).text);
    }
  }
  return out;
}

/** Files under `root/src` and the project files each imports at run time, paths relative to root. */
export function importGraph(root: string): Graph {
  const src = join(root, 'src');
  const graph: Graph = new Map();
  for (const file of sourceFiles(src)) {
    const deps = new Set<string>();
    for (const spec of runtimeImports(file)) {
      if (!spec.startsWith('.')) continue;
      const target = resolve(dirname(file), spec).replace(/\.js$/, '');
      deps.add(relative(root, target.endsWith('.ts') ? target : `${target}.ts`));
    }
    graph.set(relative(root, file), deps);
  }
  return graph;
}

/** Every elementary cycle would be too many to read; one cycle per strongly connected component is enough to act on. */
export function cycles(graph: Graph): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const comps: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1 || graph.get(v)?.has(v)) comps.push(comp.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!idx.has(v)) visit(v);
  return comps.sort((a, b) => a[0]!.localeCompare(b[0]!));
}

const moduleOf = (file: string) => /^src\/modules\/([^/]+)\//.exec(file)?.[1];
const isRepo = (file: string) => file.endsWith('.repo.ts');

/** Violations of rules 2 and 3 as "importer -> imported" lines. */
export function layerViolations(graph: Graph): string[] {
  const out: string[] = [];
  for (const [from, deps] of graph) {
    for (const to of deps) {
      if (!isRepo(to)) continue;
      if (from.endsWith('.resolvers.ts')) out.push(`resolver imports a repo: ${from} -> ${to}`);
      else if (moduleOf(from) && moduleOf(to) && moduleOf(from) !== moduleOf(to))
        out.push(`module imports another module's repo: ${from} -> ${to}`);
    }
  }
  return out.sort();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const graph = importGraph(process.cwd());
  for (const c of cycles(graph)) console.log(`cycle: ${c.join(' ')}`);
  for (const v of layerViolations(graph)) console.log(v);
}
