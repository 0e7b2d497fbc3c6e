import { attributeColumns } from './golden-export.service';

describe('attributeColumns', () => {
  it.each([
    [
      ['address.city', 'visits'],
      ['address.city', 'visits'],
    ],
    [
      ['golden_id', 'Version'],
      ['attribute_golden_id', 'attribute_Version'],
    ],
    [
      ['email', 'Email'],
      ['email', 'attribute_Email'],
    ],
    [
      ['Email', 'attribute_email', 'email'],
      ['Email', 'attribute_email', 'attribute_email_2'],
    ],
  ])('%j → %j', (fields, columns) => {
    expect(attributeColumns(fields)).toEqual(columns);
  });
});
