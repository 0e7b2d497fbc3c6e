import { useState } from 'preact/hooks';
import { recordKey } from '../format';
import { useSession } from '../session';
import type { GoldenEntity, GoldenOperationResult, MemberRef } from '../types';
import { ErrorBanner } from './ErrorBanner';
import { GoldenLink } from './Links';

type Run = (action: string, body: Record<string, unknown>) => Promise<boolean>;

const memberOf = (key: string, members: MemberRef[]): MemberRef | undefined =>
  members.find((m) => recordKey(m) === key);

function ReasonField({ id, value, onInput }: { id: string; value: string; onInput: (v: string) => void }) {
  return (
    <label for={id}>
      Reason
      <input
        id={id}
        required
        maxLength={2000}
        value={value}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
    </label>
  );
}

function MergeForm({ run, busy }: { run: Run; busy: boolean }) {
  const [other, setOther] = useState('');
  const [reason, setReason] = useState('');
  return (
    <form
      class="action"
      aria-labelledby="merge-title"
      onSubmit={(e) => {
        e.preventDefault();
        void run('merge', { otherGoldenId: other.trim(), reason }).then((ok) => ok && setOther(''));
      }}
    >
      <h3 id="merge-title">Merge</h3>
      <p class="muted small">Merge another entity into this one; the older golden id survives.</p>
      <label for="merge-other">
        Other golden id
        <input id="merge-other" required value={other} onInput={(e) => setOther(e.currentTarget.value)} />
      </label>
      <ReasonField id="merge-reason" value={reason} onInput={setReason} />
      <button type="submit" disabled={busy}>
        Merge
      </button>
    </form>
  );
}

function SplitForm({ run, busy, selected }: { run: Run; busy: boolean; selected: string[] }) {
  const [reason, setReason] = useState('');
  return (
    <form
      class="action"
      aria-labelledby="split-title"
      onSubmit={(e) => {
        e.preventDefault();
        const members = selected.map((key) => {
          const at = key.indexOf(':');
          return { domain: key.slice(0, at), sourceId: key.slice(at + 1) };
        });
        void run('split', { members, reason });
      }}
    >
      <h3 id="split-title">Split</h3>
      <p class="muted small">
        Split the members checked above off into a new entity ({selected.length} selected).
      </p>
      <ReasonField id="split-reason" value={reason} onInput={setReason} />
      <button type="submit" disabled={busy || selected.length === 0}>
        Split off {selected.length || ''}
      </button>
    </form>
  );
}

function MemberForm({
  kind,
  members,
  run,
  busy,
}: {
  kind: 'move' | 'keep-out';
  members: MemberRef[];
  run: Run;
  busy: boolean;
}) {
  const [chosen, setMember] = useState('');
  // The first member until one is chosen, and again when the chosen one has left the entity.
  const member = memberOf(chosen, members) ? chosen : members[0] ? recordKey(members[0]) : '';
  const [target, setTarget] = useState('');
  const [reason, setReason] = useState('');
  const title = kind === 'move' ? 'Move a member' : 'Keep a member out';
  return (
    <form
      class="action"
      aria-labelledby={`${kind}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        const ref = memberOf(member, members);
        if (!ref) return;
        const body =
          kind === 'move' ? { member: ref, targetGoldenId: target.trim(), reason } : { member: ref, reason };
        void run(kind, body);
      }}
    >
      <h3 id={`${kind}-title`}>{title}</h3>
      <p class="muted small">
        {kind === 'move'
          ? 'Move one member into another entity.'
          : 'Keep one member out of this entity for good.'}
      </p>
      <label for={`${kind}-member`}>
        Member
        <select id={`${kind}-member`} value={member} onChange={(e) => setMember(e.currentTarget.value)}>
          {members.map((m) => (
            <option key={recordKey(m)} value={recordKey(m)}>
              {recordKey(m)}
            </option>
          ))}
        </select>
      </label>
      {kind === 'move' && (
        <label for="move-target">
          Target golden id
          <input id="move-target" required value={target} onInput={(e) => setTarget(e.currentTarget.value)} />
        </label>
      )}
      <ReasonField id={`${kind}-reason`} value={reason} onInput={setReason} />
      <button type="submit" disabled={busy}>
        {kind === 'move' ? 'Move' : 'Keep out'}
      </button>
    </form>
  );
}

/** Manual merge, split, move and keep-out (stewards), each a form that calls the API. */
export function GoldenActions({
  entity,
  selected,
  onDone,
}: {
  entity: GoldenEntity;
  selected: string[];
  onDone: () => void;
}) {
  const { api } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<GoldenOperationResult | null>(null);

  const run: Run = async (action, body) => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const done = await api.post<GoldenOperationResult>(
        `/v1/golden/${encodeURIComponent(entity.goldenId)}/${action}`,
        body,
      );
      setResult(done);
      onDone();
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="actions-title" class="actions">
      <h2 id="actions-title">Steward actions</h2>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      {result && (
        <div class="result" role="status">
          <p>
            <strong>{result.action}</strong> done (audit entry {result.auditId}). The entities now:
          </p>
          <ul>
            {result.entities.map((e) => (
              <li key={e.goldenId}>
                <GoldenLink id={e.goldenId} />: {e.members.map(recordKey).join(', ')}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div class="action-grid">
        <MergeForm run={run} busy={busy} />
        <SplitForm run={run} busy={busy} selected={selected} />
        <MemberForm kind="move" members={entity.members} run={run} busy={busy} />
        <MemberForm kind="keep-out" members={entity.members} run={run} busy={busy} />
      </div>
    </section>
  );
}
