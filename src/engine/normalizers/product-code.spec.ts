import { gs1CheckDigit, productCode } from './product-code';

describe('product_code', () => {
  it.each([
    [{ kind: 'upc' }, '036000291452', '00036000291452'], // UPC-A
    [{ kind: 'ean' }, '0036000291452', '00036000291452'], // the same product as EAN-13
    [{ kind: 'gtin' }, '0 36000 29145 2', '00036000291452'],
    [{ kind: 'ean' }, '4006381333931', '04006381333931'],
    [{ kind: 'ean' }, '9780306406157', '09780306406157'],
    [{ kind: 'gtin' }, '10036000291459', '10036000291459'], // GTIN-14
    [{ kind: 'gtin' }, '96385074', '00000096385074'], // GTIN-8
    [{ kind: 'upc' }, '036000291453', null], // wrong check digit
    [{ kind: 'ean' }, '400638133393', null], // 12 digits, bad check
    [{ kind: 'gtin' }, '12345', null],
    [{ kind: 'gtin' }, '03600029145A', null],
    [{ kind: 'gtin' }, '', null],
    [{ kind: 'isbn' }, '0-306-40615-2', '9780306406157'], // ISBN-10 → ISBN-13
    [{ kind: 'isbn' }, 'ISBN 978-0-306-40615-7', '9780306406157'],
    [{ kind: 'isbn' }, 'ISBN-10: 0-8044-2957-X', '9780804429573'],
    [{ kind: 'isbn' }, '080442957x', '9780804429573'],
    [{ kind: 'isbn' }, '0-306-40615-3', null],
    [{ kind: 'isbn' }, '4006381333931', null], // a valid EAN but not a book
    [{ kind: 'isbn' }, 'X306406152', null],
    [{ kind: 'model' }, 'WH-1000XM4', 'WH1000XM4'],
    [{ kind: 'model' }, 'wh 1000 xm4 ', 'WH1000XM4'],
    [{ kind: 'sku' }, 'abc-123/x', 'ABC123X'],
    [{}, 'abc.123', 'ABC123'],
    [{}, '---', null],
    [{}, 'Ünï', 'N'], // non-ASCII letters are not part of codes
    [{ kind: 'sku' }, 'a-'.repeat(2000), 'A'.repeat(2000)],
  ])('%j: %j → %j', (options, input, expected) => {
    expect(productCode.create(options)(input)).toBe(expected);
  });

  it.each([
    ['03600029145', 2],
    ['400638133393', 1],
    ['978030640615', 7],
    ['9638507', 4],
  ])('gs1CheckDigit(%j) = %d', (body, digit) => {
    expect(gs1CheckDigit(body)).toBe(digit);
  });

  it('rejects an unknown kind', () => {
    expect(() => productCode.create({ kind: 'asin' })).toThrow(
      'product_code: option "kind" must be one of gtin',
    );
  });
});
