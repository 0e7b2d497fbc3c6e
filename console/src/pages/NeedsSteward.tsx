import { useSession } from '../session';

/** What a reader key gets where stewards work: a plain statement, and no action to try. */
export function NeedsSteward({ what }: { what: string }) {
  const { role } = useSession();
  return (
    <div>
      <h1>Steward access needed</h1>
      <p class="notice" role="status">
        {what} needs a <strong>steward</strong> key; this key has the <strong>{role}</strong> role. Ask an
        admin for a steward key, or use <a href="#/search">search</a> to browse golden entities.
      </p>
    </div>
  );
}
