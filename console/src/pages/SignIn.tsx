import { useEffect, useState } from 'preact/hooks';
import { issuesAt } from '../api';
import { SignInDocument } from '../generated';
import { useMutation } from '../hooks';
import type { Staff } from '../session';
import { FormError, TextField } from '../ui';

/** Email and password (and the programme's slug, when the same email works for several). */
export function SignInPage({
  notice,
  onSignedIn,
}: {
  notice: string | null;
  onSignedIn: (s: Staff) => void;
}) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [program, setProgram] = useState('');
  const [signIn, { busy, error }] = useMutation(SignInDocument);
  useEffect(() => {
    document.title = 'Sign in · Regulars console';
  }, []);
  const needsProgram = issuesAt(error, 'input.program').length > 0 || program !== '';
  return (
    <main id="main" class="narrow">
      <h1>Sign in to Regulars</h1>
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          const r = await signIn({ input: { email, password, program: program || undefined } });
          if (r) onSignedIn(r.signIn.staff);
        }}
      >
        <FormError error={error} claimed={['input.email', 'input.password', 'input.program']} />
        <TextField
          label="Email"
          type="email"
          name="email"
          autoComplete="username"
          required
          value={email}
          onInput={(e) => setEmail(e.currentTarget.value)}
          errors={issuesAt(error, 'input.email')}
        />
        <TextField
          label="Password"
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
          errors={issuesAt(error, 'input.password')}
        />
        {needsProgram ? (
          <TextField
            label="Programme (its short name, e.g. corner-cafe)"
            name="program"
            value={program}
            onInput={(e) => setProgram(e.currentTarget.value)}
            errors={issuesAt(error, 'input.program')}
          />
        ) : null}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p class="hint">
        No account yet? An admin of your programme can invite you; the invitation arrives by email.
      </p>
    </main>
  );
}
