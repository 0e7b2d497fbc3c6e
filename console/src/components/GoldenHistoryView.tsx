import { useEffect, useState } from 'preact/hooks';
import { formatTime, formatValue, recordKey } from '../format';
import { useSession } from '../session';
import type { GoldenHistory, GoldenHistoryEvent, MemberRef } from '../types';
import { ErrorBanner } from './ErrorBanner';
import { GoldenLink } from './Links';

const LABELS: Record<string, string> = {
  'golden.created': 'Created',
  'golden.member-added': 'Members added',
  'golden.member-removed': 'Members removed',
  'golden.merged': 'Merged',
  'golden.split': 'Split',
  'golden.attributes-changed': 'Attributes changed',
  'golden.deleted': 'Deleted',
};

const Records = ({ label, records }: { label: string; records?: MemberRef[] }) =>
  records && records.length > 0 ? (
    <div>
      {label}:{' '}
      {records.map((r) => (
        <code key={recordKey(r)}>{recordKey(r)} </code>
      ))}
    </div>
  ) : null;

function AttributeChanges({
  before,
  after,
}: {
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
}) {
  if (!before && !after) return null;
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].filter(
    (f) => JSON.stringify(before?.[f]) !== JSON.stringify(after?.[f]),
  );
  if (fields.length === 0) return null;
  return (
    <table class="changes">
      <thead>
        <tr>
          <th scope="col">Attribute</th>
          <th scope="col">Before</th>
          <th scope="col">After</th>
        </tr>
      </thead>
      <tbody>
        {fields.map((f) => (
          <tr key={f}>
            <th scope="row">{f}</th>
            <td>{formatValue(before?.[f])}</td>
            <td>{formatValue(after?.[f])}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function EventItem({ event }: { event: GoldenHistoryEvent }) {
  return (
    <li class="event" data-type={event.type}>
      <div class="event-head">
        <span class="version">v{event.version}</span> <strong>{LABELS[event.type] ?? event.type}</strong>{' '}
        <span class="badge">{event.cause}</span>{' '}
        <time dateTime={event.occurredAt}>{formatTime(event.occurredAt)}</time>
      </div>
      <Records label="added" records={event.added} />
      <Records label="removed" records={event.removed} />
      {event.splitFrom && (
        <div>
          split from <GoldenLink id={event.splitFrom} />
        </div>
      )}
      {event.survivorId && (
        <div>
          survivor <GoldenLink id={event.survivorId} />
          {event.retiredIds && event.retiredIds.length > 0 && (
            <>
              {' '}
              · retired{' '}
              {event.retiredIds.map((r) => (
                <span key={r}>
                  <GoldenLink id={r} />{' '}
                </span>
              ))}
            </>
          )}
        </div>
      )}
      {event.newIds && event.newIds.length > 0 && (
        <div>
          new entities{' '}
          {event.newIds.map((n) => (
            <span key={n}>
              <GoldenLink id={n} />{' '}
            </span>
          ))}
        </div>
      )}
      <AttributeChanges before={event.before} after={event.after} />
      <div class="muted small">
        {event.members.length} member{event.members.length === 1 ? '' : 's'} after
      </div>
    </li>
  );
}

/** The entity's golden change events in version order, a page at a time. */
export function GoldenHistoryView({ id, generation }: { id: string; generation: number }) {
  const { api } = useSession();
  const [history, setHistory] = useState<GoldenHistory | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = async (after: number, append: boolean): Promise<void> => {
    try {
      const page = await api.get<GoldenHistory>(`/v1/golden/${encodeURIComponent(id)}/history`, {
        after,
        limit: 100,
      });
      setHistory((current) =>
        append && current ? { ...page, events: [...current.events, ...page.events] } : page,
      );
    } catch (e) {
      setError(e);
    }
  };

  useEffect(() => {
    setHistory(null);
    setError(null);
    void load(0, false);
  }, [id, generation]);

  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">History{history && history.status !== 'active' && ` (${history.status})`}</h2>
      <ErrorBanner error={error} />
      {history && (
        <ol class="timeline">
          {history.events.map((e) => (
            <EventItem key={e.eventId} event={e} />
          ))}
        </ol>
      )}
      {history?.nextAfter !== null && history?.nextAfter !== undefined && (
        <button type="button" onClick={() => void load(history.nextAfter ?? 0, true)}>
          Load more history
        </button>
      )}
    </section>
  );
}
