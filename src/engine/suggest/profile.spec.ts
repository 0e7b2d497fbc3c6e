import { profileField, type FieldKind } from './profile';

const repeat = (values: string[], times = 10) => Array.from({ length: times }, () => values).flat();

describe('profileField', () => {
  it.each<[string, string[], FieldKind]>([
    ['id', repeat(['a1', 'b2', 'c3']).map((v, i) => `${v}-${i}`), 'record_key'],
    ['contact', repeat(['ann@example.com', 'bob@mail.org', 'cy@x.io']), 'email'],
    ['mobile_phone', repeat(['+44 20 7946 0018', '(555) 123-4567', '0171 234 5678']), 'phone'],
    ['date_of_birth', repeat(['19560909', '19811231', '20020101']), 'date'],
    ['created', repeat(['2024-01-31', '2023-12-01T10:00:00Z', '1999-09-09']), 'date'],
    ['dob', repeat(['31/01/1980', '12/11/1975', '01/02/2001']), 'date'],
    ['given_name', repeat(['michaela', 'courtney', 'jo anne']), 'given_name'],
    ['surname', repeat(['neumann', 'painter', "o'brien"]), 'family_name'],
    ['name', repeat(['John Smith', 'Mary Ann Jones', 'Li Wei']), 'person_name'],
    ['employer', repeat(['Acme Ltd', 'Globex Corporation', 'Initech']), 'company_name'],
    ['party', repeat(['Acme Ltd', 'Globex Corp', 'Initech LLC']), 'company_name'],
    ['postcode', repeat(['4223', '2600', '3000']), 'postcode'],
    ['soc_sec_id', repeat(['5304218', '4066625', '1234567']), 'identifier'],
    ['street_number', repeat(['8', '12', '8', '8', '12', '8']), 'short_number'],
    ['price', repeat(['38.99', '$1,200.00', '0']), 'number'],
    ['address_1', repeat(['stanley street', 'pinkerton circuit', 'main road']), 'address'],
    ['city', repeat(['winston hills', 'richlands', 'bega']), 'locality'],
    ['state', repeat(['nsw', 'vic', 'qld'], 100), 'category'],
    [
      'name',
      repeat(['learning quickbooks 2007', 'adobe photoshop cs3 upgrade', 'norton antivirus 2008']),
      'title',
    ],
    ['description', repeat([Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ')]), 'text'],
    ['notes', repeat(['', '', '']).concat(['x']), 'empty'],
  ])('%s → %s', (name, values, kind) => {
    expect(profileField(name, values).kind).toBe(kind);
  });

  it('measures fill, cardinality and token frequencies', () => {
    const profile = profileField('title', ['red apple', 'green apple', null, 'apple pie', '']);
    expect(profile).toMatchObject({ filled: 3, distinct: 3, nullRate: 0.4, meanTokens: 2 });
    expect(profile.topTokens[0]).toEqual({ token: 'apple', share: 1 });
  });
});
