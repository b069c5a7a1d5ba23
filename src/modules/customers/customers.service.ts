import type { Scoped } from '../../db/scoped';
import type { RequestContext } from '../../shared/context';
import { AppError, parseInput } from '../../shared/errors';
import { recordAudit } from '../audit/audit.service';
import { createSession } from '../auth/auth.service';
import { authorOf } from '../auth/viewer';
import { raise } from '../events/events';
import {
  type AddCustomerNoteInput,
  type Channel,
  CustomerLookup,
  type DeleteCustomerNoteInput,
  type EnrollCustomerInput,
  type UpdateContactPreferencesInput,
  type UpdateCustomerInput,
  type UpdateCustomerNoteInput,
} from './customers.inputs';
import {
  addNewsletterTopic,
  type CustomerRow,
  consentsByCustomerIds,
  customerByExternalId,
  customersByIds,
  deleteNote,
  insertCustomer,
  insertNote,
  type NoteRow,
  noteById,
  type ProfileFields,
  preferencesByCustomerIds,
  removeNewsletterTopic,
  updateCustomer as updateCustomerRow,
  updateNote,
  upsertConsent,
  upsertPreferences,
} from './customers.repo';

// Reads the API makes and reads and writes of other modules (import, links, rules): through
// this service, never the repo.
export {
  consentsByCustomerIds,
  customerByExternalId,
  customerIdsOnDay,
  customersByIds,
  insertConsents,
  insertCustomers,
  listCustomers,
  preferencesByCustomerIds,
} from './customers.repo';

function profileFields(p: EnrollCustomerInput | UpdateCustomerInput): ProfileFields {
  // undefined = not given (leave as is); null = clear.
  return {
    email: p.email,
    phone: p.phone,
    first_name: p.firstName,
    last_name: p.lastName,
    birthday: p.birthday,
    time_zone: p.timeZone,
    locale: p.locale,
  };
}

/**
 * The customers module's part of enrolling, inside the caller's transaction (the use case is
 * workflows/enroll-customer.ts, which runs the enrolment rules next): idempotent by externalId,
 * enrolling again returns the existing customer, unchanged. Consent given at sign-up is recorded
 * with the customer, before the enrolment rules run, so the welcome and the first thank-you may
 * already go out.
 */
export async function insertEnrolment(
  ctx: RequestContext,
  q: Scoped,
  p: EnrollCustomerInput,
  at: Date,
): Promise<{ customer: CustomerRow; created: boolean }> {
  const inserted = await insertCustomer(q, { ...profileFields(p), external_id: p.externalId ?? null, at });
  if (!inserted) {
    const existing = await customerByExternalId(q, p.externalId!);
    return { customer: existing!, created: false };
  }
  const source = consentSource(ctx, p.consentSource);
  await recordConsents(q, inserted.id, p.consents ?? [], source, at);
  await recordAudit(q, ctx.actor, at, {
    action: 'customer.enroll',
    targetType: 'customer',
    targetId: inserted.id,
    ...(p.consents?.length ? { details: { consents: p.consents, source } } : {}),
  });
  await raise(q, at, ['customer.enrolled', { customerId: inserted.id, externalId: inserted.external_id }]);
  return { customer: inserted, created: true };
}

export async function updateCustomer(ctx: RequestContext, p: UpdateCustomerInput): Promise<CustomerRow> {
  const at = ctx.clock.now();
  return ctx.q.transaction(async (q) => {
    const fields = profileFields(p);
    const row = await updateCustomerRow(q, p.customerId, fields, at);
    if (!row) throw AppError.notFound('Customer');
    await recordAudit(q, ctx.actor, at, {
      action: 'customer.update',
      targetType: 'customer',
      targetId: row.id,
      details: { fields: Object.keys(fields).filter((k) => fields[k as keyof ProfileFields] !== undefined) },
    });
    return row;
  });
}

/** By id or externalId; null when the program has no such customer. */
export async function findCustomer(ctx: RequestContext, args: unknown): Promise<CustomerRow | null> {
  const a = parseInput(CustomerLookup, args, []);
  if (a.id) return (await customersByIds(ctx.q, [a.id]))[0] ?? null;
  return (await customerByExternalId(ctx.q, a.externalId!)) ?? null;
}

export async function requireCustomer(ctx: RequestContext, id: string): Promise<CustomerRow> {
  const c = await findCustomer(ctx, { id });
  if (!c) throw AppError.notFound('Customer');
  return c;
}

export async function createCustomerSession(
  ctx: RequestContext,
  customerId: string,
  ttlSeconds: number,
): Promise<{ token: string; expiresAt: Date }> {
  const customer = await requireCustomer(ctx, customerId);
  // An erased customer has nobody left to sign in.
  if (customer.erased_at) throw AppError.notFound('Customer');
  return createSession(ctx.q, ctx.clock, customer.id, ttlSeconds);
}

/** Where consent came from, unless the caller says: the app for a session, else the key's role. */
function consentSource(ctx: RequestContext, given: string | null | undefined): string {
  const viewer = ctx.viewer;
  return given ?? (viewer?.kind === 'customer' ? 'app' : (viewer?.role ?? 'system'));
}

/** Each channel's consent as given, with its source and time (the one place consent is written). */
async function recordConsents(
  q: Scoped,
  customerId: string,
  consents: readonly { channel: Channel; granted: boolean }[],
  source: string,
  at: Date,
): Promise<void> {
  for (const c of consents) {
    await upsertConsent(q, {
      customer_id: customerId,
      channel: c.channel,
      state: c.granted ? 'GRANTED' : 'DENIED',
      source,
      at,
    });
  }
}

/**
 * A customer session changes its own preferences; an API key names the customer. Consent
 * records where it came from (app, till, staff) and when.
 */
export async function updateContactPreferences(
  ctx: RequestContext,
  p: UpdateContactPreferencesInput,
): Promise<string> {
  const viewer = ctx.viewer;
  let customerId: string;
  if (viewer?.kind === 'customer') {
    if (p.customerId && p.customerId !== viewer.customerId)
      throw AppError.forbidden('A session acts on its own customer only');
    customerId = viewer.customerId;
  } else {
    if (!p.customerId)
      throw AppError.badInput([{ path: 'input.customerId', message: 'Required for API keys' }]);
    customerId = p.customerId;
  }
  const source = consentSource(ctx, p.source);
  const at = ctx.clock.now();
  await ctx.q.transaction(async (q) => {
    await requireCustomer({ ...ctx, q }, customerId);
    const fields = {
      preferred_channel: p.preferredChannel,
      quiet_hours_start: p.quietHoursStart,
      quiet_hours_end: p.quietHoursEnd,
      newsletter_topics: p.newsletterTopics ?? undefined,
      sms_only_after_inbound: p.smsOnlyAfterInbound ?? undefined,
    };
    await upsertPreferences(
      q,
      customerId,
      Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
      at,
    );
    await recordConsents(q, customerId, p.consents ?? [], source, at);
    if (viewer?.kind !== 'customer') {
      await recordAudit(q, ctx.actor, at, {
        action: 'customer.preferences',
        targetType: 'customer',
        targetId: customerId,
        details: { consents: p.consents ?? [], source },
      });
    }
  });
  return customerId;
}

/**
 * For other modules (messaging's unsubscribe links): withdraws consent for one channel, or
 * drops one newsletter topic, in the caller's transaction. True when something changed, so
 * a repeated click is a no-op.
 */
export async function withdrawContact(
  q: Scoped,
  at: Date,
  w: { customerId: string; channel: Channel; topic?: string | null; source: string },
): Promise<boolean> {
  if (w.topic) return removeNewsletterTopic(q, w.customerId, w.topic, at);
  const [before] = (await consentsByCustomerIds(q, [w.customerId])).filter((c) => c.channel === w.channel);
  if (before?.state === 'DENIED') return false;
  await upsertConsent(q, {
    customer_id: w.customerId,
    channel: w.channel,
    state: 'DENIED',
    source: w.source,
    at,
  });
  return true;
}

/**
 * The other way (the preferences page's "turn back on"): grants again a channel the customer
 * had consented to before and withdrew (never one they did not choose), or adds a newsletter
 * topic back. In the caller's transaction; true when something changed.
 */
export async function restoreContact(
  q: Scoped,
  at: Date,
  w: { customerId: string; channel: Channel; topic?: string | null; source: string },
): Promise<boolean> {
  if (w.topic) return addNewsletterTopic(q, w.customerId, w.topic, at);
  const [before] = (await consentsByCustomerIds(q, [w.customerId])).filter((c) => c.channel === w.channel);
  if (before?.state !== 'DENIED') return false;
  await upsertConsent(q, {
    customer_id: w.customerId,
    channel: w.channel,
    state: 'GRANTED',
    source: w.source,
    at,
  });
  return true;
}

/** What messaging needs to decide how (and whether) to reach a customer. */
export async function contactFacts(q: Scoped, customerId: string) {
  const [customer] = await customersByIds(q, [customerId]);
  if (!customer) return null;
  const [prefs] = await preferencesByCustomerIds(q, [customerId]);
  const consents = await consentsByCustomerIds(q, [customerId]);
  return { customer, prefs: prefs ?? null, consents };
}

// --- notes ("know your clients") ---------------------------------------------------------

/** Who wrote it, as staff see it: the key's role and id (a key has no person's name). */

/** A customer of another program is NOT_FOUND (the scoped lookup cannot see it); nothing is written. */
export async function addCustomerNote(ctx: RequestContext, p: AddCustomerNoteInput): Promise<NoteRow> {
  const at = ctx.clock.now();
  return ctx.q.transaction(async (q) => {
    await requireCustomer({ ...ctx, q }, p.customerId);
    const note = await insertNote(
      q,
      { customer_id: p.customerId, body: p.body, pinned: p.pinned ?? false, author: authorOf(ctx.actor) },
      at,
    );
    await recordAudit(q, ctx.actor, at, {
      action: 'customer_note.add',
      targetType: 'customer',
      targetId: p.customerId,
      details: { noteId: note.id, body: note.body, pinned: note.pinned },
    });
    return note;
  });
}

/** The audit entry keeps the text before and after, so an edit can always be traced. */
export async function updateCustomerNote(ctx: RequestContext, p: UpdateCustomerNoteInput): Promise<NoteRow> {
  const at = ctx.clock.now();
  return ctx.q.transaction(async (q) => {
    const before = await noteById(q, p.noteId);
    if (!before) throw AppError.notFound('Note');
    const fields = { body: p.body ?? undefined, pinned: p.pinned ?? undefined };
    const note = (await updateNote(q, p.noteId, fields, at))!;
    await recordAudit(q, ctx.actor, at, {
      action: 'customer_note.update',
      targetType: 'customer',
      targetId: note.customer_id,
      details: {
        noteId: note.id,
        before: { body: before.body, pinned: before.pinned },
        after: { body: note.body, pinned: note.pinned },
      },
    });
    return note;
  });
}

/** Deleted for good; the audit entry keeps what it said and who wrote it. */
export async function deleteCustomerNote(ctx: RequestContext, p: DeleteCustomerNoteInput): Promise<NoteRow> {
  const at = ctx.clock.now();
  return ctx.q.transaction(async (q) => {
    const note = await deleteNote(q, p.noteId);
    if (!note) throw AppError.notFound('Note');
    await recordAudit(q, ctx.actor, at, {
      action: 'customer_note.delete',
      targetType: 'customer',
      targetId: note.customer_id,
      details: { noteId: note.id, body: note.body, pinned: note.pinned, author: note.author },
    });
    return note;
  });
}
