import { useState } from 'preact/hooks';
import { ErrorBanner } from '../components/ErrorBanner';

export function SignIn({ onSignIn, error }: { onSignIn: (key: string) => Promise<void>; error: unknown }) {
  const [key, setKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setFailure(null);
    try {
      await onSignIn(key.trim());
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main id="main" class="signin">
      <h1>Joinery steward console</h1>
      <p>
        Sign in with an API key. A <strong>steward</strong> key clears the review queue and changes golden
        entities; a <strong>reader</strong> key browses golden entities with personal data masked. An admin
        creates keys with <code>POST /v1/admin/keys</code>.
      </p>
      <ErrorBanner error={failure ?? error} />
      <form onSubmit={(e) => void submit(e)}>
        <label for="api-key">API key</label>
        <input
          id="api-key"
          name="api-key"
          type="password"
          autocomplete="off"
          required
          minLength={1}
          value={key}
          onInput={(e) => setKey(e.currentTarget.value)}
        />
        <button type="submit" class="primary" disabled={busy || key.trim() === ''}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p class="muted">The key is kept in this tab only (sessionStorage) and sent to this service alone.</p>
    </main>
  );
}
