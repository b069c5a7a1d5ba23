import { z } from 'zod';
import type { StaffUserRole } from '../auth/viewer';
import { email as customerEmail, name } from '../customers/customers.inputs';

export const email = z.string().trim().pipe(customerEmail);

/** The API's enum (ADMIN…) ↔ the stored role (admin…). */
export const StaffRoleEnum = z
  .enum(['ADMIN', 'MARKETING', 'STAFF'])
  .transform((r) => r.toLowerCase() as StaffUserRole);

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 1024;

/** The policy, as messages: at least 12 characters, not the email address. */
export function passwordProblems(password: string, forEmail: string): string[] {
  const problems: string[] = [];
  if (password.length < PASSWORD_MIN) problems.push(`At least ${PASSWORD_MIN} characters`);
  if (password.length > PASSWORD_MAX) problems.push(`At most ${PASSWORD_MAX} characters`);
  if (password.trim().toLowerCase() === forEmail.trim().toLowerCase())
    problems.push('Must not be your email address');
  return problems;
}

export const SignInInput = z.object({
  // Not validated as an address: a typo is "wrong email or password", like any other miss.
  email: z.string().trim().toLowerCase().min(1, 'Required').max(254),
  password: z.string().min(1, 'Required').max(PASSWORD_MAX),
  program: z.string().trim().min(1).max(63).nullish(),
});
export type SignInInput = z.infer<typeof SignInInput>;

export const AcceptStaffInvitationInput = z.object({
  token: z.string().trim().min(1, 'Required').max(200),
  name,
  // The policy needs the invitation's email: checked once the invitation is found.
  password: z.string().max(PASSWORD_MAX, `At most ${PASSWORD_MAX} characters`),
});
export type AcceptStaffInvitationInput = z.infer<typeof AcceptStaffInvitationInput>;

export const InviteStaffInput = z.object({
  email,
  role: StaffRoleEnum,
  name: name.nullish(),
});
export type InviteStaffInput = z.infer<typeof InviteStaffInput>;

export const StaffId = z.uuid('Not an id');
