import { nysiis, nysiisKeys } from './nysiis';

describe('nysiis', () => {
  it.each([
    ['Brian', 'BRAN'],
    ['Brown', 'BRAN'],
    ['Brun', 'BRAN'],
    ['Capp', 'CAP'],
    ['Cope', 'CAP'],
    ['Kipp', 'CAP'], // initial K → C
    ['Dane', 'DAN'],
    ['Dean', 'DAN'],
    ['Dionne', 'DAN'],
    ['Smith', 'SNAT'],
    ['Schmidt', 'SNAD'], // initial SCH → SSS, final DT → D
    ['Knight', 'NAGT'], // initial KN → NN
    ['Mitchell', 'MATCAL'],
    ["O'Daniel", 'ODANAL'],
    ['Watkins', 'WATCAN'],
    ['Phillipson', 'FALAPSAN'], // initial PH → FF
    ['Bishop', 'BASAP'],
    ['Carlson', 'CARLSAN'],
    ['Cody', 'CADY'],
    ['Wiley', 'WALY'],
    ['Sprouse', 'SPRAS'],
    ['Evans', 'EVAN'], // EV → AF only after the first letter
    ['Lawrence', 'LARANC'],
    ['Müller', 'MALAR'],
    ['a', 'A'],
    ['s', 'S'],
    ['', ''],
    ['42', ''],
  ])('%j → %j', (value, code) => {
    expect(nysiis(value)).toBe(code);
  });

  it('truncates to the original 6 characters when asked', () => {
    expect(nysiis('Phillipson', 6)).toBe('FALAPS');
  });

  it.each([
    ['Brown', ['BRAN']],
    ['', []],
  ])('keys(%j) = %j', (value, keys) => {
    expect(nysiisKeys(value)).toEqual(keys);
  });
});
