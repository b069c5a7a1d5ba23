import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError, request, whenUnauthenticated } from './api';
import { BootDocument, ProgramInfoDocument, SignOutDocument } from './generated';
import { useApiDown } from './hooks';
import { AcceptInvitationPage } from './pages/AcceptInvitation';
import { SignInPage } from './pages/SignIn';
import { BASE, navigate, useLocation } from './router';
import { Shell } from './Shell';
import { type Program, type Session, SessionContext, type Staff } from './session';

type State =
  | { phase: 'booting' }
  | { phase: 'signed-out'; notice: string | null }
  | { phase: 'signed-in'; staff: Staff; program: Program };

/** The console: who is signed in decides between the sign-in pages and the shell with its pages. */
export function App() {
  const [state, setState] = useState<State>({ phase: 'booting' });
  const [bootError, setBootError] = useState<ApiError | null>(null);
  const loc = useLocation();
  const down = useApiDown();

  const enter = useCallback(async (staff: Staff | null, notice: string | null = null) => {
    if (!staff) {
      setState({ phase: 'signed-out', notice });
      return;
    }
    const { program } = await request(ProgramInfoDocument);
    setState({ phase: 'signed-in', staff, program });
  }, []);

  useEffect(() => {
    // Signed out in another tab, revoked by an admin, idle too long: back to sign-in, saying so.
    whenUnauthenticated(() =>
      setState((s) =>
        s.phase === 'signed-in'
          ? {
              phase: 'signed-out',
              notice: 'Your session has ended (signed out, revoked or expired). Please sign in again.',
            }
          : s,
      ),
    );
    request(BootDocument)
      .then((r) => enter(r.currentStaff))
      .catch((err) =>
        setBootError(err instanceof ApiError ? err : new ApiError('INTERNAL_SERVER_ERROR', String(err))),
      );
  }, [enter]);

  const banner = down ? (
    <div class="unreachable" role="alert">
      API unreachable — retrying…
    </div>
  ) : null;

  if (state.phase === 'booting') {
    return (
      <>
        {banner}
        <main id="main" class="narrow">
          {bootError ? (
            <p role="alert">The console could not start: {bootError.message}</p>
          ) : (
            <p role="status">Loading the console…</p>
          )}
        </main>
      </>
    );
  }

  if (state.phase === 'signed-out') {
    // Signed in where they were going (a link to a customer, a rule); from an invitation, home.
    const signedIn = (staff: Staff) => {
      void enter(staff).then(() => {
        if (loc.path === '/accept') navigate('/', { replace: true });
      });
    };
    return (
      <>
        {banner}
        {loc.path === '/accept' ? (
          <AcceptInvitationPage token={loc.query.get('token') ?? ''} onSignedIn={signedIn} />
        ) : (
          <SignInPage notice={state.notice} onSignedIn={signedIn} />
        )}
      </>
    );
  }

  const session: Session = {
    staff: state.staff,
    program: state.program,
    signOut: async () => {
      try {
        await request(SignOutDocument);
      } finally {
        setState({ phase: 'signed-out', notice: 'You have signed out.' });
        // From an invitation link opened while signed in, stay: its form is what comes next.
        if (window.location.pathname !== `${BASE}/accept`) navigate('/', { replace: true });
      }
    },
  };
  return (
    <SessionContext.Provider value={session}>
      {banner}
      <Shell location={loc} />
    </SessionContext.Provider>
  );
}
