import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { isAllowed } from '../../src/modules/auth/permissions';
import type { ProgramInfoQuery, StaffFieldsFragment } from './generated';

export type Staff = StaffFieldsFragment;
export type Program = ProgramInfoQuery['program'];

export interface Session {
  staff: Staff;
  program: Program;
  signOut: () => Promise<void>;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a signed-in console');
  return s;
}

/**
 * Whether the signed-in person's role may call a root field (`Mutation.activateRewardRule`):
 * the server's own permission table, bundled, so a button the API would refuse is not shown.
 */
export function can(staff: Staff, field: string): boolean {
  return isAllowed(field, staff.role.toLowerCase() as 'admin' | 'marketing' | 'staff');
}

export function useCan(): (field: string) => boolean {
  const { staff } = useSession();
  return (field) => can(staff, field);
}
