import type { Resolvers } from '../../graphql/generated';
import { parsePage } from '../../shared/pagination';
import { auditEntries } from '../audit/audit.service';
import { programOf } from './programs.service';

const AUDIT_LOG_MAX = 500;

export const programResolvers: Resolvers = {
  Query: {
    async program(_, __, ctx) {
      return programOf(ctx.rc.q);
    },
    async auditLog(_, args, ctx) {
      // Up to 500, more than other lists' MAX_PAGE_SIZE: what this list has always served.
      const { first } = parsePage({ first: args.first }, AUDIT_LOG_MAX, 50);
      return auditEntries(ctx.rc.q, {
        targetType: args.targetType ?? undefined,
        targetId: args.targetId ?? undefined,
        limit: first,
      });
    },
  },
  Program: {
    timeZone: (p) => p.time_zone,
    createdAt: (p) => p.created_at,
  },
  AuditLogEntry: {
    id: (a) => String(a.id),
    actorKind: (a) => a.actor_kind,
    actorId: (a) => a.actor_id,
    actorRole: (a) => a.actor_role,
    actorName: (a) => a.actor_name ?? null,
    targetType: (a) => a.target_type,
    targetId: (a) => a.target_id,
    details: (a) => JSON.stringify(a.details),
    data: (a) => a.details,
    createdAt: (a) => a.created_at,
  },
};
