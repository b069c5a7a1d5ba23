/**
 * Code queues a job with `enqueue(q, job, payload)` and the job's type from its module's
 * *.jobs-contract.ts; this keeps every such type a job the worker knows, with the same schema.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JobType } from '../../src/jobs/job';
import { JOBS } from '../../src/jobs/registry';

const modules = join(import.meta.dirname, '../../src/modules');
const contracts = readdirSync(modules).flatMap((m) =>
  readdirSync(join(modules, m))
    .filter((f) => f.endsWith('.jobs-contract.ts'))
    .map((f) => join(modules, m, f)),
);
const isJobType = (v: unknown): v is JobType =>
  typeof v === 'object' && v !== null && typeof (v as JobType).name === 'string' && 'payload' in v;

describe('job contracts', () => {
  it('are registered jobs with the same payload schema', async () => {
    const types = (await Promise.all(contracts.map((f) => import(f)))).flatMap((m) =>
      Object.values(m).filter(isJobType),
    );
    expect(types.length).toBeGreaterThan(0);
    for (const t of types) expect(JOBS[t.name]?.payload, t.name).toBe(t.payload);
  });
});
