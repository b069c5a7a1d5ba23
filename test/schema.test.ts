import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSchema } from '../src/graphql/schema';
import { PERMISSIONS } from '../src/modules/auth/permissions';
import { ROOT } from './helpers/process';

describe('schema', () => {
  it('the generated TypeScript types match schema/*.graphql (run `npm run codegen` after editing SDL)', () => {
    const r = spawnSync(
      process.execPath,
      [path.join(ROOT, 'node_modules/@graphql-codegen/cli/cjs/bin.js'), '--config', 'codegen.ts', '--check'],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
  });

  it('every permission entry names a field that exists', () => {
    const schema = buildSchema();
    for (const key of Object.keys(PERMISSIONS)) {
      const [type, field] = key.split('.') as [string, string];
      const t = schema.getType(type) as { getFields?: () => Record<string, unknown> } | undefined;
      expect(t?.getFields?.()[field], key).toBeDefined();
    }
  });
});
