import type { Resolvers } from '../../graphql/generated';
import { parseInput } from '../../shared/errors';
// The input schemas the mutations parse with (the service takes their types).
import * as inputs from './reports.inputs';
import {
  getReportSettings,
  healthReport,
  liabilityReport,
  liabilitySchedule,
  messagingReport,
  rulesReport,
  updateReportSettings,
} from './reports.service';

// Thin: arguments are checked here (field paths without an `input.` prefix: they are the
// query's own arguments) and go to the services typed.
export const reportResolvers: Resolvers = {
  Query: {
    reportSettings: (_, __, ctx) => getReportSettings(ctx.rc),
    // The expiry schedule is the costly part (a window over every live lot): it is computed
    // only when the query asks for it (graphql calls a function-valued field).
    async liabilityReport(_, args, ctx) {
      const a = parseInput(inputs.LiabilityInput, strip(args), []);
      const model = await liabilityReport(ctx.rc, a, { schedule: false });
      const expirySchedule = () => liabilitySchedule(ctx.rc, model);
      return { ...model, expirySchedule } as unknown as typeof model;
    },
    healthReport: (_, args, ctx) => healthReport(ctx.rc, parseInput(inputs.HealthInput, strip(args), [])),
    rulesReport: (_, args, ctx) => rulesReport(ctx.rc, parseInput(inputs.RulesReportInput, strip(args), [])),
    messagingReport: (_, args, ctx) =>
      messagingReport(ctx.rc, parseInput(inputs.HealthInput, strip(args), [])),
  },
  Mutation: {
    updateReportSettings: (_, { input }, ctx) =>
      updateReportSettings(
        ctx.rc,
        parseInput(inputs.ReportSettingsInput, {
          pointValueMinorPer100: input.pointValueMinorPer100 ?? null,
        }),
      ),
  },
};

/** GraphQL gives null for an omitted nullable argument; zod's optional wants it absent. */
function strip(args: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(args).filter(([, v]) => v != null));
}
