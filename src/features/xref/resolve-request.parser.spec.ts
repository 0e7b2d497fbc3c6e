import { DomainException } from '../../platform/common/errors/domain.exception';
import { parseResolveRequest } from './resolve-request.parser';

const key = { entityType: 'person', domain: 'crm', sourceId: 'C-1' };

function problems(body: unknown): Array<{ field: string; reason: string }> {
  try {
    parseResolveRequest(body);
  } catch (e) {
    if (e instanceof DomainException) return e.details as Array<{ field: string; reason: string }>;
    throw e;
  }
  throw new Error('expected a DomainException');
}

describe('parseResolveRequest', () => {
  it('accepts keys with an optional asOf and targetDomain', () => {
    expect(parseResolveRequest({ keys: [key] })).toEqual({ keys: [key] });
    expect(
      parseResolveRequest({ keys: [key], asOf: '2026-01-01T00:00:00Z', targetDomain: 'billing' }),
    ).toEqual({
      keys: [key],
      asOf: '2026-01-01T00:00:00Z',
      targetDomain: 'billing',
    });
  });

  it.each([
    ['a non-object body', [key], ''],
    ['missing keys', {}, 'keys'],
    ['keys not an array', { keys: key }, 'keys'],
    ['no keys', { keys: [] }, 'keys'],
    ['a key that is not an object', { keys: ['crm:C-1'] }, 'keys[0]'],
    ['a missing sourceId', { keys: [{ entityType: 'person', domain: 'crm' }] }, 'keys[0].sourceId'],
    ['an empty domain', { keys: [{ ...key, domain: '' }] }, 'keys[0].domain'],
    ['an over-long domain', { keys: [{ ...key, domain: 'd'.repeat(129) }] }, 'keys[0].domain'],
    ['a numeric sourceId', { keys: [{ ...key, sourceId: 17 }] }, 'keys[0].sourceId'],
    ['an unknown key field', { keys: [{ ...key, role: 'owner' }] }, 'keys[0].role'],
    ['an unknown body field', { keys: [key], at: 'now' }, 'at'],
    ['a malformed asOf', { keys: [key], asOf: '2026-02-30T00:00:00Z' }, 'asOf'],
    ['an empty targetDomain', { keys: [key], targetDomain: '' }, 'targetDomain'],
    ['a NUL in a sourceId', { keys: [{ ...key, sourceId: 'C\u0000-1' }] }, 'keys[0].sourceId'],
    ['a control character in a domain', { keys: [{ ...key, domain: 'c\u0007rm' }] }, 'keys[0].domain'],
    [
      'an unpaired surrogate in an entityType',
      { keys: [{ ...key, entityType: '\uD800' }] },
      'keys[0].entityType',
    ],
    ['a NUL in targetDomain', { keys: [key], targetDomain: 'b\u0000' }, 'targetDomain'],
  ])('refuses %s with a reason for %s', (_name, body, field) => {
    expect(problems(body).map((p) => p.field)).toContain(field);
  });

  it('reports at most 100 problems for a batch of bad keys', () => {
    expect(problems({ keys: Array.from({ length: 5000 }, () => ({})) })).toHaveLength(100);
  });

  it('refuses more than 10,000 keys with XREF.TOO_MANY_KEYS before looking at them', () => {
    expect(() => parseResolveRequest({ keys: new Array(10_001).fill(null) })).toThrow(
      expect.objectContaining({ code: 'XREF.TOO_MANY_KEYS' }),
    );
    expect(parseResolveRequest({ keys: new Array(10_000).fill(key) }).keys).toHaveLength(10_000);
  });
});
