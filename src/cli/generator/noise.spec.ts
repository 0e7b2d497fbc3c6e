import { applyCase, digitTypo, misspell, titleCase, transpose, typo } from './noise';
import { Random } from './random';

/** Plain Levenshtein, for checking that one noise step is one edit. */
function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = row[j];
      row[j] = next;
    }
  }
  return row[b.length];
}

describe('noise', () => {
  it.each(['johnson', 'Elizabeth', 'MARTINEZ', '569 Riverside Lane', 'mary.falton@icloud.com'])(
    'typo(%j) is at most one edit away, and usually changes it',
    (text) => {
      let changed = 0;
      for (let seed = 0; seed < 200; seed++) {
        const out = typo(new Random(seed), text);
        expect(editDistance(text, out)).toBeLessThanOrEqual(1);
        if (out !== text) changed++;
      }
      expect(changed).toBeGreaterThan(180);
    },
  );

  it.each([
    ['ab', 'ab'], // fewer than 3 letters: left alone
    ['42', '42'],
    ['', ''],
  ])('typo(%j) leaves short or letterless text alone', (text, expected) => {
    expect(typo(new Random(1), text)).toBe(expected);
  });

  it.each(['johnson', 'garcia', 'Lee'])('transpose(%j) swaps two adjacent letters', (text) => {
    for (let seed = 0; seed < 50; seed++) {
      const out = transpose(new Random(seed), text);
      expect(out).not.toBe(text);
      expect([...out].sort().join('')).toBe([...text].sort().join(''));
      const diff = [...text].map((ch, i) => ch !== out[i]).filter(Boolean).length;
      expect(diff).toBe(2);
    }
  });

  it.each([['aa'], ['1-2'], ['']])('transpose(%j) has no pair to swap', (text) => {
    expect(transpose(new Random(1), text)).toBe(text);
  });

  it.each(['4155552671', '123-45-6789', '******278961'])(
    'digitTypo(%j) changes exactly one digit',
    (text) => {
      for (let seed = 0; seed < 50; seed++) {
        const out = digitTypo(new Random(seed), text);
        expect(out.length).toBe(text.length);
        const diff = [...text].filter((ch, i) => ch !== out[i]);
        expect(diff).toHaveLength(1);
        expect(out.replace(/\d/g, '#')).toBe(text.replace(/\d/g, '#'));
      }
    },
  );

  it('misspell is deterministic for a seed', () => {
    expect(misspell(new Random(7), 'christopher')).toBe(misspell(new Random(7), 'christopher'));
  });

  it.each([
    ['title', "mary o'neil-smith", "Mary O'neil-Smith"],
    ['upper', 'Mary Smith', 'MARY SMITH'],
    ['lower', 'Mary Smith', 'mary smith'],
  ] as const)('applyCase(%s, %j) → %j', (style, text, expected) => {
    expect(applyCase(style, text)).toBe(expected);
  });

  it('titleCase keeps digits and punctuation', () => {
    expect(titleCase('569 RIVERSIDE LN. APT 4B')).toBe('569 Riverside Ln. Apt 4B');
  });
});
