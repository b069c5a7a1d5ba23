import type { StaffUserRole } from '../auth/viewer';

/** A console account. `password_hash` never leaves the repo's callers in auth. */
export interface StaffUserRow {
  id: string;
  name: string;
  email: string;
  role: StaffUserRole;
  created_at: Date;
  disabled_at: Date | null;
  last_signed_in_at: Date | null;
}

export interface StaffSessionRow {
  id: string;
  staff_user_id: string;
  created_at: Date;
  last_seen_at: Date;
  idle_expires_at: Date;
  expires_at: Date;
  user_agent: string | null;
  revoked_at: Date | null;
}

export interface StaffInvitationRow {
  id: string;
  email: string;
  role: StaffUserRole;
  name: string | null;
  invited_by: string;
  created_at: Date;
  expires_at: Date;
  accepted_at: Date | null;
}
