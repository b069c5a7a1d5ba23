import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  buildSchema as fromSdl,
  getVariableValues,
  Kind,
  type OperationDefinitionNode,
  parse,
  validate,
} from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { loadExampleOperations } from '../src/graphql/examples';
import { buildSchema } from '../src/graphql/schema';
import { makeProgramWithKeys } from './helpers/factories';
import { ROOT } from './helpers/process';
import { startTestServer } from './helpers/server';

// The typed client of issue 15: schema.graphql, the example operations, the codegen config.
const served = buildSchema();
const published = fromSdl(readFileSync(path.join(ROOT, 'schema.graphql'), 'utf8'));
const examples = loadExampleOperations();

describe('docs/operations', () => {
  it('there are examples for the till and the app', () => {
    const names = examples.map((e) => e.name);
    for (const n of [
      'RecordPurchase',
      'RecordPurchases',
      'PreviewPurchase',
      'RewardByCode',
      'UseReward',
      'Me',
    ]) {
      expect(names).toContain(n);
    }
  });

  it.each(examples.map((e) => [e.name, e] as const))(
    '%s: one operation named as its file, valid against the served and the published schema, with valid example variables',
    (_, e) => {
      const doc = parse(e.query);
      const ops = doc.definitions.filter(
        (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
      );
      expect(ops.map((o) => o.name?.value)).toEqual([e.name]);
      for (const schema of [served, published]) {
        expect(validate(schema, doc).map((x) => x.message)).toEqual([]);
        const vars = getVariableValues(schema, ops[0]!.variableDefinitions ?? [], e.variables);
        expect(vars.errors?.map((x) => x.message) ?? []).toEqual([]);
      }
    },
  );

  it('variables.json names only operations that exist', () => {
    const given = Object.keys(
      JSON.parse(readFileSync(path.join(ROOT, 'docs/operations/variables.json'), 'utf8')),
    );
    expect(given.filter((n) => !examples.some((e) => e.name === n))).toEqual([]);
  });
});

describe('docs/client/codegen.ts', () => {
  // Inside the repository, so that the codegen packages resolve from its node_modules.
  const dir = mkdtempSync(path.join(ROOT, 'node_modules', '.client-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('generates a client from schema.graphql and the examples that type-checks', () => {
    cpSync(path.join(ROOT, 'schema.graphql'), path.join(dir, 'schema.graphql'));
    cpSync(path.join(ROOT, 'docs/client/codegen.ts'), path.join(dir, 'codegen.ts'));
    cpSync(path.join(ROOT, 'docs/operations'), path.join(dir, 'src/operations'), { recursive: true });
    const gen = spawnSync(
      process.execPath,
      [path.join(ROOT, 'node_modules/@graphql-codegen/cli/cjs/bin.js'), '--config', 'codegen.ts'],
      { cwd: dir, encoding: 'utf8' },
    );
    expect(gen.status, `${gen.stdout}\n${gen.stderr}`).toBe(0);
    // A till's use of the generated types: the batch's per-item status is a typed union.
    writeFileSync(
      path.join(dir, 'src/use.ts'),
      `import { RecordPurchasesDocument, type RecordPurchasesMutation, type RecordPurchasesMutationVariables } from './gql/graphql';
export const doc = RecordPurchasesDocument;
export const vars: RecordPurchasesMutationVariables = { input: { purchases: [{ idempotencyKey: 'k', customerExternalId: 'c',
  externalId: '1', occurredAt: '2026-12-04T10:00:00Z', currency: 'USD', lines: [{ sku: 'A', quantity: 1, unitPriceMinor: 100 }] }] } };
export function failed(r: RecordPurchasesMutation): string[] {
  return r.recordPurchases.results.filter((x) => x.status === 'FAILED').map((x) => x.error?.code ?? '');
}
`,
    );
    writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          target: 'ES2022',
          module: 'ESNext',
          moduleResolution: 'Bundler',
          verbatimModuleSyntax: true,
          types: [],
        },
        include: ['src'],
      }),
    );
    const tsc = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', '.'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(tsc.status, `${tsc.stdout}\n${tsc.stderr}`).toBe(0);
  }, 120_000);
});

describe('GraphiQL', () => {
  it('opens with a tab for each example operation, its example variables filled in; each runs within the limits', async () => {
    const s = await startTestServer();
    try {
      const html = await (await fetch(`${s.url}/graphql`, { headers: { accept: 'text/html' } })).text();
      const json = html.match(/<script type="application\/json" id="graphiql-options">(.*?)<\/script>/s)?.[1];
      const opts = JSON.parse(json!) as { defaultTabs: { query: string; variables?: string }[] };
      expect(opts.defaultTabs[0]!.query).toContain('program {');
      for (const e of examples) {
        const tab = opts.defaultTabs.find((t) => t.query === e.query);
        expect(tab, e.name).toBeDefined();
        expect(JSON.parse(tab!.variables!)).toEqual(e.variables);
      }
      // And each runs within the server's limits (depth, cost): no QUERY_TOO_COMPLEX, no
      // validation error; what they find with example ids is another matter.
      const { keys } = await makeProgramWithKeys(s.testDb.db);
      for (const e of examples) {
        const r = await s.gql(e.query, e.variables, e.name === 'Catalog' ? keys.admin : keys.pos);
        const codes = (r.errors ?? []).map((x) => x.extensions.code);
        expect(codes, `${e.name}: ${JSON.stringify(r.errors)}`).not.toContain('QUERY_TOO_COMPLEX');
        expect(r.errors?.map((x) => x.message).join() ?? '', e.name).not.toMatch(
          /Cannot query|Unknown|Variable "/,
        );
      }
    } finally {
      await s.close();
    }
  });
});
