import { companyName } from './company-name';

describe('company_name', () => {
  const normalize = companyName.create({});

  it.each([
    ['Acme Holdings Co., Ltd.', 'acme holdings'],
    ['ACME Inc', 'acme'],
    ['Acme, Incorporated', 'acme'],
    ['Acme L.L.C.', 'acme'],
    ['Acme LLC', 'acme'],
    ['Siemens AG', 'siemens'],
    ['Müller GmbH & Co. KG', 'muller'],
    ['Nestlé S.A.', 'nestle'],
    ['Grupo Bimbo, S.A.B. de C.V.', 'grupo bimbo'],
    ['Marks & Spencer Group plc', 'marks and spencer group'],
    ['Smith & Co', 'smith'],
    ['Johnson & Johnson', 'johnson and johnson'],
    ['BHP Group Pty. Ltd.', 'bhp group'],
    ['Nokia Oyj', 'nokia'],
    ['Volvo AB (publ)', 'volvo'],
    ['The Boeing Company', 'boeing'],
    ['The Limited', 'limited'], // never strips the last remaining token
    ['Company', 'company'],
    ['Co-operative Bank', 'co operative bank'], // legal forms only at the end
    ['Acme Limited Liability Company', 'acme'],
    ["McDonald's Corporation", 'mcdonalds'],
    ['Société Générale SA', 'societe generale'],
    ['Ltd.', 'ltd'],
    ['', null],
    ['&.,', 'and'],
    ['...', null],
    [`${'Mega '.repeat(200)}Corp`, Array(200).fill('mega').join(' ')],
  ])('%j → %j', (input, expected) => {
    expect(normalize(input)).toBe(expected);
  });

  it.each([
    [{ remove_leading_the: false }, 'The Boeing Company', 'the boeing'],
    [{ extra_suffixes: ['holdings', 'group'] }, 'Acme Holdings Group Ltd', 'acme'],
    [{ extra_suffixes: ['Pvt. Ltd.'] }, 'Tata Pvt Ltd', 'tata'],
  ])('%j: %j → %j', (options, input, expected) => {
    expect(companyName.create(options)(input)).toBe(expected);
  });
});
