import { useEffect, useState } from 'preact/hooks';
import { ErrorBanner } from '../components/ErrorBanner';
import { GoldenLink } from '../components/Links';
import { EntityTypeOptions, useEntityTypes } from '../entity-types';
import { formatValue } from '../format';
import { href, navigate } from '../router';
import { useSession } from '../session';
import type { GoldenSearchResponse } from '../types';

/** Fuzzy search of golden entities by their survived attributes (GET /v1/golden/search). */
export function SearchPage({ params }: { params: URLSearchParams }) {
  const { api } = useSession();
  const [types, rememberTypes] = useEntityTypes();
  const entityType = params.get('entityType') ?? '';
  const q = params.get('q') ?? '';
  const [draft, setDraft] = useState({ entityType: entityType || types[0] || '', q });
  const [found, setFound] = useState<GoldenSearchResponse | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    setDraft({ entityType: entityType || types[0] || '', q });
    setFound(null);
    setError(null);
    if (!entityType || q.length < 2) return;
    let current = true;
    setLoading(true);
    api
      .get<GoldenSearchResponse>('/v1/golden/search', { entityType, q, limit: 25 })
      .then((res) => {
        if (!current) return;
        setFound(res);
        rememberTypes(entityType);
      })
      .catch((e: unknown) => current && setError(e))
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [entityType, q]);

  return (
    <div>
      <h1>Search golden entities</h1>
      <form
        class="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(href(['search'], { entityType: draft.entityType.trim(), q: draft.q.trim() }));
        }}
      >
        <label>
          Entity type
          <input
            name="entityType"
            required
            list="search-types"
            value={draft.entityType}
            onInput={(e) => setDraft({ ...draft, entityType: e.currentTarget.value })}
          />
        </label>
        <EntityTypeOptions id="search-types" types={types} />
        <label class="grow">
          Search
          <input
            name="q"
            type="search"
            required
            minLength={2}
            maxLength={200}
            placeholder="a name, an email, a misspelling…"
            value={draft.q}
            onInput={(e) => setDraft({ ...draft, q: e.currentTarget.value })}
          />
        </label>
        <button type="submit" class="primary">
          Search
        </button>
      </form>
      <ErrorBanner error={error} />
      {loading && <p class="muted">Searching…</p>}
      {found && found.results.length === 0 && <p class="empty">No golden entity matches “{found.q}”.</p>}
      {found && found.results.length > 0 && (
        <ol class="results">
          {found.results.map((hit) => (
            <li key={hit.goldenId} class="result-card">
              <div>
                <GoldenLink id={hit.goldenId} />{' '}
                <span class="muted small">
                  score {hit.score.toFixed(2)} · {hit.memberCount} member{hit.memberCount === 1 ? '' : 's'}
                </span>
              </div>
              <dl class="inline">
                {Object.entries(hit.attributes).map(([field, value]) => (
                  <div key={field}>
                    <dt>{field}</dt>
                    <dd>{formatValue(value)}</dd>
                  </div>
                ))}
              </dl>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
