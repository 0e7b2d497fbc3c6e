import { maskBlockingKey, maskValue, PiiMask } from './pii-mask';

describe('PII masking', () => {
  it.each([
    ['ada@example.com', '***'],
    ['Lovelace', '***'],
    ['', '***'],
    [19151210, '***'],
    [true, '***'],
    [null, null],
    [undefined, undefined],
  ])('maskValue(%p) = %p', (input, expected) => {
    expect(maskValue(input)).toEqual(expected);
  });

  it.each([
    ['email:ada@example.com', 'email:***'],
    ['names:LFLS|ATA', 'names:***'],
    ['opaque', '***'],
    [null, null],
  ])('maskBlockingKey(%p) = %p', (input, expected) => {
    expect(maskBlockingKey(input)).toEqual(expected);
  });
});

describe('PiiMask', () => {
  const PII = new Set(['email', 'address.line1']);
  const fresh = () => new PiiMask((type) => (type === 'person' ? PII : new Set()));

  it.each([
    ['a PII value', { email: 'a@b.c', city: 'London' }, { email: '***', city: 'London' }, true],
    ['a dotted PII field', { 'address.line1': '12 St James' }, { 'address.line1': '***' }, true],
    ['a PII field that is null', { email: null, city: 'London' }, { email: null, city: 'London' }, false],
    ['no PII field', { city: 'London' }, { city: 'London' }, false],
    ['a field named __proto__', { ['__proto__']: 'x' }, { ['__proto__']: 'x' }, false],
  ])('values: %s', (_name, record, masked, hid) => {
    const mask = fresh();
    expect(mask.values('person', record as Record<string, unknown>)).toEqual(masked);
    expect(mask.hid).toBe(hid);
  });

  it('survived: masks the value and keeps the provenance', () => {
    const mask = fresh();
    const attributes = { email: { value: 'a@b.c', domain: 'crm', sourceId: 'C-1' } };
    expect(mask.survived('person', attributes)).toEqual({
      email: { value: '***', domain: 'crm', sourceId: 'C-1' },
    });
    expect(attributes.email.value).toBe('a@b.c');
    expect(mask.hid).toBe(true);
  });

  it('applies the fields of the entity type it is given', () => {
    const mask = fresh();
    expect(mask.values('product', { email: 'a@b.c' })).toEqual({ email: 'a@b.c' });
    expect(mask.hid).toBe(false);
  });

  it.each([
    ['email:a@b.c', 'email:***', true],
    [null, null, false],
  ])('blockingKey(%p)', (key, masked, hid) => {
    const mask = fresh();
    expect(mask.blockingKey(key)).toBe(masked);
    expect(mask.hid).toBe(hid);
  });
});
