import type { Role } from './types';

/** An error answer of the API (`{ code, message, details }`), or a failure to reach it. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type Query = Record<string, string | number | undefined | null>;

/** `?a=1&b=x` of the defined, non-empty values ('' when there are none). */
export function queryString(query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

async function toApiError(res: Response): Promise<ApiError> {
  const text = await res.text();
  try {
    const body = JSON.parse(text) as { code?: unknown; message?: unknown; details?: unknown };
    if (typeof body.code === 'string' && typeof body.message === 'string')
      return new ApiError(res.status, body.code, body.message, body.details ?? null);
  } catch {
    // not the API's JSON error shape: a proxy's page, say
  }
  return new ApiError(res.status, `HTTP.${res.status}`, text.slice(0, 200) || res.statusText);
}

async function send(key: string, method: string, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { Authorization: `Bearer ${key}`, Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  try {
    return await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    });
  } catch (e) {
    throw new ApiError(0, 'NETWORK', `the service cannot be reached (${String(e)})`);
  }
}

export interface ApiResponse<T> {
  data: T;
  /** The final URL: differs from the request's after a redirect (a retired golden id's 308). */
  url: string;
}

/** The API with one key. A 401 also goes to `onUnauthenticated` (the key was revoked, say). */
export class Api {
  constructor(
    private readonly key: string,
    private readonly onUnauthenticated: (error: ApiError) => void,
  ) {}

  async request<T>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>> {
    const res = await send(this.key, method, path, body);
    if (!res.ok) {
      const error = await toApiError(res);
      if (res.status === 401) this.onUnauthenticated(error);
      throw error;
    }
    return { data: (await res.json()) as T, url: res.url };
  }

  async get<T>(path: string, query?: Query): Promise<T> {
    return (await this.request<T>('GET', path + queryString(query))).data;
  }

  async post<T>(path: string, body: unknown): Promise<T> {
    return (await this.request<T>('POST', path, body)).data;
  }
}

/**
 * The role of a key. No route names it, so this asks routes of decreasing rank that read no
 * personal data and change nothing: the review counters (steward), the key list (admin), and the
 * golden search without its parameters, which the guard refuses (403) to a key that may not read
 * before validation refuses it (400) to one that may.
 */
export async function probeRole(key: string): Promise<Role> {
  const stats = await send(key, 'GET', '/v1/review/stats?days=1');
  if (stats.ok) {
    const keys = await send(key, 'GET', '/v1/admin/keys?limit=1');
    return keys.ok ? 'admin' : 'steward';
  }
  if (stats.status !== 403) throw await toApiError(stats);
  const search = await send(key, 'GET', '/v1/golden/search');
  if (search.status === 403) return 'ingest';
  if (search.status === 400) return 'reader';
  throw await toApiError(search);
}
