import { ApiError } from '../api';

interface FieldProblem {
  field: string;
  reason: string;
}

const isProblemList = (details: unknown): details is FieldProblem[] =>
  Array.isArray(details) &&
  details.every((d) => typeof d === 'object' && d !== null && 'field' in d && 'reason' in d);

/** An API error as the API said it: its code, its message and, for validation errors, each field. */
export function ErrorBanner({ error, onDismiss }: { error: unknown; onDismiss?: () => void }) {
  if (!error) return null;
  const api = error instanceof ApiError ? error : null;
  const details = api?.details;
  return (
    <div class="error" role="alert">
      <p>
        <code class="error-code">{api ? api.code : 'ERROR'}</code>{' '}
        <span class="error-message">{error instanceof Error ? error.message : JSON.stringify(error)}</span>
        {api?.status === 403 && <span> (this key&rsquo;s role may not do this)</span>}
      </p>
      {isProblemList(details) && details.length > 0 && (
        <ul>
          {details.map((d) => (
            <li key={d.field}>
              <code>{d.field}</code>: {d.reason}
            </li>
          ))}
        </ul>
      )}
      {details && !isProblemList(details) && Object.keys(details).length > 0 && (
        <details>
          <summary>Details</summary>
          <pre>{JSON.stringify(details, null, 2)}</pre>
        </details>
      )}
      {onDismiss && (
        <button type="button" class="link" onClick={onDismiss}>
          Dismiss
        </button>
      )}
    </div>
  );
}
