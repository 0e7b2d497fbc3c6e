import { maskBlockingKey, maskValue } from './pii.service';

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
