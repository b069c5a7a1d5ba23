import { listen } from '../../db/listen';
import type { Logger } from '../../logger';
import type { Viewer } from './viewer';

/** The channel the auth tables' triggers notify (migration 20261202120000). */
export const AUTH_CHANNEL = 'regulars_auth';

interface Entry {
  viewer: Viewer;
  /** A session's expiry (ms since epoch, on the app's clock); null for API keys. */
  expiresAt: number | null;
  /** When this process last wrote the key's last-used time (ms, app clock). */
  lastUsedAt: number | null;
  /** When the row was read (monotonic ms): the bound on staleness if a notification is lost. */
  loadedAt: number;
}

/**
 * Verified tokens in this process, so a request needs no database read to authenticate.
 * Revocation reaches every process through NOTIFY: triggers on `api_keys` and
 * `customer_sessions` notify the token's hash whatever changed the row (API, CLI, erasure,
 * SQL by hand). Three rules keep it safe:
 * - it only serves while the listener is up, and forgets everything when it goes down;
 * - a row read before a notification arrived is not stored (the generation check), so a
 *   lookup racing a revocation cannot put the revoked token back;
 * - entries live at most `ttlMs`, a backstop for a connection that died silently.
 */
export class AuthCache {
  private readonly entries = new Map<string, Entry>();
  private gen = 0;
  private live = false;

  constructor(
    private readonly ttlMs = 60_000,
    private readonly maxEntries = 10_000,
  ) {}

  setLive(up: boolean): void {
    this.live = up;
    this.forget();
  }

  /** One token (by its hash, hex), or every token. */
  forget(hashHex?: string): void {
    this.gen++;
    if (hashHex) this.entries.delete(hashHex);
    else this.entries.clear();
  }

  /** Take before reading the row; pass to `put`. */
  generation(): number {
    return this.gen;
  }

  get(hashHex: string, nowMs: number): Entry | undefined {
    if (!this.live) return undefined;
    const e = this.entries.get(hashHex);
    if (!e) return undefined;
    if (performance.now() - e.loadedAt > this.ttlMs || (e.expiresAt !== null && e.expiresAt <= nowMs)) {
      this.entries.delete(hashHex);
      return undefined;
    }
    return e;
  }

  put(hashHex: string, generation: number, e: Omit<Entry, 'loadedAt'>): void {
    if (!this.live || generation !== this.gen) return;
    if (this.entries.size >= this.maxEntries) {
      // Oldest first: a Map iterates in insertion order.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(hashHex, { ...e, loadedAt: performance.now() });
  }

  get size(): number {
    return this.entries.size;
  }
}

/** A cache fed by the auth channel; `stop` closes its connection. */
export async function startAuthCache(opts: {
  url: string;
  log: Logger;
  ttlMs?: number;
}): Promise<{ cache: AuthCache; stop(): Promise<void> }> {
  const cache = new AuthCache(opts.ttlMs);
  const listener = await listen({
    url: opts.url,
    channel: AUTH_CHANNEL,
    log: opts.log,
    onNotify: (hashHex) => cache.forget(hashHex || undefined),
    onState: (up) => cache.setLive(up),
  });
  return { cache, stop: () => listener.stop() };
}
