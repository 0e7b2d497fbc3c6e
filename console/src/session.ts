import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Api } from './api';
import type { Role } from './types';

/** sessionStorage: the key lives as long as the tab, and no other tab or later visit sees it. */
export const KEY_STORAGE = 'joinery.console.apiKey';

export interface Session {
  api: Api;
  role: Role;
  /** Stewards and admins may decide review items and change golden entities. */
  canSteward: boolean;
  /** A short confirmation in the status area (aria-live). */
  notify: (message: Notice) => void;
}

export interface Notice {
  text: string;
  link?: { href: string; label: string };
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in view');
  return session;
}
