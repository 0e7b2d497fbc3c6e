import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it('ignores key order but not array order', () => {
    expect(canonicalJson({ b: 1, a: [1, 2] })).toBe(canonicalJson({ a: [1, 2], b: 1 }));
    expect(canonicalJson({ a: [1, 2] })).not.toBe(canonicalJson({ a: [2, 1] }));
  });

  it('sorts nested keys, integer-like ones as text, and leaves undefined members out', () => {
    expect(canonicalJson({ z: { b: null, a: 'x' }, '10': 1, '9': 2, u: undefined })).toBe(
      '{"10":1,"9":2,"z":{"a":"x","b":null}}',
    );
    expect(canonicalJson([undefined, 'é'])).toBe('[null,"é"]');
  });
});
