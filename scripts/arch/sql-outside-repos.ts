/**
 * SQL outside repositories (issue 18: "services take typed input. SQL only in repos"). In a
 * service (`*.service.ts`), engine (`*.engine.ts`), evaluation (`*.evaluation.ts`) or workflow
 * (`src/workflows/*.ts`) that is not a `*.repo.ts`, these calls are SQL:
 *   - `x.raw(...)`                                  a raw statement or fragment;
 *   - `knex(...)`, `x.knex(...)`                    a query on the bare connection;
 *   - `q('t')`, `ctx.q('t')`, `trx('t')`, `db('t')`, `scoped(db, p)('t')`
 *                                                   a query builder on a table (first argument a string);
 *   - `q.insert('t', ...)`                          the scoped helper's insert;
 *   - `prepared(knex, sql, bindings)`               a named prepared statement (src/db/prepared.ts);
 *   - a string or template literal with SQL in capitals (`SELECT`, `INSERT INTO`, `UPDATE t SET`,
 *     `DELETE FROM`): a statement or fragment written to be handed to one of those elsewhere.
 * The names are the ones the codebase gives its query helpers (`q: Scoped`, `db`/`knex: Knex`,
 * `trx`); a query builder is always started by one of these calls, so flagging the start is enough.
 * Running a transaction (`q.transaction(fn)`) is not SQL: a workflow owns its transaction.
 *   node --import tsx scripts/arch/sql-outside-repos.ts     prints each as "file: callee( (line N)"
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

/** Names a query helper goes by: `q` (Scoped), `trx`, `db` and `knex` (Knex). */
const HELPERS = new Set(['q', 'trx', 'db', 'knex']);

/** Whether the file at this path (relative to the project root, `/`-separated) is checked. */
export function isChecked(path: string): boolean {
  if (!path.startsWith('src/') || path.endsWith('.repo.ts') || path.endsWith('.test.ts')) return false;
  return /\.(service|engine|evaluation)\.ts$/.test(path) || /^src\/workflows\/[^/]+\.ts$/.test(path);
}

const nameOf = (e: ts.Expression): string | undefined =>
  ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) ? e.name.text : undefined;

/** SQL as this codebase writes it: keywords in capitals (a sentence rarely has them). */
const SQL_TEXT = /\b(SELECT|INSERT INTO|DELETE FROM)\s|\bUPDATE\s+\w+(\s+\w+)?\s+SET\s/;

const isString = (e: ts.Expression | undefined): boolean =>
  !!e && (ts.isStringLiteralLike(e) || ts.isTemplateExpression(e));

/** The SQL calls in one file's text, as "path: callee( (line N)". */
export function sqlCalls(path: string, text: string): string[] {
  const sf = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const name = nameOf(callee);
      const first = node.arguments[0];
      const sql =
        name === 'raw' ||
        name === 'knex' ||
        name === 'prepared' ||
        (name !== undefined && HELPERS.has(name) && isString(first)) ||
        (ts.isCallExpression(callee) && nameOf(callee.expression) === 'scoped' && isString(first)) ||
        (name === 'insert' &&
          ts.isPropertyAccessExpression(callee) &&
          HELPERS.has(nameOf(callee.expression) ?? '') &&
          isString(first));
      if (sql) {
        const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
        out.push(`${path}: ${callee.getText(sf).replace(/\s+/g, '')}( (line ${line})`);
      }
    }
    if (
      (ts.isNoSubstitutionTemplateLiteral(node) ||
        ts.isStringLiteral(node) ||
        ts.isTemplateExpression(node)) &&
      SQL_TEXT.test(node.getText(sf))
    ) {
      const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
      out.push(`${path}: SQL text (line ${line})`);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

/** Every SQL call in a checked file under `root/src`. */
export function sqlOutsideRepos(root: string): string[] {
  return sourceFiles(join(root, 'src'))
    .map((f) => relative(root, f).split('\\').join('/'))
    .filter(isChecked)
    .flatMap((f) => sqlCalls(f, readFileSync(join(root, f), 'utf8')));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const l of sqlOutsideRepos(process.cwd())) console.log(l);
}
