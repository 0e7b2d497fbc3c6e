import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';
import { QueueList } from '../components/QueueList';
import { DEFAULT_REASON, Decision, ReviewPanel } from '../components/ReviewPanel';
import { ShortcutLegend, useShortcutsEnabled } from '../components/ShortcutLegend';
import { EntityTypeOptions, useEntityTypes } from '../entity-types';
import { recordKey } from '../format';
import { goldenHref, href, navigate } from '../router';
import { useSession } from '../session';
import type { GovernanceSnapshot, ReviewDecisionResult, ReviewItem, ReviewPage } from '../types';
import { NeedsSteward } from './NeedsSteward';

const PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 200;

interface Filters {
  entityType: string;
  sort: 'age' | 'score';
  order: 'asc' | 'desc';
}

function filtersOf(params: URLSearchParams): Filters {
  return {
    entityType: params.get('entityType') ?? '',
    sort: params.get('sort') === 'score' ? 'score' : 'age',
    order: params.get('order') === 'asc' ? 'asc' : 'desc',
  };
}

/** Items per page: `limit` in the URL (1 to 200), else 50. */
function pageSizeOf(params: URLSearchParams): number {
  const limit = Number(params.get('limit'));
  return Number.isInteger(limit) && limit >= 1 ? Math.min(limit, MAX_PAGE_SIZE) : PAGE_SIZE;
}

/** A decision closes every open item on the same pair. */
const pairOf = (item: ReviewItem): string =>
  [item.entityType, ...[recordKey(item.a), recordKey(item.b)].sort()].join('|');

/** Keys typed into a field are text, not shortcuts. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function QueuePage({ params }: { params: URLSearchParams }) {
  return useSession().canSteward ? <Queue params={params} /> : <NeedsSteward what="The review queue" />;
}

function Queue({ params }: { params: URLSearchParams }) {
  const { api, notify } = useSession();
  const filters = filtersOf(params);
  const pageSize = pageSizeOf(params);
  const [items, setItems] = useState<ReviewItem[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [selected, setSelected] = useState(0);
  const [skipped, setSkipped] = useState<ReadonlySet<string>>(new Set());
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const [openTotal, setOpenTotal] = useState<number | null>(null);
  const [types, rememberTypes] = useEntityTypes();
  const reasonRef = useRef<HTMLInputElement>(null);
  const [shortcuts, setShortcuts] = useShortcutsEnabled();
  const [draft, setDraft] = useState(filters);

  const fetchPage = (after: string | null): Promise<ReviewPage> =>
    api.get<ReviewPage>('/v1/review', {
      entityType: filters.entityType,
      sort: filters.sort,
      order: filters.order,
      limit: pageSize,
      cursor: after,
    });

  useEffect(() => {
    let current = true;
    setLoading(true);
    setLoadError(null);
    setItems([]);
    setSelected(0);
    setDraft(filters);
    fetchPage(null)
      .then((page) => {
        if (!current) return;
        setItems(page.items);
        setCursor(page.nextCursor);
        rememberTypes(...page.items.map((i) => i.entityType));
      })
      .catch((e: unknown) => current && setLoadError(e))
      .finally(() => current && setLoading(false));
    api
      .get<GovernanceSnapshot>('/v1/review/stats', { entityType: filters.entityType, days: 1 })
      .then((s) => current && setOpenTotal(s.openByAge.total))
      .catch(() => current && setOpenTotal(null));
    return () => {
      current = false;
    };
  }, [filters.entityType, filters.sort, filters.order, pageSize]);

  const loadMore = async (): Promise<void> => {
    if (!cursor || loading) return;
    setLoading(true);
    try {
      const page = await fetchPage(cursor);
      setItems((current) => {
        const known = new Set(current.map((i) => i.id));
        return [...current, ...page.items.filter((i) => !known.has(i.id))];
      });
      setCursor(page.nextCursor);
    } catch (e) {
      setLoadError(e);
    } finally {
      setLoading(false);
    }
  };

  const move = (delta: number): void => {
    const next = selected + delta;
    if (next >= items.length - 1 && cursor) void loadMore();
    setSelected(Math.max(0, Math.min(next, items.length - 1)));
    setActionError(null);
    setReason('');
  };

  const removeClosed = (item: ReviewItem): number => {
    const pair = pairOf(item);
    const rest = items.filter((i) => pairOf(i) !== pair);
    setItems(rest);
    setSelected(Math.max(0, Math.min(selected, rest.length - 1)));
    setOpenTotal((total) => (total === null ? null : Math.max(0, total - (items.length - rest.length))));
    if (rest.length - selected <= 1 && cursor) void loadMore();
    return rest.length;
  };

  const decide = async (decision: Decision): Promise<void> => {
    const item = items[selected];
    if (!item || busy) return;
    setBusy(true);
    setActionError(null);
    try {
      const result = await api.post<ReviewDecisionResult>(`/v1/review/${item.id}/decision`, {
        decision,
        reason: reason.trim() || DEFAULT_REASON,
      });
      const a = recordKey(item.a);
      const b = recordKey(item.b);
      const entity =
        result.entities.find((e) => e.members.some((m) => recordKey(m) === a)) ?? result.entities[0];
      notify({
        text:
          decision === 'match'
            ? `#${item.id} match: ${a} and ${b} are now golden ${entity?.goldenId} (${entity?.members.length} members).`
            : `#${item.id} no match: ${a} and ${b} stay apart.`,
        link: entity && { href: goldenHref(entity.goldenId), label: 'Open the golden entity' },
      });
      setReason('');
      removeClosed(item);
    } catch (e) {
      setActionError(e);
      if (e instanceof ApiError && e.code === 'STEWARDSHIP.REVIEW_CLOSED') removeClosed(item);
    } finally {
      setBusy(false);
    }
  };

  const skip = (): void => {
    const item = items[selected];
    if (!item) return;
    setSkipped((s) => new Set(s).add(item.id));
    move(1);
  };

  // One listener for the page's life; it calls the handlers of the latest render.
  const handlers = useRef({ decide, skip, move, shortcuts });
  handlers.current = { decide, skip, move, shortcuts };
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.ctrlKey || e.metaKey || e.altKey || !handlers.current.shortcuts) return;
      if (isTyping(e.target)) {
        if (e.key === 'Escape') (e.target as HTMLElement).blur();
        return;
      }
      const h = handlers.current;
      const actions: Record<string, () => void> = {
        m: () => void h.decide('match'),
        n: () => void h.decide('no-match'),
        s: h.skip,
        ArrowDown: () => h.move(1),
        ArrowRight: () => h.move(1),
        ArrowUp: () => h.move(-1),
        ArrowLeft: () => h.move(-1),
        r: () => reasonRef.current?.focus(),
      };
      const action = actions[e.key];
      if (!action) return;
      e.preventDefault();
      action();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const applyFilters = (e: Event): void => {
    e.preventDefault();
    const limit = params.get('limit') ?? undefined;
    navigate(href(['queue'], { ...draft, entityType: draft.entityType.trim(), limit }));
  };

  const item = items[selected];
  return (
    <div class="queue-page">
      <div class="page-title">
        <h1>Review queue</h1>
        <p class="muted" aria-live="polite">
          {openTotal !== null && `${openTotal} open`}
          {filters.entityType && ` · ${filters.entityType}`}
          {items.length > 0 && ` · item ${selected + 1} of ${items.length} loaded`}
        </p>
      </div>
      <form class="filters" onSubmit={applyFilters} aria-label="Queue filters">
        <label>
          Entity type
          <input
            name="entityType"
            list="queue-types"
            value={draft.entityType}
            placeholder="all"
            onInput={(e) => setDraft({ ...draft, entityType: e.currentTarget.value })}
          />
        </label>
        <EntityTypeOptions id="queue-types" types={types} />
        <label>
          Sort by
          <select
            name="sort"
            value={draft.sort}
            onChange={(e) =>
              setDraft({ ...draft, sort: e.currentTarget.value === 'score' ? 'score' : 'age' })
            }
          >
            <option value="age">age</option>
            <option value="score">score</option>
          </select>
        </label>
        <label>
          Order
          <select
            name="order"
            value={draft.order}
            onChange={(e) => setDraft({ ...draft, order: e.currentTarget.value === 'asc' ? 'asc' : 'desc' })}
          >
            <option value="desc">{draft.sort === 'age' ? 'oldest first' : 'highest first'}</option>
            <option value="asc">{draft.sort === 'age' ? 'newest first' : 'lowest first'}</option>
          </select>
        </label>
        <button type="submit">Apply</button>
      </form>
      <ErrorBanner error={loadError} />
      <div class="queue-layout">
        <div class="queue-side">
          {items.length > 0 && (
            <QueueList
              items={items}
              selected={selected}
              skipped={skipped}
              onSelect={(i) => move(i - selected)}
            />
          )}
          {!loading && items.length === 0 && !loadError && <p class="empty">No open review items.</p>}
          {cursor && (
            <button type="button" onClick={() => void loadMore()} disabled={loading}>
              Load more
            </button>
          )}
          {loading && <p class="muted">Loading…</p>}
          <ShortcutLegend enabled={shortcuts} onToggle={setShortcuts} />
        </div>
        <div class="queue-main">
          <ErrorBanner error={actionError} onDismiss={() => setActionError(null)} />
          {item && (
            <ReviewPanel
              item={item}
              canDecide={true}
              busy={busy}
              reason={reason}
              onReason={setReason}
              onDecide={(d) => void decide(d)}
              onSkip={skip}
              reasonRef={reasonRef}
            />
          )}
        </div>
      </div>
    </div>
  );
}
