import { useEffect, useState } from 'preact/hooks';
import { ErrorBanner } from '../components/ErrorBanner';
import { formatTime } from '../format';
import { goldenHref, href, navigate } from '../router';
import { useSession } from '../session';
import { AUDIT_ACTIONS, type AuditEntry, type AuditPage as Page } from '../types';
import { NeedsSteward } from './NeedsSteward';

const FILTERS = ['actor', 'action', 'target', 'since', 'until'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

/** `golden:<id>` targets link to the entity; `review-item:<id>` to the item. */
function Target({ target }: { target: string }) {
  const at = target.indexOf(':');
  const kind = target.slice(0, at);
  const id = target.slice(at + 1);
  if (kind === 'golden' && !id.includes(':')) return <a href={goldenHref(id)}>{target}</a>;
  if (kind === 'review-item') return <a href={href(['review', id])}>{target}</a>;
  return <code>{target}</code>;
}

export function AuditPage({ params }: { params: URLSearchParams }) {
  return useSession().canSteward ? <AuditLog params={params} /> : <NeedsSteward what="The audit trail" />;
}

/** The append-only audit log, newest first, filtered and paged (GET /v1/audit). */
function AuditLog({ params }: { params: URLSearchParams }) {
  const { api } = useSession();
  const filters = Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? ''])) as Filters;
  const [draft, setDraft] = useState(filters);
  const [items, setItems] = useState<AuditEntry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);

  // `since`/`until` are typed as local times; the API wants RFC 3339.
  const query = (after: string | null) => ({
    actor: filters.actor,
    action: filters.action,
    target: filters.target,
    since: filters.since && new Date(filters.since).toISOString(),
    until: filters.until && new Date(filters.until).toISOString(),
    limit: 50,
    cursor: after,
  });

  const load = async (after: string | null): Promise<void> => {
    setLoading(true);
    setError(null);
    try {
      const page = await api.get<Page>('/v1/audit', query(after));
      setItems((current) => (after ? [...current, ...page.items] : page.items));
      setCursor(page.nextCursor);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => {
    setDraft(filters);
    setItems([]);
    void load(null);
  }, [params.toString()]);

  const field = (name: keyof Filters, label: string, time = false) => {
    const onInput = (e: { currentTarget: HTMLInputElement }): void =>
      setDraft({ ...draft, [name]: e.currentTarget.value });
    return (
      <label>
        {label}
        {time ? (
          <input name={name} type="datetime-local" value={draft[name]} onInput={onInput} />
        ) : (
          <input name={name} type="text" value={draft[name]} onInput={onInput} />
        )}
      </label>
    );
  };

  return (
    <div>
      <h1>Audit trail</h1>
      <form
        class="filters"
        aria-label="Audit filters"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(href(['audit'], draft));
        }}
      >
        {field('actor', 'Actor')}
        <label>
          Action
          <select
            value={draft.action}
            onChange={(e) => setDraft({ ...draft, action: e.currentTarget.value })}
          >
            <option value="">any</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        {field('target', 'Target')}
        {field('since', 'Since', true)}
        {field('until', 'Until', true)}
        <button type="submit">Apply</button>
      </form>
      <ErrorBanner error={error} />
      <table class="audit">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Actor</th>
            <th scope="col">Action</th>
            <th scope="col">Target</th>
            <th scope="col">Reason</th>
            <th scope="col">Change</th>
          </tr>
        </thead>
        <tbody>
          {items.map((e) => (
            <tr key={e.id} data-action={e.action}>
              <td class="nowrap">{formatTime(e.occurredAt)}</td>
              <td>
                {e.actor} <span class="muted small">({e.role})</span>
              </td>
              <td>
                <code>{e.action}</code>
              </td>
              <td>
                <Target target={e.target} />
              </td>
              <td>{e.reason ?? '—'}</td>
              <td>
                {(e.before !== null || e.after !== null) && (
                  <details>
                    <summary>before / after</summary>
                    <div class="before-after">
                      <pre>{JSON.stringify(e.before, null, 2)}</pre>
                      <pre>{JSON.stringify(e.after, null, 2)}</pre>
                    </div>
                  </details>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!loading && items.length === 0 && !error && <p class="empty">No audit entries.</p>}
      {loading && <p class="muted">Loading…</p>}
      {cursor && !loading && (
        <button type="button" onClick={() => void load(cursor)}>
          Load more
        </button>
      )}
    </div>
  );
}
