import { useState } from 'preact/hooks';
import { issuesAt } from '../api';
import { dateTime } from '../format';
import { DisableStaffUserDocument, InviteStaffDocument, type StaffRole, TeamDocument } from '../generated';
import { useMutation, useQuery } from '../hooks';
import { useCan, useSession } from '../session';
import { Badge, ErrorBox, FormError, Loading, Notice, Page, SelectField, TableWrap, TextField } from '../ui';

const ROLES = [
  ['STAFF', 'Customer care (staff)'],
  ['MARKETING', 'Marketing'],
  ['ADMIN', 'Admin'],
] as const;

/** Who has an account, pending invitations, and inviting a colleague (admins). */
export function TeamPage() {
  const { staff, program } = useSession();
  const can = useCan();
  const { data, error, reload } = useQuery(TeamDocument, {});
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<StaffRole>('STAFF');
  const [invite, inviteState] = useMutation(InviteStaffDocument);
  const [disable, disableState] = useMutation(DisableStaffUserDocument);
  const [sent, setSent] = useState<{ email: string; link: string } | null>(null);
  return (
    <Page title="Team">
      <ErrorBox error={error} />
      {!data ? <Loading /> : null}
      {data ? (
        <section aria-labelledby="people-h" class="card">
          <h2 id="people-h">People</h2>
          <TableWrap label="People">
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Role</th>
                  <th scope="col">Last signed in</th>
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.staffUsers.map((u) => (
                  <tr key={u.id}>
                    <td>{u.name}</td>
                    <td>{u.email}</td>
                    <td>{u.role.toLowerCase()}</td>
                    <td>
                      {u.disabledAt ? (
                        <Badge kind="disabled">Disabled</Badge>
                      ) : (
                        dateTime(u.lastSignedInAt, program.timeZone)
                      )}
                    </td>
                    <td>
                      {!u.disabledAt && u.id !== staff.id && can('Mutation.disableStaffUser') ? (
                        <button
                          type="button"
                          disabled={disableState.busy}
                          onClick={async () => {
                            if (window.confirm(`Disable ${u.name}'s account and end their sessions?`)) {
                              if (await disable({ id: u.id })) reload();
                            }
                          }}
                        >
                          Disable
                        </button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <FormError error={disableState.error} />
          <h3>Invitations waiting</h3>
          {data.staffInvitations.length ? (
            <ul>
              {data.staffInvitations.map((i) => (
                <li key={i.id}>
                  {i.name ? `${i.name} ` : ''}
                  &lt;{i.email}&gt;, {i.role.toLowerCase()}, invited by {i.invitedBy}, link valid until{' '}
                  {dateTime(i.expiresAt, program.timeZone)}
                </li>
              ))}
            </ul>
          ) : (
            <p>None.</p>
          )}
        </section>
      ) : null}
      {can('Mutation.inviteStaff') ? (
        <section aria-labelledby="invite-h" class="card">
          <h2 id="invite-h">Invite a colleague</h2>
          <p>They get an email with a sign-in link that works once.</p>
          {sent ? (
            <Notice>
              Invitation sent to {sent.email}. The link, should you need to pass it on by hand:{' '}
              <code class="break">{sent.link}</code>
            </Notice>
          ) : null}
          <form
            onSubmit={async (e) => {
              e.preventDefault();
              const r = await invite({ input: { email, role, name: name || undefined } });
              if (r) {
                setSent({ email, link: r.inviteStaff.link });
                setEmail('');
                setName('');
                reload();
              }
            }}
          >
            <FormError error={inviteState.error} claimed={['input.email', 'input.role', 'input.name']} />
            <TextField
              label="Email"
              type="email"
              required
              value={email}
              onInput={(e) => setEmail(e.currentTarget.value)}
              errors={issuesAt(inviteState.error, 'input.email')}
            />
            <TextField
              label="Name (optional)"
              value={name}
              onInput={(e) => setName(e.currentTarget.value)}
              errors={issuesAt(inviteState.error, 'input.name')}
            />
            <SelectField
              label="Role"
              value={role}
              onChange={(e) => setRole(e.currentTarget.value as StaffRole)}
              options={ROLES}
              errors={issuesAt(inviteState.error, 'input.role')}
            />
            <button type="submit" class="primary" disabled={inviteState.busy}>
              Send invitation
            </button>
          </form>
        </section>
      ) : null}
    </Page>
  );
}
