import { useEffect, useState } from 'preact/hooks';
import { issuesAt } from '../api';
import { AcceptInvitationDocument } from '../generated';
import { useMutation } from '../hooks';
import type { Staff } from '../session';
import { FormError, TextField } from '../ui';

/** The page an emailed invitation opens: choose a name and a password, and be signed in. */
export function AcceptInvitationPage({
  token,
  onSignedIn,
}: {
  token: string;
  onSignedIn: (s: Staff) => void;
}) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [accept, { busy, error }] = useMutation(AcceptInvitationDocument);
  useEffect(() => {
    document.title = 'Accept your invitation · Regulars console';
  }, []);
  return (
    <main id="main" class="narrow">
      <h1>Join your colleagues on Regulars</h1>
      {!token ? (
        <p role="alert">This link has no invitation token. Open the link from the invitation email again.</p>
      ) : (
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            const r = await accept({ input: { token, name, password } });
            if (r) onSignedIn(r.acceptStaffInvitation.staff);
          }}
        >
          <FormError error={error} claimed={['input.name', 'input.password']} />
          <TextField
            label="Your name"
            name="name"
            autoComplete="name"
            required
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
            errors={issuesAt(error, 'input.name')}
            hint="Colleagues see it on your notes, replies and comments."
          />
          <TextField
            label="Choose a password"
            type="password"
            name="password"
            autoComplete="new-password"
            required
            minLength={12}
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
            errors={issuesAt(error, 'input.password')}
            hint="At least 12 characters."
          />
          <button type="submit" class="primary" disabled={busy}>
            {busy ? 'Creating your account…' : 'Create account and sign in'}
          </button>
        </form>
      )}
    </main>
  );
}
