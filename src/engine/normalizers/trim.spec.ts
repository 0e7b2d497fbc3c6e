import { trim } from './trim';

describe('trim', () => {
  const normalize = trim.create({});

  it.each([
    ['  John  ', 'John'],
    ['\t\nJohn Smith\r\n', 'John Smith'],
    ['\u00a0\ufeffZoë\u00a0', 'Zoë'],
    ['inner  space', 'inner  space'],
    ['', null],
    ['   ', null],
    ['\u00a0\u2003', null],
    [`  ${'x'.repeat(10_000)}  `, 'x'.repeat(10_000)],
  ])('%j → %j', (input, expected) => {
    expect(normalize(input)).toBe(expected);
  });

  it('rejects unknown options', () => {
    expect(() => trim.create({ mode: 'left' })).toThrow('trim: unknown option "mode"');
  });
});
