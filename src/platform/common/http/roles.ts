import { SetMetadata } from '@nestjs/common';

export const ROLES = ['reader', 'ingest', 'steward', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Which key roles may call a route that requires a role. Stewards read too; admins may do
 * everything (key management and matcher operations are theirs alone). Ingest keys only ingest:
 * a pipeline's credential should not read golden data.
 */
export const GRANTS: Readonly<Record<Role, readonly Role[]>> = {
  reader: ['reader', 'steward', 'admin'],
  ingest: ['ingest', 'admin'],
  steward: ['steward', 'admin'],
  admin: ['admin'],
};

/** The authenticated caller, set on the request by the guard. */
export interface Principal {
  /** Key id, or `bootstrap-admin` for ADMIN_API_KEY. */
  id: string;
  name: string;
  role: Role;
}

export const ROLE_KEY = 'joinery:role';
export const PUBLIC_KEY = 'joinery:public';

/** The role a route requires. Every route declares one, or is @Public(): the guard refuses the rest. */
export const RequireRole = (role: Role) => SetMetadata(ROLE_KEY, role);

/** Open without a key (health, metrics — each configurable). */
export const Public = (setting?: 'health' | 'metrics') => SetMetadata(PUBLIC_KEY, setting ?? true);
