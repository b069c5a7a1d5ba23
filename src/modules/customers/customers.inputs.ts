import { z } from 'zod';
import { timeZone } from '../programs/programs.inputs';

export const externalId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\x21-\x7e]+$/, 'Printable ASCII without spaces');

export const email = z
  .email()
  .max(254)
  .transform((e) => e.toLowerCase());
export const phone = z.string().regex(/^\+[1-9]\d{6,14}$/, 'An E.164 number such as +15551234567');
export const name = z.string().trim().min(1).max(100);
export const birthday = z.iso
  .date()
  .refine((d) => d >= '1900-01-01' && d <= new Date().toISOString().slice(0, 10), {
    message: 'A past date after 1900',
  });
/** A BCP 47 tag, canonicalised (`en-gb` → `en-GB`). */
export const locale = z
  .string()
  .max(35)
  .transform((l, ctx) => {
    try {
      return Intl.getCanonicalLocales(l)[0]!;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'A BCP 47 language tag such as en-GB' });
      return z.NEVER;
    }
  });

const profile = {
  email: email.nullish(),
  phone: phone.nullish(),
  firstName: name.nullish(),
  lastName: name.nullish(),
  birthday: birthday.nullish(),
  timeZone: timeZone.nullish(),
  locale: locale.nullish(),
};

export const CHANNELS = ['EMAIL', 'SMS', 'PUSH'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Consent given per channel, at enrolment or later: one entry per channel. */
const consents = z
  .array(z.object({ channel: z.enum(CHANNELS), granted: z.boolean() }))
  .max(3)
  .refine((cs) => new Set(cs.map((c) => c.channel)).size === cs.length, 'One entry per channel')
  .nullish();
/** Where the consent was given ("till sign-up form"); defaults by who asks (see consentSource). */
const source = z.string().trim().min(1).max(50).nullish();

export const EnrollCustomerInput = z.object({
  externalId: externalId.nullish(),
  ...profile,
  consents,
  consentSource: source,
});
export type EnrollCustomerInput = z.infer<typeof EnrollCustomerInput>;

export const UpdateCustomerInput = z.object({ customerId: z.uuid(), ...profile });
export type UpdateCustomerInput = z.infer<typeof UpdateCustomerInput>;

export const CustomerLookup = z
  .object({ id: z.uuid().nullish(), externalId: externalId.nullish() })
  .refine((a) => (a.id == null) !== (a.externalId == null), {
    message: 'Give exactly one of id and externalId',
  });

const minuteOfDay = z.number().int().min(0).max(1439);

export const UpdateContactPreferencesInput = z
  .object({
    customerId: z.uuid().nullish(),
    preferredChannel: z.enum(CHANNELS).nullish(),
    quietHoursStart: minuteOfDay.nullish(),
    quietHoursEnd: minuteOfDay.nullish(),
    newsletterTopics: z.array(z.string().trim().min(1).max(50)).max(50).nullish(),
    smsOnlyAfterInbound: z.boolean().nullish(),
    consents,
    source,
  })
  .refine((p) => (p.quietHoursStart == null) === (p.quietHoursEnd == null), {
    message: 'Give both quietHoursStart and quietHoursEnd, or neither',
    path: ['quietHoursEnd'],
  });
export type UpdateContactPreferencesInput = z.infer<typeof UpdateContactPreferencesInput>;

// Notes are short facts ("ask about the new dog"), stored as plain text and escaped wherever shown.
const noteBody = z.string().trim().min(1).max(2000);
export const AddCustomerNoteInput = z.object({
  customerId: z.uuid(),
  body: noteBody,
  pinned: z.boolean().nullish(),
});
export type AddCustomerNoteInput = z.infer<typeof AddCustomerNoteInput>;
export const UpdateCustomerNoteInput = z
  .object({ noteId: z.uuid(), body: noteBody.nullish(), pinned: z.boolean().nullish() })
  .refine((p) => p.body != null || p.pinned != null, { message: 'Give body or pinned', path: ['body'] });
export type UpdateCustomerNoteInput = z.infer<typeof UpdateCustomerNoteInput>;
export const DeleteCustomerNoteInput = z.object({ noteId: z.uuid() });
export type DeleteCustomerNoteInput = z.infer<typeof DeleteCustomerNoteInput>;
