import { GraphQLScalarType } from 'graphql';
import type { Resolvers } from '../../graphql/generated';
import { parseInput } from '../../shared/errors';
import { catalogue } from './rules.definition';
// The input schemas the mutations parse with (the service takes their types).
import * as inputs from './rules.inputs';
import {
  createRewardRule,
  currentVersion,
  moveRewardRule,
  rewardRule,
  rewardRules,
  ruleConditions,
  updateRewardRule,
  validateRewardRule,
  versionsOf,
} from './rules.service';
import { simulateRewardRule } from './rules.simulation';

/** Rule definitions and argument schemas are JSON; zod checks them in the service. */
const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  serialize: (v) => v,
  parseValue: (v) => v,
});

export const ruleResolvers: Resolvers = {
  JSON: JSONScalar,
  Query: {
    rewardRules: (_, __, ctx) => rewardRules(ctx.rc),
    rewardRule: (_, { id }, ctx) => rewardRule(ctx.rc, id),
    rewardRuleCatalogue: () => catalogue(),
    simulateRewardRule: (_, { input }, ctx) =>
      simulateRewardRule(ctx.rc, parseInput(inputs.SimulateRewardRuleInput, input)),
  },
  Mutation: {
    createRewardRule: (_, { input }, ctx) =>
      createRewardRule(ctx.rc, parseInput(inputs.CreateRewardRuleInput, input)),
    updateRewardRule: (_, { input }, ctx) =>
      updateRewardRule(ctx.rc, parseInput(inputs.UpdateRewardRuleInput, input)),
    activateRewardRule: (_, { input }, ctx) =>
      moveRewardRule(ctx.rc, 'activate', parseInput(inputs.RuleIdInput, input)),
    pauseRewardRule: (_, { input }, ctx) =>
      moveRewardRule(ctx.rc, 'pause', parseInput(inputs.RuleIdInput, input)),
    archiveRewardRule: (_, { input }, ctx) =>
      moveRewardRule(ctx.rc, 'archive', parseInput(inputs.RuleIdInput, input)),
    validateRewardRule: (_, { input }, ctx) =>
      validateRewardRule(ctx.rc, parseInput(inputs.ValidateRewardRuleInput, input)),
  },
  RewardRule: {
    label: async (r, _, ctx) => (await currentVersion(ctx.rc.q, r)).label,
    definition: async (r, _, ctx) => (await currentVersion(ctx.rc.q, r)).definition,
    conditions: (r, _, ctx) => ruleConditions(ctx.rc, r),
    budgetUsed: (r) => Number(r.budget_used),
    health: (r) => ({ errorCount: r.error_count, lastError: r.last_error, lastErrorAt: r.last_error_at }),
    versions: (r, _, ctx) => versionsOf(ctx.rc.q, r.id),
    createdAt: (r) => r.created_at,
    updatedAt: (r) => r.updated_at,
  },
  RewardRuleVersion: { createdAt: (v) => v.created_at },
};
