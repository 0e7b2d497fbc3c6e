import { survive, SurvivorMember } from './survive';

const m = (
  recordId: string,
  domain: string,
  updatedAt: number,
  attributes: Record<string, unknown>,
): SurvivorMember => ({
  recordId,
  domain,
  sourceId: `${domain}-${recordId}`,
  attributes,
  updatedAt,
});
const members = [
  m('1', 'crm', 100, { name: 'Ada Lovelace', email: 'ada@crm.example', phone: '' }),
  m('2', 'billing', 300, { name: 'A. Lovelace', email: 'ada@billing.example', phone: null }),
  m('3', 'support', 200, { name: 'Ada Lovelace', email: null, phone: '+441234' }),
];

describe('survive', () => {
  it.each([
    [
      'source priority',
      { strategy: 'source_priority', priority: ['billing', 'crm'] },
      'name',
      'A. Lovelace',
      '2',
    ],
    ['most recent', { strategy: 'most_recent' }, 'name', 'A. Lovelace', '2'],
    ['most frequent', { strategy: 'most_frequent' }, 'name', 'Ada Lovelace', '3'],
    ['longest', { strategy: 'longest' }, 'email', 'ada@billing.example', '2'],
    ['non-null first (oldest record)', { strategy: 'non_null_first' }, 'email', 'ada@crm.example', '1'],
    ['empty values never survive', { strategy: 'non_null_first' }, 'phone', '+441234', '3'],
  ] as const)('%s', (_name, strategy, field, value, recordId) => {
    const result = survive(members, { default: strategy, fields: {} });
    expect(result[field]).toMatchObject({ value, recordId });
  });

  it('uses the per-field strategy over the default', () => {
    const result = survive(members, {
      default: { strategy: 'most_recent' },
      fields: { name: { strategy: 'non_null_first' } },
    });
    expect(result.name.recordId).toBe('1');
    expect(result.email.recordId).toBe('2');
  });

  it.each(['constructor', 'toString', 'hasOwnProperty', '__proto__'])(
    'survives a field named %s like any other (no prototype lookups)',
    (name) => {
      const attributes = JSON.parse(`{${JSON.stringify(name)}: "x"}`) as Record<string, unknown>;
      const result = survive([m('1', 'crm', 1, attributes)], {
        default: { strategy: 'most_recent' },
        fields: {},
      });
      expect(Object.getOwnPropertyDescriptor(result, name)?.value).toMatchObject({
        value: 'x',
        recordId: '1',
      });
    },
  );
});
