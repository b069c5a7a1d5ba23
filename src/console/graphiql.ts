import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { GraphiQLOptions } from 'graphql-yoga';
import { type Asset, asset, contentHash } from './build';

export interface GraphiQLAssets {
  assets: Map<string, Asset>;
  names: { css: string; js: string; init: string; icon: string; workers: Record<string, string> };
}

/**
 * Starts GraphiQL from the page's JSON options block: no inline script, so the page keeps a CSP
 * of `script-src 'self'`. The editor's web workers come from this server too, not from blob:
 * URLs. Same-origin requests carry the staff session cookie, so the CSRF header goes with them.
 */
const INIT = `(function () {
  var opts = JSON.parse(document.getElementById('graphiql-options').textContent);
  var workers = opts.__workers;
  delete opts.__workers;
  self.MonacoEnvironment = {
    globalAPI: false,
    getWorkerUrl: function (_moduleId, label) { return workers[label]; },
  };
  opts.additionalHeaders = Object.assign({ 'x-graphql-yoga-csrf': '1' }, opts.additionalHeaders || {});
  var root = document.getElementById('root');
  root.textContent = '';
  YogaGraphiQL.renderYogaGraphiQL(root, opts);
})();
`;

let loading: Promise<GraphiQLAssets> | null = null;

type GraphiQLModule = typeof import('@graphql-yoga/render-graphiql/graphiql');

/**
 * The package is one 9 MB module of string literals: parsing it takes about 2 s, so it is loaded
 * in a worker thread and its strings are passed back, leaving the event loop free to serve.
 */
function loadOffThread(): Promise<GraphiQLModule> {
  const file = createRequire(import.meta.url).resolve('@graphql-yoga/render-graphiql/graphiql');
  return new Promise((resolve, reject) => {
    const worker = new Worker(
      `const { parentPort, workerData } = require('node:worker_threads');
       const m = require(workerData);
       parentPort.postMessage({ css: m.css, js: m.js, favicon: m.favicon, editorWorkerService: m.editorWorkerService,
         jsonWorker: m.jsonWorker, graphqlWorker: m.graphqlWorker });`,
      { eval: true, workerData: file, execArgv: [] },
    );
    worker.once('message', (m: GraphiQLModule) => {
      resolve(m);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the GraphiQL loader exited with ${code}`));
    });
  });
}

/**
 * GraphiQL's files, from the @graphql-yoga/render-graphiql package (GraphiQL, Monaco and their
 * workers, prebuilt by yoga's authors) instead of unpkg.com: it works with no internet.
 * Loaded on first use: the module is 9 MB of strings.
 */
export function graphiqlAssets(): Promise<GraphiQLAssets> {
  loading ??= (async () => {
    const g = await loadOffThread();
    const assets = new Map<string, Asset>();
    const add = (stem: string, ext: string, body: string | Buffer) => {
      const name = `graphiql-${stem}-${contentHash(body)}${ext}`;
      assets.set(name, asset(Buffer.from(body), name));
      return name;
    };
    const icon = g.favicon.replace(/^data:image\/x-icon;base64,/, '');
    const names = {
      css: add('style', '.css', g.css),
      js: add('app', '.js', g.js),
      init: add('init', '.js', INIT),
      icon: add('icon', '.ico', Buffer.from(icon, 'base64')),
      workers: {
        editorWorkerService: `/console/assets/${add('editor.worker', '.js', g.editorWorkerService)}`,
        json: `/console/assets/${add('json.worker', '.js', g.jsonWorker)}`,
        graphql: `/console/assets/${add('graphql.worker', '.js', g.graphqlWorker)}`,
      },
    };
    return { assets, names };
  })().catch((err) => {
    loading = null;
    throw err;
  });
  return loading;
}

/** JSON that is safe inside a <script type="application/json"> element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** yoga's `renderGraphiQL`: the same page as yoga's, every file from /console/assets/. */
export async function renderGraphiQL(opts: GraphiQLOptions | undefined): Promise<string> {
  const { names } = await graphiqlAssets();
  const a = (n: string) => `/console/assets/${n}`;
  const title = opts?.title || 'GraphiQL';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="${a(names.icon)}"><link rel="stylesheet" href="${a(names.css)}"></head>
<body id="body" class="no-focus-outline"><noscript>GraphiQL needs JavaScript.</noscript>
<div id="root">Loading ${esc(title)}…</div>
<script type="application/json" id="graphiql-options">${scriptJson({ ...opts, __workers: names.workers })}</script>
<script src="${a(names.js)}"></script><script src="${a(names.init)}"></script></body></html>`;
}
