#!/usr/bin/env node
// The operators' CLI (src/cli/index.ts) as a command: `npx regulars …` in a clone, or
// `regulars …` after `npm link`. It prints only the command's own output, so `--json` pipes.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/index.ts');
