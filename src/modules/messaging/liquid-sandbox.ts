import {
  Context,
  type Emitter,
  Liquid,
  type Parser,
  Tag,
  type TagToken,
  type TopLevelToken,
  toValue,
  toValueSync,
} from 'liquidjs';

/**
 * The one way to make a Liquid engine for templates that staff write (ADR 0009). Every
 * render and check goes through an engine from here, so none can read a file or run unbounded.
 */

/** Tags that load other templates; liquidjs would read them from the file system. */
const FILE_TAGS = ['include', 'render', 'layout'] as const;

/** Bounds per field per render. Real templates use a tiny fraction of each. */
export const TEMPLATE_LIMITS = {
  /** Characters parsed: the largest field we accept (a newsletter body) plus footers. */
  parse: 250_000,
  /** Milliseconds of rendering, checked between nodes: caps the event-loop stall. */
  renderMs: 300,
  /**
   * liquidjs' allocation units (range length, escaped/joined/appended string length …).
   * Building a range is not interruptible (~0.5 µs an element here), so this also caps the
   * stall; escaped output of a reply (at most 5 000 characters) fits many times over.
   */
  memory: 200_000,
  /** Characters of output: well past any real message (Gmail clips at ~100 KB). */
  output: 500_000,
} as const;

/** Refuses file tags at parse time, so a template that uses one is refused at save. */
class NoFileTag extends Tag {
  constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid, _parser: Parser) {
    super(token, remain, liquid);
    throw new Error(`{% ${token.name} %} is not available in messages: templates cannot load other files`);
  }
  render(): void {}
}

/** As liquidjs' own emitter writes a value: drops by value, nil as nothing, arrays joined. */
function stringify(v: unknown): string {
  const x = toValue(v);
  if (typeof x === 'string') return x;
  if (x == null) return '';
  if (Array.isArray(x)) return x.map(stringify).join('');
  return String(x);
}

/**
 * Counts characters as they are written, so huge output stops before it is built. Inner
 * renders ({% capture %} and other block tags) also charge the render's memory budget:
 * liquidjs does not, and doubling a captured string 25 times builds one that crashes V8.
 */
class BoundedEmitter implements Emitter {
  buffer = '';
  constructor(private readonly ctx?: Context) {}
  write(html: unknown): void {
    const s = stringify(html);
    if (this.buffer.length + s.length > TEMPLATE_LIMITS.output)
      throw new Error(`output limit exceeded (${TEMPLATE_LIMITS.output} characters)`);
    this.ctx?.memoryLimit.use(s.length);
    this.buffer += s;
  }
}

export function createSandboxedLiquid(
  opts: { strictVariables?: boolean; escapeHtml?: boolean } = {},
): Liquid {
  const engine = new Liquid({
    // An empty in-memory store: even if a file tag slipped through, there is nothing to read.
    templates: {},
    relativeReference: false,
    strictFilters: true,
    strictVariables: opts.strictVariables ?? false,
    // Templates see the data we pass, not prototype properties (constructor, __proto__ …).
    ownPropertyOnly: true,
    outputEscape: opts.escapeHtml ? 'escape' : undefined,
    parseLimit: TEMPLATE_LIMITS.parse,
    renderLimit: TEMPLATE_LIMITS.renderMs,
    memoryLimit: TEMPLATE_LIMITS.memory,
  });
  for (const name of FILE_TAGS) engine.registerTag(name, NoFileTag);
  // Tags render their bodies without an emitter (liquidjs then makes an unbounded one).
  const renderer = engine.renderer;
  const renderTemplates = renderer.renderTemplates.bind(renderer);
  renderer.renderTemplates = (templates, ctx, emitter) =>
    renderTemplates(templates, ctx, emitter ?? new BoundedEmitter(ctx));
  return engine;
}

/**
 * Parsed templates by engine and source: a newsletter renders the same source for every
 * recipient, and parsing is most of a render. Parsed templates hold no render state. Bounded.
 */
const parsed = new WeakMap<Liquid, Map<string, ReturnType<Liquid['parse']>>>();
const PARSED_MAX = 200;

function parseOnce(engine: Liquid, source: string): ReturnType<Liquid['parse']> {
  const cache = parsed.get(engine) ?? new Map();
  parsed.set(engine, cache);
  let templates = cache.get(source);
  if (!templates) {
    templates = engine.parse(source);
    if (cache.size >= PARSED_MAX) cache.delete(cache.keys().next().value!);
    cache.set(source, templates);
  }
  return templates;
}

/** Parses and renders synchronously within every bound; throws a liquidjs error otherwise. */
export function renderBounded(engine: Liquid, source: string, data: object): string {
  const templates = parseOnce(engine, source);
  const ctx = new Context(data, engine.options, { sync: true }, { liquid: engine });
  const out = new BoundedEmitter();
  toValueSync(engine.renderer.renderTemplates(templates, ctx, out));
  return out.buffer;
}
