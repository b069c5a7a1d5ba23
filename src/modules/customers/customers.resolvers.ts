import type { Resolvers } from '../../graphql/generated';
import { selects } from '../../graphql/lookahead';
import { parseInput } from '../../shared/errors';
import { parsePage, toConnection } from '../../shared/pagination';
import { enrollCustomer } from '../../workflows/enroll-customer';
import { findCustomers } from '../../workflows/search-customers';
// The input schemas the mutations parse with (the service takes their types).
import * as inputs from './customers.inputs';
import {
  addCustomerNote,
  createCustomerSession,
  deleteCustomerNote,
  findCustomer,
  listCustomers,
  updateContactPreferences,
  updateCustomer,
  updateCustomerNote,
} from './customers.service';

export const customerResolvers: Resolvers = {
  Query: {
    customer(_, args, ctx, info) {
      // Asked with its balance, the customer and the balance are one statement (issue 12).
      if (!selects(info, 'balance')) return findCustomer(ctx.rc, args);
      const a = parseInput(inputs.CustomerLookup, args, []);
      return ctx.loaders.customerWithBalance.load(a.id ? { id: a.id } : { externalId: a.externalId! });
    },
    async me(_, __, ctx) {
      const viewer = ctx.rc.viewer;
      return viewer?.kind === 'customer' ? ctx.loaders.customerById.load(viewer.customerId) : null;
    },
    async customers(_, args, ctx) {
      if (args.search != null) {
        const found = await findCustomers(ctx.rc, { ...args, search: args.search });
        if (found) return found;
      }
      const page = parsePage(args);
      return toConnection(await listCustomers(ctx.rc.q, page), page, (c) => [c.enrolled_at, c.id]);
    },
  },
  Mutation: {
    enrollCustomer: (_, { input }, ctx) =>
      enrollCustomer(ctx.rc, parseInput(inputs.EnrollCustomerInput, input)),
    updateCustomer: (_, { input }, ctx) =>
      updateCustomer(ctx.rc, parseInput(inputs.UpdateCustomerInput, input)),
    createCustomerSession: (_, { input }, ctx) =>
      createCustomerSession(
        ctx.rc,
        parseInput(inputs.CustomerLookup, { id: input.customerId }).id!,
        ctx.deps.config.SESSION_TTL_SECONDS,
      ),
    async updateContactPreferences(_, { input }, ctx) {
      return {
        customerId: await updateContactPreferences(
          ctx.rc,
          parseInput(inputs.UpdateContactPreferencesInput, input),
        ),
      };
    },
    addCustomerNote: (_, { input }, ctx) =>
      addCustomerNote(ctx.rc, parseInput(inputs.AddCustomerNoteInput, input)),
    updateCustomerNote: (_, { input }, ctx) =>
      updateCustomerNote(ctx.rc, parseInput(inputs.UpdateCustomerNoteInput, input)),
    async deleteCustomerNote(_, { input }, ctx) {
      return {
        noteId: (await deleteCustomerNote(ctx.rc, parseInput(inputs.DeleteCustomerNoteInput, input))).id,
      };
    },
  },
  Customer: {
    externalId: (c) => c.external_id,
    firstName: (c) => c.first_name,
    lastName: (c) => c.last_name,
    timeZone: (c) => c.time_zone,
    enrolledAt: (c) => c.enrolled_at,
    preferences: (c) => ({ customerId: c.id }),
    notes: (c, _, ctx) => ctx.loaders.notes.load(c.id),
  },
  CustomerNote: {
    customerId: (n) => n.customer_id,
    createdAt: (n) => n.created_at,
    updatedAt: (n) => n.updated_at,
  },
  ContactPreferences: {
    async preferredChannel(p, _, ctx) {
      return (await ctx.loaders.preferences.load(p.customerId))?.preferred_channel ?? null;
    },
    async quietHoursStart(p, _, ctx) {
      return (await ctx.loaders.preferences.load(p.customerId))?.quiet_hours_start ?? null;
    },
    async quietHoursEnd(p, _, ctx) {
      return (await ctx.loaders.preferences.load(p.customerId))?.quiet_hours_end ?? null;
    },
    async newsletterTopics(p, _, ctx) {
      return (await ctx.loaders.preferences.load(p.customerId))?.newsletter_topics ?? [];
    },
    async smsOnlyAfterInbound(p, _, ctx) {
      return (await ctx.loaders.preferences.load(p.customerId))?.sms_only_after_inbound ?? true;
    },
    async consents(p, _, ctx) {
      const rows = await ctx.loaders.consents.load(p.customerId);
      return inputs.CHANNELS.map((channel) => {
        const row = rows.find((r) => r.channel === channel);
        return {
          channel,
          state: row?.state ?? 'UNKNOWN',
          source: row?.source ?? null,
          changedAt: row?.changed_at ?? null,
        };
      });
    },
  },
};
