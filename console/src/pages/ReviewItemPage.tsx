import { useEffect, useState } from 'preact/hooks';
import { ErrorBanner } from '../components/ErrorBanner';
import { DEFAULT_REASON, Decision, ReviewPanel } from '../components/ReviewPanel';
import { goldenHref } from '../router';
import { useSession } from '../session';
import type { ReviewDecisionResult, ReviewItem } from '../types';
import { NeedsSteward } from './NeedsSteward';

export function ReviewItemPage({ id }: { id: string }) {
  return useSession().canSteward ? <ReviewItemView id={id} /> : <NeedsSteward what="A review item" />;
}

/** One item by id (a link from the audit log or a colleague), decided with the buttons. */
function ReviewItemView({ id }: { id: string }) {
  const { api, notify } = useSession();
  const [item, setItem] = useState<ReviewItem | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setItem(null);
    setError(null);
    api.get<ReviewItem>(`/v1/review/${encodeURIComponent(id)}`).then(setItem, setError);
  }, [id]);

  const decide = async (decision: Decision): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const result = await api.post<ReviewDecisionResult>(`/v1/review/${encodeURIComponent(id)}/decision`, {
        decision,
        reason: reason.trim() || DEFAULT_REASON,
      });
      setItem(result.item);
      const entity = result.entities[0];
      notify({
        text: `#${id} ${decision === 'match' ? 'match' : 'no match'} recorded.`,
        link: entity && { href: goldenHref(entity.goldenId), label: 'Open the golden entity' },
      });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div>
      <p>
        <a href="#/queue">← Review queue</a>
      </p>
      <ErrorBanner error={error} />
      {!item && !error && <p class="muted">Loading…</p>}
      {item && (
        <ReviewPanel
          item={item}
          canDecide={true}
          busy={busy}
          reason={reason}
          onReason={setReason}
          onDecide={(d) => void decide(d)}
        />
      )}
    </div>
  );
}
