import type { Resolvers } from '../../graphql/generated';
import { AppError, parseInput } from '../../shared/errors';
// The input schemas the mutations parse with (the service takes their types).
import * as inputs from './staff.inputs';
import {
  acceptStaffInvitation,
  currentStaff,
  disableStaffUser,
  inviteStaff,
  revokeStaffSession,
  signIn,
  signOut,
  staffInvitations,
  staffSessions,
  staffUsers,
  taskAssignees,
} from './staff.service';

const upper = (role: string) => role.toUpperCase() as 'ADMIN' | 'MARKETING' | 'STAFF';

/** Signing in and out needs the HTTP exchange (the cookie); only the Koa glue provides it. */
function httpOf<T>(http: T | undefined): T {
  if (!http) throw new AppError('BAD_USER_INPUT', 'Signing in needs the HTTP endpoint /graphql');
  return http;
}

export const staffResolvers: Resolvers = {
  Query: {
    currentStaff: (_, __, ctx) => (ctx.viewer?.kind === 'staff' ? currentStaff(ctx.rc) : null),
    staffUsers: (_, __, ctx) => staffUsers(ctx.rc),
    followUpAssignees: (_, __, ctx) => taskAssignees(ctx.rc),
    staffInvitations: (_, __, ctx) => staffInvitations(ctx.rc),
    staffSessions: (_, __, ctx) => staffSessions(ctx.rc, ctx.deps.config),
  },
  Mutation: {
    signIn: (_, { input }, ctx) =>
      signIn(ctx.deps, ctx.signInThrottle, httpOf(ctx.http), parseInput(inputs.SignInInput, input)),
    signOut: (_, __, ctx) => signOut(ctx.deps, ctx.viewer, httpOf(ctx.http)),
    acceptStaffInvitation: (_, { input }, ctx) =>
      acceptStaffInvitation(ctx.deps, httpOf(ctx.http), parseInput(inputs.AcceptStaffInvitationInput, input)),
    inviteStaff: (_, { input }, ctx) =>
      inviteStaff(ctx.rc, ctx.deps.config, parseInput(inputs.InviteStaffInput, input)),
    disableStaffUser: (_, { id }, ctx) => disableStaffUser(ctx.rc, ctx.deps.authCache, id),
    async revokeStaffSession(_, { id }, ctx) {
      return { session: await revokeStaffSession(ctx.rc, ctx.http, ctx.deps.authCache, id) };
    },
  },
  TaskAssignee: { role: (u) => upper(u.role) },
  StaffUser: {
    role: (u) => upper(u.role),
    createdAt: (u) => u.created_at,
    disabledAt: (u) => u.disabled_at,
    lastSignedInAt: (u) => u.last_signed_in_at,
  },
  StaffSession: {
    createdAt: (s) => s.created_at,
    lastSeenAt: (s) => s.last_seen_at,
    expiresAt: (s, _, ctx) =>
      new Date(
        Math.min(
          s.expires_at.getTime(),
          s.last_seen_at.getTime() + ctx.deps.config.STAFF_SESSION_IDLE_SECONDS * 1000,
          s.revoked_at?.getTime() ?? Number.POSITIVE_INFINITY,
        ),
      ),
    userAgent: (s) => s.user_agent,
    current: (s, _, ctx) => ctx.viewer?.kind === 'staff' && ctx.viewer.sessionId === s.id,
  },
  StaffInvitation: {
    role: (i) => upper(i.role),
    invitedBy: (i) => i.invited_by,
    createdAt: (i) => i.created_at,
    expiresAt: (i) => i.expires_at,
    acceptedAt: (i) => i.accepted_at,
  },
};
