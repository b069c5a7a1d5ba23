/** Who is calling: an API key of a program, or a customer's session. */
export const STAFF_ROLES = ['admin', 'marketing', 'staff', 'pos'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
export type Role = StaffRole | 'customer';
/** The roles a person (a console account) may hold: those of API keys, less the till's. */
export const STAFF_USER_ROLES = ['admin', 'marketing', 'staff'] as const;
export type StaffUserRole = (typeof STAFF_USER_ROLES)[number];

export type Viewer =
  | { kind: 'api_key'; programId: string; role: StaffRole; keyId: string }
  | { kind: 'customer'; programId: string; role: 'customer'; customerId: string; sessionId: string };

/** Who did it, as the audit log records it. */
export interface Actor {
  kind: 'api_key' | 'customer' | 'cli' | 'system';
  id: string | null;
  role: string | null;
}

export function actorOf(viewer: Viewer): Actor {
  return viewer.kind === 'api_key'
    ? { kind: 'api_key', id: viewer.keyId, role: viewer.role }
    : { kind: 'customer', id: viewer.customerId, role: 'customer' };
}
