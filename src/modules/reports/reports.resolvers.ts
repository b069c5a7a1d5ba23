import type { Resolvers } from '../../graphql/generated';
import {
  getReportSettings,
  healthReport,
  liabilityReport,
  liabilitySchedule,
  messagingReport,
  rulesReport,
  updateReportSettings,
} from './reports.service';

// Thin: arguments go to the services as they came (zod checks them there).
export const reportResolvers: Resolvers = {
  Query: {
    reportSettings: (_, __, ctx) => getReportSettings(ctx.rc),
    // The expiry schedule is the costly part (a window over every live lot): it is computed
    // only when the query asks for it (graphql calls a function-valued field).
    async liabilityReport(_, args, ctx) {
      const model = await liabilityReport(ctx.rc, strip(args), { schedule: false });
      const expirySchedule = () => liabilitySchedule(ctx.rc, model);
      return { ...model, expirySchedule } as unknown as typeof model;
    },
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
