import { z } from 'zod';
import { isCurrency } from '../../shared/money';

export const timeZone = z
  .string()
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'Unknown IANA time zone');

export const CreateProgramInput = z.object({
  slug: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'Lower-case letters, digits and dashes, 2–63 characters'),
  name: z.string().trim().min(1).max(200),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'An ISO 4217 code such as USD')
    .refine(isCurrency, 'Unknown ISO 4217 currency'),
  timeZone: timeZone.default('UTC'),
});
export type CreateProgramInput = z.input<typeof CreateProgramInput>;
