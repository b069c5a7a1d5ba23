import type { Scoped } from '../db/scoped';
import type { Actor, Viewer } from '../modules/auth/viewer';
import type { Clock } from './clock';

/**
 * What every service method takes first: the caller, their program's scoped query helper
 * and the clock. Built per request by the GraphQL context, or by the CLI and jobs.
 */
export interface RequestContext {
  programId: string;
  q: Scoped;
  viewer: Viewer | null;
  actor: Actor;
  clock: Clock;
}
