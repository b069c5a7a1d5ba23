import type { Resolvers } from '../../graphql/generated';
import { AppError } from '../../shared/errors';

const notYet = () => {
  throw new AppError('INTERNAL_SERVER_ERROR', 'Not built yet');
};

export const staffResolvers: Resolvers = {
  Query: {
    currentStaff: () => null,
    staffUsers: notYet,
    staffInvitations: notYet,
    staffSessions: notYet,
  },
  Mutation: {
    signIn: notYet,
    signOut: notYet,
    acceptStaffInvitation: notYet,
    inviteStaff: notYet,
    disableStaffUser: notYet,
    revokeStaffSession: notYet,
  },
};
