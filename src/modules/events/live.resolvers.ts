import { scoped } from '../../db/scoped';
import type { GraphQLContext } from '../../graphql/context';
import type { Resolvers } from '../../graphql/generated';
import type { EventNotice } from '../../jobs/outbox';
import { AppError } from '../../shared/errors';
import {
  credentialLiveUntil,
  currentBalance,
  eventData,
  feedbackItem,
  issuedReward,
  tierOf,
} from '../../workflows/live-updates';
import type { FeedItem } from './live';

/** Events that change a customer's balance. */
const BALANCE_EVENTS = new Set(['points.changed', 'purchase.recorded', 'purchase.refunded']);

/**
 * A subscription's stream: `first` (if any) once, then `onEvent` for each event of the
 * program that passes `filter`. The viewer's credential is checked at the start, whenever
 * any session or key changes anywhere (the auth channel), and when it expires: a revoked
 * session's subscription ends. The feed is opened before `first` reads, so no change falls
 * between the first value and the events.
 */
async function* stream<T>(
  ctx: GraphQLContext,
  filter: (n: EventNotice) => boolean,
  onEvent: (n: EventNotice) => Promise<T | null>,
  first?: () => Promise<T>,
): AsyncGenerator<T> {
  const live = ctx.deps.live;
  if (!live) throw new AppError('INTERNAL_SERVER_ERROR', 'Live updates are not running in this process');
  const viewer = ctx.viewer!;
  const q = scoped(ctx.deps.db, viewer.programId);
  const feed = live.open(viewer.programId, filter);
  let timer: NodeJS.Timeout | undefined;
  const stillLive = async () => {
    const now = ctx.deps.clock.now();
    const until = await credentialLiveUntil(q, viewer, now);
    clearTimeout(timer);
    if (!until) return false;
    const ms = Math.min(until.getTime() - now.getTime() + 50, 2 ** 31 - 1);
    timer = setTimeout(() => feed.push({ kind: 'auth' }), ms).unref();
    return true;
  };
  try {
    if (!(await stillLive())) return;
    if (first) yield await first();
    for await (const item of feed as AsyncIterable<FeedItem>) {
      if (item.kind === 'auth') {
        if (!(await stillLive())) return;
      } else if (item.kind === 'resync') {
        if (first) yield await first();
      } else {
        const v = await onEvent(item.notice);
        if (v !== null) yield v;
      }
    }
  } finally {
    clearTimeout(timer);
    feed.close();
  }
}

function customerOf(ctx: GraphQLContext): string {
  const v = ctx.viewer;
  if (v?.kind !== 'customer') throw AppError.forbidden('Only a customer session subscribes to this');
  return v.customerId;
}

const identity = <T>(v: T) => v;

export const liveResolvers: Resolvers = {
  Subscription: {
    balanceChanged: {
      subscribe(_, __, ctx) {
        const customerId = customerOf(ctx);
        const read = () => currentBalance(scoped(ctx.deps.db, ctx.rc.programId), ctx.deps.clock, customerId);
        return stream(ctx, (n) => n.c === customerId && BALANCE_EVENTS.has(n.t), read, read);
      },
      resolve: identity,
    },
    rewardIssued: {
      subscribe(_, __, ctx) {
        const customerId = customerOf(ctx);
        const q = scoped(ctx.deps.db, ctx.rc.programId);
        return stream(
          ctx,
          (n) => n.c === customerId && n.t === 'reward.issued',
          async (n) => {
            const data = await eventData(q, n.i);
            return data ? issuedReward(q, data.rewardId as string) : null;
          },
        );
      },
      resolve: identity,
    },
    tierChanged: {
      subscribe(_, __, ctx) {
        const customerId = customerOf(ctx);
        const q = scoped(ctx.deps.db, ctx.rc.programId);
        return stream(
          ctx,
          (n) => n.c === customerId && n.t === 'tier.changed',
          async () => ({ tier: await tierOf(q, customerId) }),
        );
      },
      resolve: (v: { tier: unknown }) => v.tier as never,
    },
    feedbackReceived: {
      subscribe(_, __, ctx) {
        const q = scoped(ctx.deps.db, ctx.rc.programId);
        return stream(
          ctx,
          (n) => n.t === 'feedback.received',
          async (n) => {
            const data = await eventData(q, n.i);
            return data
              ? { feedbackId: data.feedbackId as string, customerId: data.customerId as string }
              : null;
          },
        );
      },
      resolve: identity,
    },
  },
  FeedbackReceived: {
    feedback: (f, _, ctx) => feedbackItem(ctx.rc.q, f.feedbackId),
  },
};
