import { useEffect, useRef } from 'preact/hooks';
import { formatAge, formatPercent, recordKey } from '../format';
import type { ReviewItem } from '../types';

export interface QueueListProps {
  items: ReviewItem[];
  selected: number;
  skipped: ReadonlySet<string>;
  onSelect: (index: number) => void;
}

/** The loaded page(s) of the queue; the selected row stays in view as the arrows move it. */
export function QueueList({ items, selected, skipped, onSelect }: QueueListProps) {
  const body = useRef<HTMLTableSectionElement>(null);
  useEffect(() => {
    body.current?.children[selected]?.scrollIntoView({ block: 'nearest' });
  }, [selected, items]);
  return (
    <div class="queue-scroll">
      <table class="queue-list">
        <caption class="visually-hidden">Open review items</caption>
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">Records</th>
            <th scope="col" class="num">
              Probability
            </th>
            <th scope="col" class="num">
              Age
            </th>
          </tr>
        </thead>
        <tbody ref={body}>
          {items.map((item, i) => (
            <tr
              key={item.id}
              class={`${i === selected ? 'selected' : ''} ${skipped.has(item.id) ? 'skipped' : ''}`}
              aria-selected={i === selected}
              data-item-id={item.id}
              onClick={() => onSelect(i)}
            >
              <td>
                <button
                  type="button"
                  class="link"
                  aria-current={i === selected ? 'true' : undefined}
                  onClick={() => onSelect(i)}
                >
                  #{item.id}
                </button>
                <div class="muted small">{item.entityType}</div>
              </td>
              <td class="small">
                <code>{recordKey(item.a)}</code>
                <br />
                <code>{recordKey(item.b)}</code>
                {skipped.has(item.id) && <span class="muted"> (skipped)</span>}
              </td>
              <td class="num">{formatPercent(item.probability)}</td>
              <td class="num small">{formatAge(item.ageSeconds)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
