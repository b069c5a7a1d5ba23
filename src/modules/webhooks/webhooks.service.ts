import { enqueue } from '../../jobs/outbox';
import type { RequestContext } from '../../shared/context';
import { AppError } from '../../shared/errors';
import { type Connection, parsePage, toConnection } from '../../shared/pagination';
import { recordAudit } from '../audit/audit.service';
import { refusedUrl } from './webhooks.address';
import type {
  CreateWebhookEndpointInput,
  ReplayWebhookEventInput,
  RotateWebhookSecretInput,
  UpdateWebhookEndpointInput,
  WebhookEndpointIdInput,
} from './webhooks.inputs';
import { webhookDeliverJob } from './webhooks.jobs-contract';
import {
  type DeliveryRow,
  deleteEndpoint,
  type EndpointRow,
  findDelivery,
  findEndpoint,
  findEvent,
  insertEndpoint,
  insertReplay,
  listDeliveries,
  listEndpoints,
  updateEndpoint,
} from './webhooks.repo';
import { newWebhookSecret } from './webhooks.signature';

export interface WebhookOptions {
  /** WEBHOOK_ALLOW_PRIVATE: receivers on private and loopback addresses are accepted. */
  allowPrivate: boolean;
}

const DEFAULT_OVERLAP_MINUTES = 24 * 60;

async function checkUrl(url: string, opts: WebhookOptions, path: string): Promise<void> {
  const refused = await refusedUrl(new URL(url), opts.allowPrivate);
  if (refused) throw AppError.badInput([{ path, message: refused }]);
}

export function webhookEndpoints(ctx: RequestContext): Promise<EndpointRow[]> {
  return listEndpoints(ctx.q);
}

export async function webhookEndpoint(ctx: RequestContext, id: string): Promise<EndpointRow | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  return (await findEndpoint(ctx.q, id)) ?? null;
}

/** Creates an endpoint; its secret is returned here and never again. */
export async function createWebhookEndpoint(
  ctx: RequestContext,
  opts: WebhookOptions,
  p: CreateWebhookEndpointInput,
): Promise<{ endpoint: EndpointRow; secret: string }> {
  await checkUrl(p.url, opts, 'input.url');
  const secret = newWebhookSecret();
  const at = ctx.clock.now();
  const endpoint = await ctx.q.transaction(async (q) => {
    const e = await insertEndpoint(q, {
      url: p.url,
      description: p.description ?? null,
      events: p.events ?? [],
      enabled: p.enabled ?? true,
      secret,
      created_at: at,
      updated_at: at,
    });
    await recordAudit(q, ctx.actor, at, {
      action: 'webhook.create',
      targetType: 'webhook_endpoint',
      targetId: e.id,
      details: { url: e.url, events: e.events },
    });
    return e;
  });
  return { endpoint, secret };
}

/** URL, description, event filter, enabled. Enabling again starts a new run of failures. */
export async function updateWebhookEndpoint(
  ctx: RequestContext,
  opts: WebhookOptions,
  p: UpdateWebhookEndpointInput,
): Promise<EndpointRow> {
  if (p.url) await checkUrl(p.url, opts, 'input.url');
  const at = ctx.clock.now();
  return ctx.q.transaction(async (q) => {
    const patch: Partial<EndpointRow> = { updated_at: at };
    if (p.url) patch.url = p.url;
    if (p.description !== undefined) patch.description = p.description;
    if (p.events != null) patch.events = p.events;
    if (p.enabled != null) {
      patch.enabled = p.enabled;
      if (p.enabled)
        Object.assign(patch, { consecutive_failures: 0, disabled_reason: null, disabled_at: null });
    }
    const e = await updateEndpoint(q, p.id, patch);
    if (!e) throw AppError.notFound('Webhook endpoint');
    await recordAudit(q, ctx.actor, at, {
      action: 'webhook.update',
      targetType: 'webhook_endpoint',
      targetId: e.id,
      details: { url: p.url, events: p.events, enabled: p.enabled },
    });
    return e;
  });
}

/**
 * A new secret, shown once; the previous one keeps signing beside it (a second `v1=`) for the
 * overlap window, so receivers can switch without losing a delivery.
 */
export async function rotateWebhookSecret(
  ctx: RequestContext,
  p: RotateWebhookSecretInput,
): Promise<{ endpoint: EndpointRow; secret: string }> {
  const at = ctx.clock.now();
  const minutes = p.overlapMinutes ?? DEFAULT_OVERLAP_MINUTES;
  const secret = newWebhookSecret();
  const endpoint = await ctx.q.transaction(async (q) => {
    const old = await findEndpoint(q, p.id);
    if (!old) throw AppError.notFound('Webhook endpoint');
    const e = (await updateEndpoint(q, p.id, {
      secret,
      previous_secret: minutes > 0 ? old.secret : null,
      previous_secret_expires_at: minutes > 0 ? new Date(at.getTime() + minutes * 60_000) : null,
      updated_at: at,
    }))!;
    await recordAudit(q, ctx.actor, at, {
      action: 'webhook.rotate_secret',
      targetType: 'webhook_endpoint',
      targetId: e.id,
      details: { overlapMinutes: minutes },
    });
    return e;
  });
  return { endpoint, secret };
}

export async function deleteWebhookEndpoint(
  ctx: RequestContext,
  p: WebhookEndpointIdInput,
): Promise<{ id: string }> {
  const at = ctx.clock.now();
  return ctx.q.transaction(async (q) => {
    if (!(await deleteEndpoint(q, p.id))) throw AppError.notFound('Webhook endpoint');
    await recordAudit(q, ctx.actor, at, {
      action: 'webhook.delete',
      targetType: 'webhook_endpoint',
      targetId: p.id,
    });
    return { id: p.id };
  });
}

export async function webhookDeliveries(
  ctx: RequestContext,
  endpointId: string,
  args: { first?: number | null; after?: string | null },
): Promise<Connection<DeliveryRow>> {
  const page = parsePage(args);
  const rows = await listDeliveries(ctx.q, endpointId, page);
  return toConnection(rows, page, (r) => [r.created_at, r.id]);
}

/**
 * Sends an event to an endpoint again, as a new delivery with the same event id and body (the
 * receiver deduplicates on the id). Any recorded event, also one the endpoint never had.
 */
export async function replayWebhookEvent(
  ctx: RequestContext,
  p: ReplayWebhookEventInput,
): Promise<DeliveryRow> {
  const at = ctx.clock.now();
  return ctx.q.transaction(async (q) => {
    const endpoint = await findEndpoint(q, p.endpointId);
    if (!endpoint) throw AppError.notFound('Webhook endpoint');
    if (!endpoint.enabled) {
      throw AppError.badInput([
        { path: 'input.endpointId', message: 'The endpoint is disabled; enable it first' },
      ]);
    }
    if (!(await findEvent(q, p.eventId))) throw AppError.notFound('Event');
    const id = await insertReplay(q, endpoint.id, p.eventId, at);
    await enqueue(q, webhookDeliverJob, { deliveryId: id });
    await recordAudit(q, ctx.actor, at, {
      action: 'webhook.replay',
      targetType: 'webhook_endpoint',
      targetId: endpoint.id,
      details: { eventId: p.eventId, deliveryId: id },
    });
    return (await findDelivery(q, id))!;
  });
}
