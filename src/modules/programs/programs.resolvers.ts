import type { Resolvers } from '../../graphql/generated';
import { AppError } from '../../shared/errors';
import { auditEntries } from '../audit/audit.service';
import { programOf } from './programs.service';

export const programResolvers: Resolvers = {
  Query: {
    async program(_, __, ctx) {
      return programOf(ctx.rc.q);
    },
    async auditLog(_, args, ctx) {
      const limit = args.first ?? 50;
      if (limit < 0 || limit > 500)
        throw AppError.badInput([{ path: 'first', message: 'Must be between 0 and 500' }]);
      return auditEntries(ctx.rc.q, {
        targetType: args.targetType ?? undefined,
        targetId: args.targetId ?? undefined,
        limit,
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
    createdAt: (a) => a.created_at,
  },
};
