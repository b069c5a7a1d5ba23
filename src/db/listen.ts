import pg from 'pg';
import type { Logger } from '../logger';

export interface Listener {
  /** True while LISTEN is active; while false, notifications may have been missed. */
  readonly up: boolean;
  stop(): Promise<void>;
}

const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * One dedicated connection (not from the pool: a pooled client would drop LISTEN when it goes
 * back) listening on `channel`, reconnected with backoff. `onState(false)` is called whenever
 * notifications may have been missed, `onState(true)` once LISTEN is active again: a cache fed
 * by notifications must forget everything on false and may only fill while up.
 */
export async function listen(opts: ListenOptions): Promise<Listener> {
  if (!CHANNEL.test(opts.channel)) throw new Error(`Not a channel name: ${opts.channel}`);
  const listener = new ChannelListener(opts);
  await listener.connect(0);
  return listener;
}

interface ListenOptions {
  url: string;
  channel: string;
  log: Logger;
  onNotify: (payload: string) => void;
  onState: (up: boolean) => void;
}

class ChannelListener implements Listener {
  private client: pg.Client | null = null;
  private isUp = false;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly opts: ListenOptions) {}

  get up(): boolean {
    return this.isUp;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const c = this.client;
    this.client = null;
    this.setUp(false);
    if (c) {
      c.removeAllListeners('end');
      await c.end().catch(() => {});
    }
  }

  /** One attempt at a connection with LISTEN active; a failed one schedules the next. */
  async connect(attempt: number): Promise<void> {
    const { opts } = this;
    const c = new pg.Client({
      connectionString: opts.url,
      application_name: `regulars-listen-${opts.channel}`,
      keepAlive: true,
    });
    c.on('error', (err) => this.drop(c, err.message));
    c.on('end', () => this.drop(c, 'connection ended'));
    c.on('notification', (n) => {
      if (n.channel === opts.channel) opts.onNotify(n.payload ?? '');
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${opts.channel}`);
      if (this.stopped) {
        await c.end();
        return;
      }
      this.client = c;
      this.setUp(true);
    } catch (err) {
      c.removeAllListeners('end');
      c.end().catch(() => {});
      if (!this.stopped) {
        opts.log.warn({ channel: opts.channel, err: (err as Error).message, attempt }, 'cannot listen yet');
        this.schedule(attempt + 1);
      }
    }
  }

  private setUp(value: boolean): void {
    if (this.isUp === value) return;
    this.isUp = value;
    this.opts.onState(value);
  }

  private schedule(attempt: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.connect(attempt), Math.min(10_000, 250 * 2 ** attempt));
    this.timer.unref();
  }

  /** The connection `c` went away (if it is still ours): notifications may be missed from now. */
  private drop(c: pg.Client, reason: string): void {
    if (this.client !== c) return;
    this.client = null;
    this.setUp(false);
    c.end().catch(() => {});
    if (!this.stopped) {
      this.opts.log.warn({ channel: this.opts.channel, reason }, 'notification listener lost; reconnecting');
      this.schedule(0);
    }
  }
}
