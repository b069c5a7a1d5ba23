/** Who is calling: an API key of a program, a person's console session, or a customer's session. */
export const STAFF_ROLES = ['admin', 'marketing', 'staff', 'pos'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
export type Role = StaffRole | 'customer';
/** The roles a person (a console account) may hold: those of API keys, less the till's. */
export const STAFF_USER_ROLES = ['admin', 'marketing', 'staff'] as const;
export type StaffUserRole = (typeof STAFF_USER_ROLES)[number];

export type Viewer =
  | { kind: 'api_key'; programId: string; role: StaffRole; keyId: string }
  | {
      kind: 'staff';
      programId: string;
      role: StaffUserRole;
      staffUserId: string;
      sessionId: string;
      name: string;
    }
  | { kind: 'customer'; programId: string; role: 'customer'; customerId: string; sessionId: string };

/** Who did it, as the audit log records it. A person (kind `staff`) is named. */
export interface Actor {
  kind: 'api_key' | 'customer' | 'cli' | 'system' | 'staff';
  id: string | null;
  role: string | null;
  name?: string | null;
}

export function actorOf(viewer: Viewer): Actor {
  switch (viewer.kind) {
    case 'api_key':
      return { kind: 'api_key', id: viewer.keyId, role: viewer.role };
    case 'staff':
      return { kind: 'staff', id: viewer.staffUserId, role: viewer.role, name: viewer.name };
    case 'customer':
      return { kind: 'customer', id: viewer.customerId, role: 'customer' };
  }
}

/**
 * How notes, comments, replies and invitations sign what someone wrote: a person by their
 * name; a key, the CLI or the system as `role:id` (`staff:7adcad03-…`).
 */
export function authorOf(actor: Actor): string {
  if (actor.kind === 'staff' && actor.name) return actor.name;
  return `${actor.role ?? actor.kind}:${actor.id ?? '-'}`;
}
