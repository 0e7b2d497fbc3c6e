import { DomainException } from './errors/domain.exception';
import { actorOf } from './actor';

describe('actorOf', () => {
  it.each([
    [
      'a principal set by a guard',
      { principal: { id: 'key-7', role: 'admin' } },
      { id: 'key-7', role: 'admin' },
    ],
    [
      'extra principal fields',
      { principal: { id: 'key-7', role: 'steward', name: 'ops' } as never },
      { id: 'key-7', role: 'steward' },
    ],
  ])('%s', (_name, request, expected) => {
    expect(actorOf(request)).toEqual(expected);
  });

  it.each([
    ['no principal', {}],
    ['a principal without a role', { principal: { id: 'key-7' } }],
    ['a principal with a non-string id', { principal: { id: 7, role: 'admin' } as never }],
  ])('refuses %s: nobody is served as an anonymous steward', (_name, request) => {
    expect(() => actorOf(request)).toThrow(
      expect.objectContaining({ code: 'AUTH.UNAUTHENTICATED' }) as DomainException,
    );
  });
});
