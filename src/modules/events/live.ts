/**
 * Live updates in an API process (issue 15): the relay's notifications on EVENTS_CHANNEL,
 * handed to this process's subscriptions. Every API process listens, so a change made through
 * any process (or the worker, or the CLI) reaches subscribers on all of them, after commit.
 * Revocations (the auth channel) are passed on too: a subscription checks that its session is
 * still live and ends when it is not.
 */
import { EventEmitter } from 'node:events';
import { listen } from '../../db/listen';
import type { EventNotice } from '../../jobs/outbox';
import type { Logger } from '../../logger';
import { AUTH_CHANNEL } from '../auth/auth.cache';
import { EVENTS_CHANNEL } from './events';

export interface BalanceModel {
  customerId: string;
  available: number;
  pending: number;
  lifetimeEarned: number;
  expiringSoon: { points: number; expiresAt: Date }[];
  at: Date;
}

export interface FeedbackReceivedModel {
  feedbackId: string;
  customerId: string;
}

/** What a feed yields: an event, a session to re-check, or "you may have missed some". */
export type FeedItem = { kind: 'event'; notice: EventNotice } | { kind: 'auth' } | { kind: 'resync' };

/** A subscription's queue: pushed by the hub, pulled by the resolver's generator. */
export class Feed implements AsyncIterable<FeedItem> {
  private readonly items: FeedItem[] = [];
  private waiting: ((r: IteratorResult<FeedItem>) => void) | null = null;
  private closed = false;

  constructor(private readonly onClose: () => void) {}

  push(item: FeedItem): void {
    if (this.closed) return;
    const w = this.waiting;
    if (w) {
      this.waiting = null;
      w({ value: item, done: false });
    } else if (this.items.length < 1000) this.items.push(item);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose();
    this.waiting?.({ value: undefined, done: true });
    this.waiting = null;
  }

  [Symbol.asyncIterator](): AsyncIterator<FeedItem> {
    return {
      next: () => {
        const item = this.items.shift();
        if (item) return Promise.resolve({ value: item, done: false });
        if (this.closed) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => {
          this.waiting = resolve;
        });
      },
      return: () => {
        this.close();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}

export class LiveEvents {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  private readonly feeds = new Set<Feed>();

  /** Notices from the relay (a JSON array), to the program's feeds. */
  publish(payload: string): void {
    let notices: EventNotice[];
    try {
      notices = JSON.parse(payload);
    } catch {
      return;
    }
    if (!Array.isArray(notices)) return;
    for (const n of notices) this.emitter.emit(`p:${n.p}`, { kind: 'event', notice: n });
  }

  /** A session or key changed somewhere: every feed re-checks its session. */
  authChanged(): void {
    this.emitter.emit('all', { kind: 'auth' });
  }

  /** The listener was down: notifications may have been missed. */
  resync(): void {
    this.emitter.emit('all', { kind: 'resync' });
  }

  /** A feed of the program's events that pass `filter`, plus auth and resync signals. */
  open(programId: string, filter: (n: EventNotice) => boolean): Feed {
    const onEvent = (item: FeedItem) => {
      if (item.kind === 'event' && filter(item.notice)) feed.push(item);
    };
    const onAll = (item: FeedItem) => feed.push(item);
    const feed = new Feed(() => {
      this.feeds.delete(feed);
      this.emitter.off(`p:${programId}`, onEvent);
      this.emitter.off('all', onAll);
    });
    this.feeds.add(feed);
    this.emitter.on(`p:${programId}`, onEvent);
    this.emitter.on('all', onAll);
    return feed;
  }

  get subscribers(): number {
    return this.feeds.size;
  }

  /** Ends every subscription (shutdown): their SSE responses complete and close. */
  closeAll(): void {
    for (const f of [...this.feeds]) f.close();
  }
}

/** The hub with its two listeners (events, auth); `stop` closes their connections. */
export async function startLiveEvents(opts: {
  url: string;
  log: Logger;
}): Promise<{ live: LiveEvents; stop(): Promise<void> }> {
  const live = new LiveEvents();
  let wasDown = false;
  const events = await listen({
    url: opts.url,
    channel: EVENTS_CHANNEL,
    log: opts.log,
    onNotify: (payload) => live.publish(payload),
    onState: (up) => {
      if (!up) wasDown = true;
      else if (wasDown) live.resync();
    },
  });
  const auth = await listen({
    url: opts.url,
    channel: AUTH_CHANNEL,
    log: opts.log,
    onNotify: () => live.authChanged(),
    // While revocations may be missed, sessions are checked again when it is back.
    onState: (up) => {
      if (up) live.authChanged();
    },
  });
  return {
    live,
    async stop() {
      live.closeAll();
      await Promise.all([events.stop(), auth.stop()]);
    },
  };
}
