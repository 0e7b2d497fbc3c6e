import { composeNormalizers, NORMALIZERS } from './index';

describe('NORMALIZERS', () => {
  it('registers every normalizer under its own name', () => {
    for (const [name, definition] of NORMALIZERS) expect(definition.name).toBe(name);
    expect([...NORMALIZERS.keys()].sort()).toEqual(
      [
        ...['alnum_only', 'collapse_whitespace', 'company_name', 'date', 'digits_only', 'email', 'lowercase'],
        ...['null_if', 'number', 'person_name', 'phone', 'postal_code', 'product_code', 'regex_replace'],
        ...[
          'sorted_tokens',
          'strip_accents',
          'strip_punctuation',
          'substring',
          'tokens',
          'trim',
          'uppercase',
        ],
      ].sort(),
    );
  });

  it.each([...NORMALIZERS.keys()])('%s maps an empty string to null', (name) => {
    const options = name === 'regex_replace' ? { pattern: 'x' } : {};
    expect(NORMALIZERS.get(name)!.create(options)('')).toBeNull();
  });
});

describe('composeNormalizers', () => {
  it.each([
    [[{ name: 'trim' }, { name: 'lowercase' }], '  HeLLo  ', 'hello'],
    [
      [{ name: 'null_if' }, { name: 'person_name', options: { nicknames: true } }],
      'Dr. Bob Smith',
      'robert smith',
    ],
    [[{ name: 'null_if' }, { name: 'person_name' }], 'N/A', null],
    [[{ name: 'strip_accents' }, { name: 'substring', options: { length: 1 } }], 'Émile', 'E'],
    [[{ name: 'email' }, { name: 'substring', options: { start: -3 } }], 'bad', null], // stops at first null
    [[{ name: 'trim' }], '  x ', 'x'],
    [[], 'as is', 'as is'],
    [[], '', null],
  ])('%j: %j → %j', (specs, input, expected) => {
    expect(composeNormalizers(specs)(input)).toBe(expected);
  });

  it('stops calling later steps after a null', () => {
    const calls: string[] = [];
    const spy = { name: 'spy', description: '', create: () => (v: string) => (calls.push(v), v) };
    const registry = new Map([...NORMALIZERS, ['spy', spy]]);
    const normalize = composeNormalizers([{ name: 'null_if' }, { name: 'spy' }], registry);
    expect(normalize('unknown')).toBeNull();
    expect(normalize('Ann')).toBe('Ann');
    expect(calls).toEqual(['Ann']);
  });

  it.each([
    [[{ name: 'soundex' }], 'normalizer #1: unknown normalizer "soundex"; known: alnum_only'],
    [[{ name: 'trim' }, { name: 'date', options: { order: 'x' } }], 'normalizer #2: date: option "order"'],
  ])('rejects %j', (specs, message) => {
    expect(() => composeNormalizers(specs)).toThrow(message);
  });
});
