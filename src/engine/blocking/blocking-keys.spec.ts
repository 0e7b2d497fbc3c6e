import type { BlockingKeyPart } from '../config/matcher-config.types';
import { buildBlockIndex, forEachCandidatePair, shareBlock } from '../linkage/block-index';
import { compileMatcher } from '../matcher/matcher';
import type { PreparedRecord } from '../matcher/prepare';
import { ENGINE_REGISTRY } from '../registry';
import { personConfig } from '../../../test/support/engine/config-factory';
import { compileBlocking, MAX_KEYS_PER_RULE } from './blocking-keys';
import { parseKeyPart } from './key-part.parse';

const keysFor = (parts: BlockingKeyPart[], record: PreparedRecord): string[] =>
  compileBlocking(
    { maxBlockSize: 10, rules: [{ name: 'r', parts, maxBlockSize: 10 }] },
    ENGINE_REGISTRY,
  ).keys(record);

describe('blocking keys', () => {
  it.each<[string, BlockingKeyPart[], PreparedRecord, string[]]>([
    ['exact', [{ method: 'exact', attribute: 'a' }], { a: 'smith' }, ['r:smith']],
    ['prefix', [{ method: 'prefix', attribute: 'a', length: 3 }], { a: 'smith' }, ['r:smi']],
    ['suffix', [{ method: 'suffix', attribute: 'a', length: 2 }], { a: 'smith' }, ['r:th']],
    ['sorted tokens', [{ method: 'sorted_tokens', attribute: 'a' }], { a: 'john smith' }, ['r:john smith']],
    [
      'sorted tokens, swapped',
      [{ method: 'sorted_tokens', attribute: 'a' }],
      { a: 'smith john' },
      ['r:john smith'],
    ],
    [
      'token, one key each',
      [{ method: 'token', attribute: 'a' }],
      { a: 'acme acme ltd' },
      ['r:acme', 'r:ltd'],
    ],
    [
      'token without stopwords and short tokens',
      [{ method: 'token', attribute: 'a', minLength: 3, stopwords: ['the'] }],
      { a: 'the big mix of it' },
      ['r:big', 'r:mix'],
    ],
    ['qgram', [{ method: 'qgram', attribute: 'a', length: 3 }], { a: 'abcd' }, ['r:abc', 'r:bcd']],
    ['soundex', [{ method: 'soundex', attribute: 'a' }], { a: 'robert' }, ['r:R163']],
    [
      'double metaphone, both codes',
      [{ method: 'double_metaphone', attribute: 'a' }],
      { a: 'schmidt' },
      ['r:XMT', 'r:SMT'],
    ],
    [
      'cross-product of parts',
      [
        { method: 'token', attribute: 'a' },
        { method: 'prefix', attribute: 'b', length: 4 },
      ],
      { a: 'jo ann', b: '19800101' },
      ['r:jo|1980', 'r:ann|1980'],
    ],
    [
      'a null part yields no key',
      [
        { method: 'exact', attribute: 'a' },
        { method: 'exact', attribute: 'b' },
      ],
      { a: 'x', b: null },
      [],
    ],
    [
      'separator escaped',
      [
        { method: 'exact', attribute: 'a' },
        { method: 'exact', attribute: 'b' },
      ],
      { a: 'x|y', b: 'z' },
      ['r:x\\|y|z'],
    ],
  ])('%s', (_, parts, record, expected) => {
    expect(keysFor(parts, record)).toEqual(expected);
  });

  it('caps the keys of one rule', () => {
    const parts: BlockingKeyPart[] = [
      { method: 'qgram', attribute: 'a', length: 1 },
      { method: 'qgram', attribute: 'a', length: 1 },
    ];
    expect(keysFor(parts, { a: 'abcdefghijklmnopqrstuvwxyz' })).toHaveLength(MAX_KEYS_PER_RULE);
  });

  it.each<[string, ReturnType<typeof parseKeyPart>]>([
    ['exact(email)', { method: 'exact', attribute: 'email' }],
    ['prefix(surname, 3)', { method: 'prefix', attribute: 'surname', length: 3 }],
    [
      'token(title, min_length=3, stopwords=the;of)',
      { method: 'token', attribute: 'title', min_length: 3, stopwords: ['the', 'of'] },
    ],
    [
      'prefix(surname',
      'cannot parse "prefix(surname": expected method(attribute[, n][, name=value]) (in a YAML [flow, list], quote a part that holds a comma)',
    ],
    [
      'token(title, size=3)',
      '"token(title, size=3)": unknown argument "size"; allowed: length, min_length, stopwords',
    ],
  ])('parses %s', (text, expected) => {
    expect(parseKeyPart(text)).toEqual(expected);
  });
});

describe('block index (skew guard)', () => {
  const matcher = compileMatcher(personConfig());
  const people = [
    { first_name: 'ann', last_name: 'lee', dob: '1980' },
    { first_name: 'ann', last_name: 'lee', dob: '1981' },
    { first_name: 'bob', last_name: 'ray', dob: '1990' },
    { first_name: 'cid', last_name: 'ray', dob: '1990' },
    { first_name: 'dan', last_name: 'moe', dob: '1990' },
    { first_name: 'eve', last_name: 'fox', dob: '1990' },
  ].map((person) => matcher.prepare(person));

  it('skips and counts keys over max_block_size, and never pairs through them', () => {
    const index = buildBlockIndex(matcher, people);
    expect([...index.skipped]).toEqual([['dob:1990', 4]]);
    const pairs: Array<[number, number, string]> = [];
    const count = forEachCandidatePair(index, (i, j, key) => pairs.push([i, j, key]));
    expect(pairs).toEqual([[0, 1, 'name:le|ann']]);
    expect(count).toBe(1);
    expect(shareBlock(index, 2, 3)).toBe(false);
  });

  it('leaves out same-domain pairs in linkage', () => {
    const index = buildBlockIndex(matcher, people);
    expect(forEachCandidatePair(index, () => {}, ['a', 'a', 'b', 'b', 'b', 'b'])).toBe(0);
  });
});
