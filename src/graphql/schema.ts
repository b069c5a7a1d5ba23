import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { MapperKind, mapSchema } from '@graphql-tools/utils';
import { defaultFieldResolver, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { isAllowed, OPEN_FIELDS, PERMISSIONS } from '../modules/auth/permissions';
import { customerResolvers } from '../modules/customers/customers.resolvers';
import { dataResolvers } from '../modules/data/data.resolvers';
import { liveResolvers } from '../modules/events/live.resolvers';
import { feedbackResolvers } from '../modules/feedback/feedback.resolvers';
import { ledgerResolvers } from '../modules/ledger/ledger.resolvers';
import { messagingResolvers } from '../modules/messaging/messaging.resolvers';
import { programResolvers } from '../modules/programs/programs.resolvers';
import { purchaseResolvers } from '../modules/purchases/purchases.resolvers';
import { reportResolvers } from '../modules/reports/reports.resolvers';
import { rewardResolvers } from '../modules/rewards/rewards.resolvers';
import { ruleResolvers } from '../modules/rules/rules.resolvers';
import { staffResolvers } from '../modules/staff/staff.resolvers';
import { tierResolvers } from '../modules/tiers/tiers.resolvers';
import { webhookResolvers } from '../modules/webhooks/webhooks.resolvers';
import { AppError } from '../shared/errors';
import { type GraphQLContext, unauthenticated } from './context';
import type { Resolvers } from './generated';
import { DateScalar, DateTime } from './scalars';

export const SCHEMA_DIR = fileURLToPath(new URL('../../schema', import.meta.url));

export function loadTypeDefs(): string[] {
  return readdirSync(SCHEMA_DIR)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => readFileSync(path.join(SCHEMA_DIR, f), 'utf8'));
}

const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

export function buildSchema(): GraphQLSchema {
  const resolvers: Resolvers[] = [
    { DateTime, Date: DateScalar },
    programResolvers,
    customerResolvers,
    ledgerResolvers,
    purchaseResolvers,
    rewardResolvers,
    tierResolvers,
    messagingResolvers,
    feedbackResolvers,
    ruleResolvers,
    dataResolvers,
    reportResolvers,
    staffResolvers,
    webhookResolvers,
    liveResolvers,
  ];
  const schema = makeExecutableSchema({ typeDefs: loadTypeDefs(), resolvers });
  return withPermissions(schema);
}

/**
 * Wraps every root field and every field named in PERMISSIONS with the role check. A root
 * field nobody has decided on stops the server at start-up instead of being open.
 */
function withPermissions(schema: GraphQLSchema): GraphQLSchema {
  const missing: string[] = [];
  const wrapped = mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (field, fieldName, typeName) => {
      const key = `${typeName}.${fieldName}`;
      if (OPEN_FIELDS.has(key)) return field;
      const guarded = key in PERMISSIONS;
      if (!guarded && !ROOT_TYPES.has(typeName)) return field;
      if (!guarded) missing.push(key);
      const resolve = field.resolve ?? defaultFieldResolver;
      const check = (ctx: GraphQLContext) => {
        if (!ctx.viewer) throw unauthenticated(ctx);
        if (!isAllowed(key, ctx.viewer.role))
          throw AppError.forbidden(`${key} is not allowed for role ${ctx.viewer.role}`);
      };
      const subscribe = field.subscribe;
      return {
        ...field,
        resolve(source, args, ctx: GraphQLContext, info) {
          check(ctx);
          return resolve(source, args, ctx, info);
        },
        // A subscription is checked before it starts, not only at each event.
        ...(subscribe
          ? {
              subscribe(
                source: unknown,
                args: Record<string, unknown>,
                ctx: GraphQLContext,
                info: GraphQLResolveInfo,
              ) {
                check(ctx);
                return subscribe(source, args, ctx, info);
              },
            }
          : {}),
      };
    },
  });
  if (missing.length) throw new Error(`No permission entry for: ${missing.join(', ')}`);
  return wrapped;
}
