import type { Resolvers } from '../../graphql/generated';
import {
  getReportSettings,
  healthReport,
  liabilityReport,
  messagingReport,
  rulesReport,
  updateReportSettings,
} from './reports.service';

// Thin: arguments go to the services as they came (zod checks them there).
export const reportResolvers: Resolvers = {
  Query: {
    reportSettings: (_, __, ctx) => getReportSettings(ctx.rc),
    liabilityReport: (_, args, ctx) => liabilityReport(ctx.rc, strip(args)),
    healthReport: (_, args, ctx) => healthReport(ctx.rc, strip(args)),
    rulesReport: (_, args, ctx) => rulesReport(ctx.rc, strip(args)),
    messagingReport: (_, args, ctx) => messagingReport(ctx.rc, strip(args)),
  },
  Mutation: {
    updateReportSettings: (_, { input }, ctx) =>
      updateReportSettings(ctx.rc, { pointValueMinorPer100: input.pointValueMinorPer100 ?? null }),
  },
};

/** GraphQL gives null for an omitted nullable argument; zod's optional wants it absent. */
function strip(args: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(args).filter(([, v]) => v != null));
}
