import { useCallback, useState } from 'preact/hooks';

/**
 * Entity types the console has seen (no route lists them), offered as suggestions in the type
 * fields. Kept in localStorage: type names are configuration, not data.
 */
const STORAGE = 'joinery.console.entityTypes';

function load(): string[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

export function useEntityTypes(): [string[], (...types: string[]) => void] {
  const [types, setTypes] = useState(load);
  const remember = useCallback((...seen: string[]) => {
    setTypes((current) => {
      const fresh = seen.filter((t) => t && !current.includes(t));
      if (fresh.length === 0) return current;
      const next = [...current, ...fresh].sort().slice(0, 100);
      localStorage.setItem(STORAGE, JSON.stringify(next));
      return next;
    });
  }, []);
  return [types, remember];
}

export function EntityTypeOptions({ id, types }: { id: string; types: string[] }) {
  return (
    <datalist id={id}>
      {types.map((t) => (
        <option key={t} value={t} />
      ))}
    </datalist>
  );
}
