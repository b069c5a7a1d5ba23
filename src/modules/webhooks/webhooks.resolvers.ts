import type { GraphQLContext } from '../../graphql/context';
import type { Resolvers } from '../../graphql/generated';
import { parseInput } from '../../shared/errors';
import { EVENT_NAMES } from '../events/events';
// The input schemas the mutations parse with (the service takes their types).
import * as inputs from './webhooks.inputs';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  replayWebhookEvent,
  rotateWebhookSecret,
  updateWebhookEndpoint,
  webhookDeliveries,
  webhookEndpoint,
  webhookEndpoints,
} from './webhooks.service';

const options = (ctx: GraphQLContext) => ({ allowPrivate: ctx.deps.config.WEBHOOK_ALLOW_PRIVATE });

export const webhookResolvers: Resolvers = {
  Query: {
    webhookEndpoints: (_, __, ctx) => webhookEndpoints(ctx.rc),
    webhookEndpoint: (_, { id }, ctx) => webhookEndpoint(ctx.rc, id),
    webhookEventTypes: () => EVENT_NAMES,
  },
  Mutation: {
    createWebhookEndpoint: (_, { input }, ctx) =>
      createWebhookEndpoint(ctx.rc, options(ctx), parseInput(inputs.CreateWebhookEndpointInput, input)),
    updateWebhookEndpoint: (_, { input }, ctx) =>
      updateWebhookEndpoint(ctx.rc, options(ctx), parseInput(inputs.UpdateWebhookEndpointInput, input)),
    rotateWebhookSecret: (_, { input }, ctx) =>
      rotateWebhookSecret(ctx.rc, parseInput(inputs.RotateWebhookSecretInput, input)),
    deleteWebhookEndpoint: (_, { input }, ctx) =>
      deleteWebhookEndpoint(ctx.rc, parseInput(inputs.WebhookEndpointIdInput, input)),
    replayWebhookEvent: (_, { input }, ctx) =>
      replayWebhookEvent(ctx.rc, parseInput(inputs.ReplayWebhookEventInput, input)),
  },
  WebhookEndpoint: {
    disabledReason: (e) => e.disabled_reason,
    disabledAt: (e) => e.disabled_at,
    consecutiveFailures: (e) => e.consecutive_failures,
    previousSecretExpiresAt: (e) =>
      e.previous_secret_expires_at && e.previous_secret_expires_at > new Date()
        ? e.previous_secret_expires_at
        : null,
    createdAt: (e) => e.created_at,
    updatedAt: (e) => e.updated_at,
    deliveries: (e, args, ctx) => webhookDeliveries(ctx.rc, e.id, args),
  },
  WebhookDelivery: {
    eventId: (d) => d.event_id,
    eventType: (d) => d.event_type,
    responseCode: (d) => d.response_code,
    latencyMs: (d) => d.latency_ms,
    lastError: (d) => d.last_error,
    nextAttemptAt: (d) => d.next_attempt_at,
    lastAttemptAt: (d) => d.last_attempt_at,
    completedAt: (d) => d.completed_at,
    createdAt: (d) => d.created_at,
  },
};
