import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';
import { ExplanationView } from '../components/ExplanationView';
import { GoldenActions } from '../components/GoldenActions';
import { GoldenHistoryView } from '../components/GoldenHistoryView';
import { GoldenLink, RecordKey } from '../components/Links';
import { formatPercent, formatTime, formatValue, recordKey } from '../format';
import { href, navigate } from '../router';
import { useSession } from '../session';
import type { GoldenEntity, GoldenExplain } from '../types';

/** A golden entity: survived attributes and their sources, members, links, history, and steward actions. */
export function GoldenPage({ id, retiredFrom }: { id: string; retiredFrom: string | null }) {
  const { api, canSteward } = useSession();
  const [entity, setEntity] = useState<GoldenEntity | null>(null);
  const [explain, setExplain] = useState<GoldenExplain | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  // Bumped after a steward operation: everything is read again.
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let current = true;
    setError(null);
    setSelected(new Set());
    api
      .get<GoldenEntity>(`/v1/golden/${encodeURIComponent(id)}`)
      .then((data) => {
        if (!current) return;
        setEntity(data);
        // A retired id answers 308 to its survivor, which fetch follows: go there, and say so.
        if (data.goldenId !== id) navigate(href(['golden', data.goldenId], { from: id }), true);
      })
      .catch((e: unknown) => {
        if (!current) return;
        setEntity(null);
        setError(e);
      });
    api
      .get<GoldenExplain>(`/v1/golden/${encodeURIComponent(id)}/explain`)
      .then((x) => current && setExplain(x))
      .catch(() => current && setExplain(null));
    return () => {
      current = false;
    };
  }, [id, generation]);

  const toggle = (key: string): void =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });

  const deleted = error instanceof ApiError && error.code === 'GOLDEN.DELETED';
  return (
    <div class="golden-page">
      <h1>
        Golden entity <span class="id">{id}</span>
      </h1>
      {retiredFrom && (
        <p class="notice" role="status">
          <code>{retiredFrom}</code> was merged into this entity and is retired; it forwards here.
        </p>
      )}
      <ErrorBanner error={error} />
      {entity && entity.goldenId === id && (
        <>
          <dl class="facts">
            <div>
              <dt>Entity type</dt>
              <dd>{entity.entityType}</dd>
            </div>
            <div>
              <dt>Status</dt>
              <dd>{entity.status}</dd>
            </div>
            <div>
              <dt>Version</dt>
              <dd>{entity.version}</dd>
            </div>
            <div>
              <dt>Created</dt>
              <dd>{formatTime(entity.createdAt)}</dd>
            </div>
            <div>
              <dt>Updated</dt>
              <dd>{formatTime(entity.updatedAt)}</dd>
            </div>
            {entity.splitFrom && (
              <div>
                <dt>Split from</dt>
                <dd>
                  <GoldenLink id={entity.splitFrom} />
                </dd>
              </div>
            )}
          </dl>

          <section aria-labelledby="attributes-title">
            <h2 id="attributes-title">Survived attributes</h2>
            <table class="attributes">
              <thead>
                <tr>
                  <th scope="col">Attribute</th>
                  <th scope="col">Value</th>
                  <th scope="col">Source</th>
                </tr>
              </thead>
              <tbody>
                {Object.entries(entity.attributes)
                  .sort(([x], [y]) => (x < y ? -1 : 1))
                  .map(([field, a]) => (
                    <tr key={field} data-field={field}>
                      <th scope="row">{field}</th>
                      <td class="value">{formatValue(a.value)}</td>
                      <td>
                        <RecordKey record={a} />
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </section>

          <section aria-labelledby="members-title">
            <h2 id="members-title">Members ({entity.members.length})</h2>
            <table class="members">
              <thead>
                <tr>
                  {canSteward && <th scope="col">Split off</th>}
                  <th scope="col">Record</th>
                  <th scope="col">Linked at</th>
                  <th scope="col">Cause</th>
                </tr>
              </thead>
              <tbody>
                {entity.members.map((m) => (
                  <tr key={recordKey(m)} data-member={recordKey(m)}>
                    {canSteward && (
                      <td>
                        <input
                          type="checkbox"
                          aria-label={`select ${recordKey(m)} to split off`}
                          checked={selected.has(recordKey(m))}
                          onChange={() => toggle(recordKey(m))}
                        />
                      </td>
                    )}
                    <td>
                      <RecordKey record={m} />
                    </td>
                    <td>{formatTime(m.linkedAt)}</td>
                    <td>{m.cause}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>

          <section aria-labelledby="links-title">
            <h2 id="links-title">Links</h2>
            {explain && explain.edges.length === 0 && <p class="muted">No match edges: a single record.</p>}
            {explain?.truncated && <p class="muted">Only the 1,000 strongest links are shown.</p>}
            <ul class="edges">
              {explain?.edges.map((edge) => (
                <li key={`${recordKey(edge.a)}|${recordKey(edge.b)}`}>
                  {/* A few links are read in full; many are opened one by one. */}
                  <details open={explain.edges.length <= 3}>
                    <summary>
                      <RecordKey record={edge.a} /> — <RecordKey record={edge.b} />{' '}
                      <span class={`badge ${edge.kind}`}>{edge.kind}</span> {formatPercent(edge.probability)}{' '}
                      · linked {formatTime(edge.linkedAt)}
                    </summary>
                    <ExplanationView
                      explanation={edge.explanation}
                      score={edge.score}
                      probability={edge.probability}
                    />
                  </details>
                </li>
              ))}
            </ul>
          </section>

          {canSteward && (
            <GoldenActions
              entity={entity}
              selected={[...selected]}
              onDone={() => setGeneration((g) => g + 1)}
            />
          )}
        </>
      )}
      {(entity?.goldenId === id || deleted) && <GoldenHistoryView id={id} generation={generation} />}
    </div>
  );
}
