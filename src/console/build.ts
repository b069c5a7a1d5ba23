import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzip } from 'node:zlib';

/** The console's sources (console/src), built by esbuild into memory; nothing is written to disk. */
export const CONSOLE_DIR = fileURLToPath(new URL('../../console', import.meta.url));

export interface Asset {
  body: Buffer;
  gzip: Buffer | null;
  type: string;
}

export interface ConsoleBundle {
  /** By file name under /console/assets/: content-hashed, so cached for a year. */
  assets: Map<string, Asset>;
  script: string;
  style: string;
  ms: number;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

/**
 * A file to serve. Its gzip copy is made on the thread pool, not on the event loop (GraphiQL's
 * 5 MB script takes seconds): until it is ready the file goes out uncompressed.
 */
export function asset(body: Buffer, file: string): Asset {
  const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
  const a: Asset = { body, gzip: null, type };
  // Small files are not worth a second copy; text compresses 3–5x.
  if (body.length > 1024 && !type.startsWith('image/')) {
    gzip(body, (err, out) => {
      if (!err) a.gzip = out;
    });
  }
  return a;
}

/**
 * Bundles console/src/main.tsx (Preact, TypeScript, the generated typed operations, the CSS it
 * imports) with esbuild: one hashed script, one hashed stylesheet, their source maps. Runs in
 * the server process when /console is first asked for (and at start-up by main.ts), so the
 * console can never be older than the server that serves it (ADR 0014).
 */
export async function buildConsole(dir = CONSOLE_DIR): Promise<ConsoleBundle> {
  const start = performance.now();
  const { build } = await import('esbuild');
  const result = await build({
    absWorkingDir: dir,
    entryPoints: ['src/main.tsx'],
    tsconfig: path.join(dir, 'tsconfig.json'),
    bundle: true,
    write: false,
    format: 'esm',
    target: ['chrome111', 'firefox115', 'safari16.4'],
    minify: true,
    sourcemap: 'linked',
    legalComments: 'eof',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    outdir: path.join(dir, 'dist'),
    entryNames: '[name]-[hash]',
    assetNames: '[name]-[hash]',
    publicPath: '/console/assets/',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  const assets = new Map<string, Asset>();
  let script = '';
  let style = '';
  for (const f of result.outputFiles) {
    const name = path.basename(f.path);
    assets.set(name, asset(Buffer.from(f.contents), name));
    if (name.endsWith('.js')) script = name;
    if (name.endsWith('.css')) style = name;
  }
  if (!script || !style) throw new Error('console build produced no script or stylesheet');
  return { assets, script, style, ms: Math.round(performance.now() - start) };
}

/** A short content hash for names of files that are not built (the GraphiQL assets). */
export function contentHash(body: string | Buffer): string {
  return createHash('sha256').update(body).digest('base64url').slice(0, 10);
}
