import { scoped } from '../db/scoped';
import type { AppDeps } from '../graphql/context';
import { actorOf, type Viewer } from '../modules/auth/viewer';
import type { RequestContext } from '../shared/context';

/** The service context of an authenticated caller of a plain HTTP route (CSV, import/export). */
export function viewerContext(deps: AppDeps, viewer: Viewer): RequestContext {
  return {
    programId: viewer.programId,
    q: scoped(deps.db, viewer.programId),
    viewer,
    actor: actorOf(viewer),
    clock: deps.clock,
  };
}
