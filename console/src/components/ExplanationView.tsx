import { formatPercent, formatWeight } from '../format';
import type { Explanation } from '../types';

/**
 * Why the matcher scored a pair as it did: the blocking key that made it a candidate, the rule that
 * decided it (if any), and the level each comparison reached with its weight (log2 m/u).
 */
export function ExplanationView({
  explanation,
  score,
  probability,
}: {
  explanation: Explanation;
  score: number;
  probability: number;
}) {
  const { comparisons } = explanation;
  const largest = Math.max(1, ...comparisons.map((c) => Math.abs(c.weight)));
  return (
    <div class="explanation">
      <dl class="facts">
        <div>
          <dt>Probability</dt>
          <dd>{formatPercent(probability)}</dd>
        </div>
        <div>
          <dt>Score</dt>
          <dd>{formatWeight(score)}</dd>
        </div>
        <div>
          <dt>Blocking key</dt>
          <dd>
            <code>{explanation.blockingKey ?? '—'}</code>
          </dd>
        </div>
        <div>
          <dt>Rule</dt>
          <dd>{explanation.rule ?? 'none (scored)'}</dd>
        </div>
        <div>
          <dt>Prior weight</dt>
          <dd>{formatWeight(explanation.priorWeight)}</dd>
        </div>
        <div>
          <dt>Total weight</dt>
          <dd>{formatWeight(explanation.totalWeight)}</dd>
        </div>
      </dl>
      {comparisons.length > 0 && (
        <table class="comparisons">
          <caption class="visually-hidden">Comparisons</caption>
          <thead>
            <tr>
              <th scope="col">Comparison</th>
              <th scope="col">Level</th>
              <th scope="col" class="num">
                Weight
              </th>
              <th scope="col" aria-hidden="true"></th>
            </tr>
          </thead>
          <tbody>
            {comparisons.map((c) => (
              <tr key={c.name}>
                <th scope="row">{c.name}</th>
                <td>
                  <span class="level">{c.level}</span> {c.label}
                  {c.termFrequency !== null && <span class="muted"> (tf {c.termFrequency.toFixed(3)})</span>}
                </td>
                <td class={`num ${c.weight < 0 ? 'neg' : 'pos'}`}>{formatWeight(c.weight)}</td>
                <td class="bar-cell" aria-hidden="true">
                  {/* Preact sets style through the CSSOM, which the page's CSP allows. */}
                  <span
                    class={`bar ${c.weight < 0 ? 'neg' : 'pos'}`}
                    style={{ width: `${Math.round((Math.abs(c.weight) / largest) * 100)}%` }}
                  ></span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {explanation.stewardRequest && (
        <details>
          <summary>Steward request</summary>
          <pre>{JSON.stringify(explanation.stewardRequest, null, 2)}</pre>
        </details>
      )}
    </div>
  );
}
