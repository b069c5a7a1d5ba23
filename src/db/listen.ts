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
export async function listen(opts: {
  url: string;
  channel: string;
  log: Logger;
  onNotify: (payload: string) => void;
  onState: (up: boolean) => void;
}): Promise<Listener> {
  if (!CHANNEL.test(opts.channel)) throw new Error(`Not a channel name: ${opts.channel}`);
  let client: pg.Client | null = null;
  let up = false;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;

  const setUp = (value: boolean) => {
    if (up === value) return;
    up = value;
    opts.onState(value);
  };
  const schedule = (attempt: number) => {
    if (stopped) return;
    timer = setTimeout(() => void connect(attempt), Math.min(10_000, 250 * 2 ** attempt));
    timer.unref();
  };
  const drop = (c: pg.Client, reason: string) => {
    if (client !== c) return;
    client = null;
    setUp(false);
    c.end().catch(() => {});
    if (!stopped) {
      opts.log.warn({ channel: opts.channel, reason }, 'notification listener lost; reconnecting');
      schedule(0);
    }
  };
  const connect = async (attempt: number): Promise<void> => {
    const c = new pg.Client({
      connectionString: opts.url,
      application_name: `regulars-listen-${opts.channel}`,
      keepAlive: true,
    });
    c.on('error', (err) => drop(c, err.message));
    c.on('end', () => drop(c, 'connection ended'));
    c.on('notification', (n) => {
      if (n.channel === opts.channel) opts.onNotify(n.payload ?? '');
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${opts.channel}`);
      if (stopped) {
        await c.end();
        return;
      }
      client = c;
      setUp(true);
    } catch (err) {
      c.removeAllListeners('end');
      c.end().catch(() => {});
      if (!stopped) {
        opts.log.warn({ channel: opts.channel, err: (err as Error).message, attempt }, 'cannot listen yet');
        schedule(attempt + 1);
      }
    }
  };

  await connect(0);
  return {
    get up() {
      return up;
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      const c = client;
      client = null;
      setUp(false);
      if (c) {
        c.removeAllListeners('end');
        await c.end().catch(() => {});
      }
    },
  };
}
