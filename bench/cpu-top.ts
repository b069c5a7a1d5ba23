/**
 * The top of a V8 CPU profile (`node --cpu-prof`), by self time:
 *
 *   node --import tsx bench/cpu-top.ts <file.cpuprofile> [--top 10] [--by function|package|layer|both]
 *        [--results bench/results/<run>.json --scenario balance [--load 16]]
 *
 * "function" groups samples by function and source position; "layer" by part of the
 * request path (database driver, GraphQL, HTTP, socket work, our code by folder); "package" by
 * where the code lives: an npm package (node_modules/<name>), our source by folder (src/graphql,
 * src/modules/auth…), Node's own JavaScript (node:internal/<area>), the garbage collector.
 * Native code and V8 builtins (socket writes, JSON.parse, RegExp…) count for the package of
 * the JavaScript that called them. Percentages are of the busy time: idle samples (the process
 * waiting for I/O) are left out and reported apart, so profiles compare by where CPU went.
 *
 * `npm run bench` with BENCH_PROFILE=<dir> writes a profile of the API process; its results
 * file records when each scenario ran (monotonic clock, as the profile's timestamps), so
 * `--results … --scenario …` keeps only the samples taken while that scenario ran.
 * Our TypeScript runs through tsx, whose output is one line per module: positions in src/ are
 * columns of that line, good for telling two anonymous functions apart and nothing more.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
export interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface Row {
  name: string;
  ms: number;
  share: number;
}

export interface Top {
  busyMs: number;
  idleMs: number;
  rows: Row[];
}

const SPECIAL = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

/** Where a frame's code lives, as one short label; null for native code and builtins. */
export function packageOf(f: CallFrame): string | null {
  if (f.functionName === '(garbage collector)') return 'V8: garbage collector';
  if (f.functionName === '(program)') return 'V8: native, unattributed';
  if (f.functionName === '(root)') return '(root)';
  if (!f.url) return null;
  if (f.url.startsWith('node:')) {
    const parts = f.url.slice('node:'.length).replace(/\.js$/, '').split('/');
    return parts[0] === 'internal' ? `node:internal/${parts[1] ?? ''}` : `node:${parts[0]}`;
  }
  const file = f.url.replace(/^file:\/\//, '');
  const nm = file.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = file.slice(nm + '/node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const src = file.lastIndexOf('/src/');
  if (src >= 0) {
    const rest = file.slice(src + 1).split('/');
    // src/app.ts, src/graphql/…, src/modules/auth/…
    return rest.length > 3
      ? rest.slice(0, 3).join('/')
      : rest.length === 3
        ? rest.slice(0, 2).join('/')
        : rest.join('/');
  }
  return path.basename(file);
}

/** One function: its name and where it is (package-relative path and line). */
export function functionOf(f: CallFrame): string {
  if (SPECIAL.has(f.functionName)) return f.functionName;
  const name = f.functionName || '(anonymous)';
  if (!f.url) return `${name} [native]`;
  const file = f.url.replace(/^file:\/\//, '');
  const nm = file.lastIndexOf('/node_modules/');
  const src = file.lastIndexOf('/src/');
  if (nm >= 0) return `${name} ${file.slice(nm + '/node_modules/'.length)}:${f.lineNumber + 1}`;
  // tsx's output is one line per module: a column tells apart two functions, nothing more.
  if (src >= 0)
    return `${name} ${file.slice(src + 1)}${f.lineNumber === 0 ? `@${f.columnNumber}` : `:${f.lineNumber + 1}`}`;
  return `${name} ${file}:${f.lineNumber + 1}`;
}

const DB =
  /^(knex|pg|pg-protocol|pg-pool|pg-types|pg-connection-string|postgres-\w+|tarn|lodash|debug|colorette)$/;
const GRAPHQL =
  /^(graphql|graphql-yoga|@graphql-yoga\/.+|@graphql-tools\/.+|@envelop\/.+|@whatwg-node\/.+|@escape\.tech\/.+|dataloader)$/;
const HTTP =
  /^(koa|@koa\/.+|koa-compose|delegates|raw-body|ee-first|on-finished|statuses|http-errors|depd|type-is|content-type|content-disposition|cookies|accepts|vary|only|encodeurl|escape-html|fresh|destroy|mime-types|media-typer|negotiator|node:_http_\w+|node:internal\/http)$/;

/**
 * Layers of the request path: where a request's CPU goes in terms a reader of our code can act
 * on (the database driver, GraphQL, HTTP, the kernel's socket work, our own code by folder).
 */
export function layerOf(f: CallFrame): string | null {
  const p = packageOf(f);
  if (p === null) return null;
  if (DB.test(p)) return 'database driver (knex, pg, tarn)';
  if (GRAPHQL.test(p)) return 'GraphQL (graphql-js, yoga, envelop, whatwg-node, armor, dataloader)';
  if (HTTP.test(p)) return 'HTTP (Koa, node:http)';
  if (p === 'node:internal/stream_base_commons' || p === 'node:net' || p === 'node:internal/net') {
    return 'socket reads and writes (kernel work of HTTP and PostgreSQL round trips)';
  }
  if (p.startsWith('src/')) return `ours: ${p}`;
  if (p === 'zod') return 'zod (input validation)';
  if (p.startsWith('node:internal/crypto') || p === 'node:crypto') return 'crypto (hashes)';
  if (p.startsWith('V8')) return p;
  if (p.startsWith('node:')) return 'Node internals (events, streams, timers, promises, async hooks)';
  return p;
}

/** Sample times (µs, the profile's monotonic clock) and the time each stands for. */
function sampleTimes(profile: Profile): { at: number[]; us: number[] } {
  const at: number[] = [];
  const us: number[] = [];
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] ?? 0;
    at.push(t);
  }
  for (let i = 0; i < at.length; i++) us.push((i + 1 < at.length ? at[i + 1]! : profile.endTime) - at[i]!);
  return { at, us };
}

/**
 * Self time per group of frames, largest first. `group` returns null for native frames,
 * which then count for the nearest caller that has a group. `windows` (µs, monotonic) keeps
 * only the samples taken inside them.
 */
export function top(
  profile: Profile,
  group: (f: CallFrame) => string | null,
  n = 10,
  windows?: [number, number][],
): Top {
  const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  const parent = new Map<number, number>();
  for (const x of profile.nodes) for (const c of x.children ?? []) parent.set(c, x.id);
  const labelOf = new Map<number, string>();
  const label = (id: number): string => {
    const known = labelOf.get(id);
    if (known !== undefined) return known;
    let cur: number | undefined = id;
    let found: string | null = null;
    while (cur !== undefined && found === null) {
      found = group(byId.get(cur)!.callFrame);
      cur = parent.get(cur);
    }
    const l = found ?? 'native (no JavaScript caller)';
    labelOf.set(id, l);
    return l;
  };
  const { at, us } = sampleTimes(profile);
  const inWindow = (t: number) => !windows || windows.some(([a, b]) => t >= a && t <= b);
  const ms = new Map<string, number>();
  let idle = 0;
  let busy = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    if (!inWindow(at[i]!)) continue;
    const node = byId.get(profile.samples[i]!);
    if (!node) continue;
    if (node.callFrame.functionName === '(idle)') {
      idle += us[i]!;
      continue;
    }
    busy += us[i]!;
    const key = label(node.id);
    ms.set(key, (ms.get(key) ?? 0) + us[i]!);
  }
  const rows = [...ms]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, t]) => ({ name, ms: t / 1000, share: busy ? t / busy : 0 }));
  return { busyMs: busy / 1000, idleMs: idle / 1000, rows };
}

export function readProfile(file: string): Profile {
  return JSON.parse(readFileSync(file, 'utf8')) as Profile;
}

/** The time windows (µs, monotonic) in which a bench run ran a scenario, at one load or all. */
export function scenarioWindows(resultsFile: string, scenario: string, load?: number): [number, number][] {
  const r = JSON.parse(readFileSync(resultsFile, 'utf8')) as {
    windows?: { name: string; connections: number; fromUs: number; toUs: number }[];
  };
  const w = (r.windows ?? []).filter(
    (x) => x.name === scenario && (load === undefined || x.connections === load),
  );
  if (w.length === 0) throw new Error(`${resultsFile} has no time windows for ${scenario}`);
  return w.map((x) => [x.fromUs, x.toUs]);
}

export function formatTop(title: string, t: Top): string {
  return [
    `${title}: busy ${(t.busyMs / 1000).toFixed(1)} s, idle ${(t.idleMs / 1000).toFixed(1)} s`,
    '',
    '| # | self time | share of busy | where |',
    '|---|---|---|---|',
    ...t.rows.map(
      (r, i) => `| ${i + 1} | ${Math.round(r.ms)} ms | ${(r.share * 100).toFixed(1)}% | \`${r.name}\` |`,
    ),
  ].join('\n');
}

function main(argv: string[]) {
  const opt = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const file = argv.find((a, i) => !a.startsWith('--') && !argv[i - 1]?.startsWith('--'));
  if (!file) {
    process.stderr.write(
      'usage: bench/cpu-top.ts <file.cpuprofile> [--top 10] [--by function|package|layer|both] [--results <run.json> --scenario <name> [--load 16]]\n',
    );
    process.exit(2);
  }
  const n = Number(opt('top') ?? 10);
  const by = opt('by') ?? 'both';
  const results = opt('results');
  const scenario = opt('scenario');
  const load = opt('load');
  const windows =
    results && scenario ? scenarioWindows(results, scenario, load ? Number(load) : undefined) : undefined;
  const profile = readProfile(file);
  const out: string[] = [];
  if (by === 'package' || by === 'both')
    out.push(formatTop('By package', top(profile, packageOf, n, windows)));
  if (by === 'function' || by === 'both')
    out.push(formatTop('By function', top(profile, functionOf, n, windows)));
  if (by === 'layer' || by === 'both') out.push(formatTop('By layer', top(profile, layerOf, n, windows)));
  process.stdout.write(`${out.join('\n\n')}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  main(process.argv.slice(2));
}
