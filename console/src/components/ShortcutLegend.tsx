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
export function ShortcutLegend() {
  return (
    <aside class="shortcuts" aria-labelledby="shortcuts-title">
      <h2 id="shortcuts-title">Keyboard</h2>
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
