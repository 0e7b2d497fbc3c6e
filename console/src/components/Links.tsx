import { recordKey } from '../format';
import { goldenHref } from '../router';
import type { MemberRef } from '../types';

export function GoldenLink({ id }: { id: string | null }) {
  if (!id) return <span class="muted">none</span>;
  return (
    <a href={goldenHref(id)} class="id">
      {id}
    </a>
  );
}

export const RecordKey = ({ record }: { record: MemberRef }) => <code>{recordKey(record)}</code>;
