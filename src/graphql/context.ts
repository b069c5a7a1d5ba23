import type { Knex } from 'knex';
import type { Config } from '../config';
import { scoped } from '../db/scoped';
import type { Logger } from '../logger';
import type { AuthCache } from '../modules/auth/auth.cache';
import { actorOf, type Viewer } from '../modules/auth/viewer';
import { customerLoaders } from '../modules/customers/customers.loaders';
import type { LiveEvents } from '../modules/events/live';
import { feedbackLoaders } from '../modules/feedback/feedback.loaders';
import { ledgerLoaders } from '../modules/ledger/ledger.loaders';
import { purchaseLoaders } from '../modules/purchases/purchases.loaders';
import { rewardLoaders } from '../modules/rewards/rewards.loaders';
import type { SignInThrottle } from '../modules/staff/sign-in-throttle';
import type { HttpExchange } from '../modules/staff/staff.service';
import { tierLoaders } from '../modules/tiers/tiers.loaders';
import type { Clock } from '../shared/clock';
import type { RequestContext } from '../shared/context';
import { AppError } from '../shared/errors';
import { customerBalanceLoaders } from '../workflows/customer-balance';

/** What the app is built from; tests build their own. */
export interface AppDeps {
  config: Config;
  db: Knex;
  clock: Clock;
  log: Logger;
  /** Verified tokens kept in memory, revoked by NOTIFY; without it every request reads its key. */
  authCache?: AuthCache;
  /** This process's live-update hub (LISTEN on the events channel); without it, no subscriptions. */
  live?: LiveEvents;
}

/** Set by the Koa glue before GraphQL runs. */
export interface ServerContext {
  viewer: Viewer | null;
  requestId: string;
  log: Logger;
  /** The cookie side of signing in and out; absent when GraphQL runs outside the Koa glue. */
  http?: HttpExchange;
  /** The request came with a staff session cookie that is no longer live (ended, expired, revoked). */
  sessionEnded?: boolean;
}

function createLoaders(rc: RequestContext) {
  const customers = customerLoaders(rc.q);
  const ledger = ledgerLoaders(rc.q, rc.clock);
  return {
    ...customers,
    ...ledger,
    ...customerBalanceLoaders(rc.q, rc.clock, {
      customerById: customers.customerById,
      balance: ledger.balance,
    }),
    ...purchaseLoaders(rc.q),
    ...rewardLoaders(rc.q),
    ...tierLoaders(rc.q, rc.clock),
    ...feedbackLoaders(rc.q),
  };
}
export type Loaders = ReturnType<typeof createLoaders>;

export interface GraphQLContext extends ServerContext {
  deps: AppDeps;
  /** Failed sign-ins per email and address, in this process. */
  signInThrottle: SignInThrottle;
  /** The caller's request context; using it without a viewer is UNAUTHENTICATED. */
  readonly rc: RequestContext;
  readonly loaders: Loaders;
}

/** Why an anonymous request is refused: the message says when a console session has ended. */
export function unauthenticated(server: Pick<ServerContext, 'sessionEnded'>): AppError {
  return server.sessionEnded
    ? AppError.unauthenticated('Your session has ended (signed out, expired or revoked). Sign in again.')
    : AppError.unauthenticated();
}

/** Stands in for `rc` and `loaders` when nobody is signed in: any use is UNAUTHENTICATED. */
const anonymous = (server: ServerContext) =>
  new Proxy({} as never, {
    get() {
      throw unauthenticated(server);
    },
  });

export function buildContext(
  deps: AppDeps,
  server: ServerContext,
  signInThrottle: SignInThrottle,
): GraphQLContext {
  const { viewer } = server;
  if (!viewer) {
    const none = anonymous(server);
    return { ...server, deps, signInThrottle, rc: none, loaders: none };
  }
  // The scoped helper is made on first use too (a getter of rc, which envelop does not copy).
  let q: RequestContext['q'] | undefined;
  const rc: RequestContext = {
    programId: viewer.programId,
    get q() {
      q ??= scoped(deps.db, viewer.programId);
      return q;
    },
    viewer,
    actor: actorOf(viewer),
    clock: deps.clock,
  };
  // The loaders are made on first use: many requests (`__typename`, a mutation's input error)
  // need none. Not a getter: envelop copies the context with Object.assign, which calls
  // getters, so a getter made every request's loaders (3% of a trivial request's CPU).
  let loaders: Loaders | undefined;
  const lazy = new Proxy({} as Loaders, {
    get(_, key) {
      loaders ??= createLoaders(rc);
      return loaders[key as keyof Loaders];
    },
  });
  return { ...server, deps, signInThrottle, rc, loaders: lazy };
}
