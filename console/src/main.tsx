import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { Api, ApiError, probeRole } from './api';
import { AuditPage } from './pages/Audit';
import { GoldenPage } from './pages/Golden';
import { QueuePage } from './pages/Queue';
import { ReviewItemPage } from './pages/ReviewItemPage';
import { SearchPage } from './pages/Search';
import { SignIn } from './pages/SignIn';
import { navigate, useRoute } from './router';
import { KEY_STORAGE, Notice, Session, SessionContext, useSession } from './session';
import type { Role } from './types';
import './styles.css';

interface Credentials {
  key: string;
  role: Role;
}

function Page({ parts, params }: { parts: string[]; params: URLSearchParams }) {
  const { canSteward } = useSession();
  const [name, id] = parts;
  switch (name) {
    case undefined:
    case 'signin':
      return canSteward ? <QueuePage params={params} /> : <SearchPage params={params} />;
    case 'queue':
      return <QueuePage params={params} />;
    case 'review':
      return id ? <ReviewItemPage id={id} /> : <QueuePage params={params} />;
    case 'golden':
      return id ? (
        <GoldenPage key={id} id={id} retiredFrom={params.get('from')} />
      ) : (
        <SearchPage params={params} />
      );
    case 'search':
      return <SearchPage params={params} />;
    case 'audit':
      return <AuditPage params={params} />;
    default:
      return (
        <div>
          <h1>Not found</h1>
          <p>
            No view at <code>{location.hash}</code>.
          </p>
        </div>
      );
  }
}

function App() {
  const route = useRoute();
  const [credentials, setCredentials] = useState<Credentials | null>(null);
  const [restoring, setRestoring] = useState(() => sessionStorage.getItem(KEY_STORAGE) !== null);
  const [signInError, setSignInError] = useState<unknown>(null);
  const [notice, setNotice] = useState<Notice | null>(null);

  // A confirmation belongs to the view it was given in, unless one follows its link.
  useEffect(() => {
    setNotice((current) => (current?.link && location.hash === current.link.href ? current : null));
  }, [route]);

  const signOut = (reason: unknown = null): void => {
    sessionStorage.removeItem(KEY_STORAGE);
    setCredentials(null);
    setNotice(null);
    setSignInError(reason);
  };

  const signIn = async (key: string): Promise<void> => {
    const role = await probeRole(key);
    if (role === 'ingest')
      throw new ApiError(
        403,
        'AUTH.FORBIDDEN',
        'this key has the ingest role, which may only send events: sign in with a reader, steward or admin key',
      );
    sessionStorage.setItem(KEY_STORAGE, key);
    setSignInError(null);
    setCredentials({ key, role });
    const [view] = parseView();
    if (!view || view === 'signin') navigate(role === 'reader' ? '#/search' : '#/queue', true);
  };

  // A reload keeps the tab signed in: the stored key's role is asked again.
  useEffect(() => {
    const key = sessionStorage.getItem(KEY_STORAGE);
    if (!key) return;
    signIn(key)
      .catch((e: unknown) => signOut(e))
      .finally(() => setRestoring(false));
  }, []);

  const session = useMemo<Session | null>(() => {
    if (!credentials) return null;
    return {
      // A 401 later on (the key was revoked) signs out, with the API's answer shown.
      api: new Api(credentials.key, (e) => signOut(e)),
      role: credentials.role,
      canSteward: credentials.role === 'steward' || credentials.role === 'admin',
      notify: setNotice,
    };
  }, [credentials]);

  if (!session) {
    if (restoring) return <p class="muted centered">Signing in…</p>;
    return <SignIn onSignIn={signIn} error={signInError} />;
  }
  const [view] = route.parts;
  const nav: Array<[string, string, boolean]> = [
    ['queue', 'Review queue', session.canSteward],
    ['search', 'Search', true],
    ['audit', 'Audit trail', session.canSteward],
  ];
  return (
    <SessionContext.Provider value={session}>
      {/* Not href="#main": the hash is the route. */}
      <button type="button" class="skip-link" onClick={() => document.getElementById('main')?.focus()}>
        Skip to content
      </button>
      <header class="app-header">
        <span class="brand">Joinery</span>
        <nav aria-label="Console">
          <ul>
            {nav
              .filter(([, , shown]) => shown)
              .map(([target, label]) => (
                <li key={target}>
                  <a href={`#/${target}`} aria-current={view === target ? 'page' : undefined}>
                    {label}
                  </a>
                </li>
              ))}
          </ul>
        </nav>
        <span class="who">
          <span class={`role role-${session.role}`} data-role={session.role}>
            {session.role}
          </span>
          <button type="button" class="link" onClick={() => signOut()}>
            Sign out
          </button>
        </span>
      </header>
      <div class="status" role="status" aria-live="polite">
        {notice && (
          <p class="toast">
            {notice.text} {notice.link && <a href={notice.link.href}>{notice.link.label}</a>}{' '}
            <button type="button" class="link" aria-label="Dismiss" onClick={() => setNotice(null)}>
              ×
            </button>
          </p>
        )}
      </div>
      <main id="main" tabIndex={-1}>
        <Page parts={route.parts} params={route.params} />
      </main>
    </SessionContext.Provider>
  );
}

const parseView = (): string[] => location.hash.replace(/^#\/?/, '').split(/[/?]/);

render(<App />, document.getElementById('app')!);
