import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The example operations for app and POS developers (docs/operations/*.graphql, their example
 * variables in variables.json): GraphiQL opens with one tab each. Checked against the schema
 * by test/client.test.ts. Without the docs folder (a trimmed image) there are none.
 */
export const OPERATIONS_DIR = fileURLToPath(new URL('../../docs/operations', import.meta.url));

export interface ExampleOperation {
  name: string;
  query: string;
  variables: Record<string, unknown>;
}

export function loadExampleOperations(dir = OPERATIONS_DIR): ExampleOperation[] {
  if (!existsSync(dir)) return [];
  const variablesFile = path.join(dir, 'variables.json');
  const variables: Record<string, Record<string, unknown>> = existsSync(variablesFile)
    ? JSON.parse(readFileSync(variablesFile, 'utf8'))
    : {};
  return readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => {
      const name = f.replace(/\.graphql$/, '');
      return { name, query: readFileSync(path.join(dir, f), 'utf8'), variables: variables[name] ?? {} };
    });
}

/** GraphiQL's tabs: the given first one, then the examples. */
export function exampleTabs(first: string): { query: string; variables?: string }[] {
  return [
    { query: first },
    ...loadExampleOperations().map((o) => ({
      query: o.query,
      variables: JSON.stringify(o.variables, null, 2),
    })),
  ];
}
