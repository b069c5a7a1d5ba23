import type { StaffInvitationRow, StaffUserRow } from './staff.repo';

export interface SignInResult {
  staff: StaffUserRow;
  expiresAt: Date;
}

export interface InviteResult {
  invitation: StaffInvitationRow;
  link: string;
}

export interface DisableResult {
  staff: StaffUserRow;
  sessionsRevoked: number;
}
