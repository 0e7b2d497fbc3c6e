import { actorOf, ANONYMOUS_STEWARD } from './actor';

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
    ['no principal', {}, ANONYMOUS_STEWARD],
    ['a principal without a role', { principal: { id: 'key-7' } }, ANONYMOUS_STEWARD],
    ['a principal with a non-string id', { principal: { id: 7, role: 'admin' } as never }, ANONYMOUS_STEWARD],
  ])('%s', (_name, request, expected) => {
    expect(actorOf(request)).toEqual(expected);
  });
});
