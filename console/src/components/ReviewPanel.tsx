import type { Ref } from 'preact';
import { attributeRows, formatAge, formatTime, formatValue } from '../format';
import type { ReviewItem, ReviewSide } from '../types';
import { ExplanationView } from './ExplanationView';
import { GoldenLink, RecordKey } from './Links';

export type Decision = 'match' | 'no-match';

/** The reason sent when the steward leaves the field empty (the API requires one). */
export const DEFAULT_REASON = 'Reviewed in the steward console';

const REASONS: Record<ReviewItem['reason'], string> = {
  review_band: 'review band',
  constraint_conflict: 'constraint conflict',
};

function SideHeader({ label, side }: { label: string; side: ReviewSide }) {
  return (
    <th scope="col">
      <span class="side-label">{label}</span> <RecordKey record={side} />
      <div class="side-golden">
        golden <GoldenLink id={side.goldenId} />
      </div>
      {side.attributes === null && <div class="muted">deleted</div>}
    </th>
  );
}

export interface ReviewPanelProps {
  item: ReviewItem;
  /** Stewards and admins: the decision form is shown. */
  canDecide: boolean;
  busy: boolean;
  reason: string;
  onReason: (reason: string) => void;
  onDecide: (decision: Decision) => void;
  onSkip?: () => void;
  reasonRef?: Ref<HTMLInputElement>;
}

/** One review item: the two records side by side (differences marked), why they scored so, and the decision. */
export function ReviewPanel(props: ReviewPanelProps) {
  const { item, canDecide, busy } = props;
  const rows = attributeRows(item.a.attributes, item.b.attributes);
  const differing = rows.filter((r) => r.differs || r.oneSided).length;
  const open = item.status === 'open';
  return (
    <section class="review" aria-labelledby="review-title" data-item-id={item.id}>
      <header class="review-header">
        <h2 id="review-title">Review item #{item.id}</h2>
        <span class={`badge ${item.reason}`}>{REASONS[item.reason]}</span>
        <span class="muted">
          {item.entityType} · opened {formatTime(item.createdAt)} ({formatAge(item.ageSeconds)} ago)
          {item.assignee && ` · assigned to ${item.assignee}`}
        </span>
      </header>
      {!open && (
        <p class="notice">
          This item is <strong>{item.status}</strong>
          {item.decision && (
            <>
              {' '}
              ({item.decision} by {item.decidedBy} at {formatTime(item.decidedAt)}: {item.decisionReason})
            </>
          )}
          .
        </p>
      )}
      <table class="sides">
        <caption>
          The two records side by side: {differing} of {rows.length} attributes differ
        </caption>
        <thead>
          <tr>
            <th scope="col">Attribute</th>
            <SideHeader label="A" side={item.a} />
            <SideHeader label="B" side={item.b} />
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr
              key={row.field}
              class={row.differs ? 'differs' : row.oneSided ? 'one-sided' : 'same'}
              data-field={row.field}
            >
              <th scope="row">
                {row.field}
                {row.differs && <span class="marker"> ≠ differs</span>}
                {row.oneSided && <span class="marker"> only one side</span>}
              </th>
              <td>{formatValue(row.a)}</td>
              <td>{formatValue(row.b)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Explanation</h3>
      <ExplanationView explanation={item.explanation} score={item.score} probability={item.probability} />
      {canDecide && open && (
        <form class="decision" onSubmit={(e) => e.preventDefault()} aria-label="Decision">
          <label for="decision-reason">Reason</label>
          <input
            id="decision-reason"
            ref={props.reasonRef}
            type="text"
            maxLength={2000}
            value={props.reason}
            placeholder={`${DEFAULT_REASON} (when left empty)`}
            onInput={(e) => props.onReason(e.currentTarget.value)}
          />
          <div class="buttons">
            <button
              type="button"
              class="primary match"
              disabled={busy}
              onClick={() => props.onDecide('match')}
            >
              Match <kbd>m</kbd>
            </button>
            <button
              type="button"
              class="danger no-match"
              disabled={busy}
              onClick={() => props.onDecide('no-match')}
            >
              No match <kbd>n</kbd>
            </button>
            {props.onSkip && (
              <button type="button" class="skip" disabled={busy} onClick={props.onSkip}>
                Skip <kbd>s</kbd>
              </button>
            )}
          </div>
        </form>
      )}
    </section>
  );
}
