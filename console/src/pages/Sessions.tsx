import { dateTime } from '../format';
import { RevokeStaffSessionDocument, StaffSessionsDocument } from '../generated';
import { useMutation, useQuery } from '../hooks';
import { useSession } from '../session';
import { Badge, ErrorBox, FormError, Loading, Page, TableWrap } from '../ui';

/** Where you are signed in, and ending any of it (a lost phone, a shared computer). */
export function SessionsPage() {
  const { staff, program, signOut } = useSession();
  const { data, error, reload } = useQuery(StaffSessionsDocument, {});
  const [revoke, revokeState] = useMutation(RevokeStaffSessionDocument);
  return (
    <Page title="Your sessions">
      <p>
        Signed in as <strong>{staff.name}</strong> ({staff.email}), role {staff.role.toLowerCase()}.
      </p>
      <ErrorBox error={error} />
      <FormError error={revokeState.error} />
      {!data ? <Loading /> : null}
      {data ? (
        <TableWrap label="Sessions">
          <table>
            <thead>
              <tr>
                <th scope="col">Browser</th>
                <th scope="col">Signed in</th>
                <th scope="col">Last used</th>
                <th scope="col">Ends</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.staffSessions.map((s) => (
                <tr key={s.id}>
                  <td>
                    {s.userAgent ?? 'unknown browser'}{' '}
                    {s.current ? <Badge kind="current">This browser</Badge> : null}
                  </td>
                  <td>{dateTime(s.createdAt, program.timeZone)}</td>
                  <td>{dateTime(s.lastSeenAt, program.timeZone)}</td>
                  <td>{dateTime(s.expiresAt, program.timeZone)}</td>
                  <td>
                    {s.current ? (
                      <button type="button" onClick={() => void signOut()}>
                        Sign out
                      </button>
                    ) : (
                      <button
                        type="button"
                        disabled={revokeState.busy}
                        onClick={async () => {
                          if (await revoke({ id: s.id })) reload();
                        }}
                      >
                        End this session
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
    </Page>
  );
}
