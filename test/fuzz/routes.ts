import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/** One operation of openapi.yaml, with its parameters resolved: what the fuzzer can call. */
export interface FuzzOperation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  route: string;
  role: string | null;
  params: Array<{ name: string; in: 'path' | 'query' | 'header'; schema: Schema }>;
  hasBody: boolean;
}

export interface Schema {
  type?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  format?: string;
}

type Raw = Record<string, unknown>;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

export function loadOperations(): FuzzOperation[] {
  const spec = parse(readFileSync(path.resolve(__dirname, '../../openapi.yaml'), 'utf8')) as {
    paths: Record<string, Raw>;
    components: { parameters: Record<string, Raw> };
  };
  const resolve = (p: Raw): Raw =>
    typeof p.$ref === 'string' ? spec.components.parameters[p.$ref.split('/').pop()!] : p;
  return Object.entries(spec.paths).flatMap(([route, item]) =>
    METHODS.filter((m) => item[m]).map((method): FuzzOperation => {
      const op = item[method] as Raw;
      const params = [...((item.parameters as Raw[]) ?? []), ...((op.parameters as Raw[]) ?? [])].map(
        resolve,
      );
      return {
        method,
        route,
        role: (op['x-required-role'] as string | undefined) ?? null,
        params: params.map((p) => ({
          name: p.name as string,
          in: p.in as 'path' | 'query' | 'header',
          schema: (p.schema as Schema) ?? {},
        })),
        hasBody: op.requestBody !== undefined,
      };
    }),
  );
}
