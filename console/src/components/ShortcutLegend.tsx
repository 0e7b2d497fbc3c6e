import { useState } from 'preact/hooks';

/**
 * Single-key shortcuts can be turned off (WCAG 2.1.4: speech input and screen-reader users type
 * letters that must not decide items). The choice is kept in localStorage.
 */
const STORAGE = 'joinery.console.shortcuts';

export function useShortcutsEnabled(): [boolean, (on: boolean) => void] {
  const [on, setOn] = useState(() => localStorage.getItem(STORAGE) !== 'off');
  return [
    on,
    (next: boolean) => {
      localStorage.setItem(STORAGE, next ? 'on' : 'off');
      setOn(next);
    },
  ];
}

export const SHORTCUTS: Array<[string[], string]> = [
  [['m'], 'match'],
  [['n'], 'no match'],
  [['s'], 'skip'],
  [['↓', '→'], 'next item'],
  [['↑', '←'], 'previous item'],
  [['r'], 'type a reason'],
  [['Esc'], 'leave the reason field'],
];

/** Always visible next to the queue: stewards clear hundreds of items a day. */
export function ShortcutLegend({ enabled, onToggle }: { enabled: boolean; onToggle: (on: boolean) => void }) {
  return (
    <aside class={`shortcuts ${enabled ? '' : 'off'}`} aria-labelledby="shortcuts-title">
      <h2 id="shortcuts-title">Keyboard</h2>
      <label class="toggle">
        <input type="checkbox" checked={enabled} onChange={(e) => onToggle(e.currentTarget.checked)} />
        single-key shortcuts
      </label>
      <dl>
        {SHORTCUTS.map(([keys, action]) => (
          <div key={action}>
            <dt>
              {keys.map((k, i) => (
                <span key={k}>
                  {i > 0 && ' '}
                  <kbd>{k}</kbd>
                </span>
              ))}
            </dt>
            <dd>{action}</dd>
          </div>
        ))}
      </dl>
    </aside>
  );
}
