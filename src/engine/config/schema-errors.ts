/** Turns ajv errors into path + message issues a user can act on. */
import type { ErrorObject } from 'ajv';
import type { IssueList } from './matcher-config.error';

/** `/comparisons/2/levels/1/threshold` → `comparisons[2].levels[1].threshold`. */
export function toPath(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce(
      (path, segment) =>
        /^\d+$/.test(segment) ? `${path}[${segment}]` : path ? `${path}.${segment}` : segment,
      '',
    );
}

function describe(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (error.propertyName !== undefined) return `invalid name "${error.propertyName}" (use lower_snake_case)`;
  switch (error.keyword) {
    case 'additionalProperties':
      return `unknown key "${String(params.additionalProperty)}"`;
    case 'required':
      return `missing required key "${String(params.missingProperty)}"`;
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'oneOf': {
      const description = (error.parentSchema as { description?: string } | undefined)?.description;
      return description ?? 'does not match any allowed form';
    }
    default:
      return error.message ?? error.keyword;
  }
}

/**
 * A `oneOf` failure makes ajv report every branch. When a deeper error explains the problem (a wrong
 * option inside the object form), keep that one; otherwise keep one message for the `oneOf` itself.
 */
export function reportSchemaErrors(errors: readonly ErrorObject[], issues: IssueList): void {
  const oneOfPaths = new Set(errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath));
  const explained = (path: string) =>
    errors.some(
      (e) =>
        e.keyword !== 'oneOf' &&
        e.keyword !== 'propertyNames' &&
        (e.instancePath.startsWith(`${path}/`) ||
          (e.instancePath === path && e.keyword !== 'type' && e.keyword !== 'enum')),
    );
  const seen = new Set<string>();
  for (const error of errors) {
    const insideOneOf = oneOfPaths.has(error.instancePath);
    if (error.keyword === 'oneOf' && explained(error.instancePath)) continue;
    if (insideOneOf && (error.keyword === 'type' || error.keyword === 'enum')) continue;
    if (error.keyword === 'propertyNames') continue;
    const message = describe(error);
    const key = `${error.instancePath}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.add(toPath(error.instancePath), message);
  }
}
