import { z } from 'zod';
import { EVENT_NAMES, type EventName } from '../events/events';

const Url = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .refine((u) => !new URL(u).username && !new URL(u).password, 'Must not carry a user name or password');
const Events = z
  .array(z.enum(EVENT_NAMES as [EventName, ...EventName[]]))
  .max(EVENT_NAMES.length)
  .transform((l) => [...new Set(l)]);

export const CreateWebhookEndpointInput = z.object({
  url: Url,
  description: z.string().trim().max(500).nullish(),
  /** Empty or absent: every event. */
  events: Events.nullish(),
  enabled: z.boolean().nullish(),
});
export type CreateWebhookEndpointInput = z.infer<typeof CreateWebhookEndpointInput>;

export const UpdateWebhookEndpointInput = z.object({
  id: z.uuid(),
  url: Url.nullish(),
  description: z.string().trim().max(500).nullish(),
  events: Events.nullish(),
  enabled: z.boolean().nullish(),
});
export type UpdateWebhookEndpointInput = z.infer<typeof UpdateWebhookEndpointInput>;

export const RotateWebhookSecretInput = z.object({
  id: z.uuid(),
  /** How long the previous secret keeps signing beside the new one (default 24 h, up to 7 days). */
  overlapMinutes: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .nullish(),
});
export type RotateWebhookSecretInput = z.infer<typeof RotateWebhookSecretInput>;

export const WebhookEndpointIdInput = z.object({ id: z.uuid() });
export type WebhookEndpointIdInput = z.infer<typeof WebhookEndpointIdInput>;
export const ReplayWebhookEventInput = z.object({ endpointId: z.uuid(), eventId: z.uuid() });
export type ReplayWebhookEventInput = z.infer<typeof ReplayWebhookEventInput>;
