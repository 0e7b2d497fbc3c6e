import { NICKNAMES } from './nicknames';
import { personName } from './person-name';

describe('person_name', () => {
  const plain = personName.create({});
  const withNicknames = personName.create({ nicknames: true });

  it.each([
    ['John Smith', 'john smith'],
    ['  JOHN   SMITH  ', 'john smith'],
    ['Dr. John Smith Jr.', 'john smith'],
    ['Smith, John, PhD', 'smith john'],
    ['Mrs Jane Doe-Roe', 'jane doe roe'],
    ["Patrick O'Brien III", 'patrick obrien'],
    ['Prof. Sir Tim Berners-Lee OBE', 'tim berners lee'],
    ['J.R.R. Tolkien', 'j r r tolkien'],
    ['José Ñúñez', 'jose nunez'],
    ['Zoë Løvås', 'zoe lovas'],
    ['Đỗ Văn Minh', 'do van minh'], // "do" is a surname here, not the DO suffix
    ['Bob Smith', 'bob smith'], // nicknames are off by default
    ['Mr.', null],
    ['Dr Mrs', null],
    ['', null],
    ['---', null],
    ['李小龍', '李小龍'],
    [Array(300).fill('Ann').join(' '), Array(300).fill('ann').join(' ')],
  ])('%j → %j', (input, expected) => {
    expect(plain(input)).toBe(expected);
  });

  it.each([
    ['Bob Smith', 'robert smith'],
    ['Robbie Smith', 'robert smith'],
    ['Bill Gates', 'william gates'],
    ['Billy Bob Thornton', 'william robert thornton'],
    ['Liz Taylor', 'elizabeth taylor'],
    ['Betty White', 'elizabeth white'],
    ['Peggy Olson', 'margaret olson'],
    ['Dick Van Dyke', 'richard van dyke'],
    ['Jimmy Carter', 'james carter'],
    ['Kate Bush', 'katherine bush'],
    ['Katie Holmes', 'katherine holmes'],
    ['Dr. Tony Stark', 'anthony stark'],
    ['Robert Smith', 'robert smith'],
    ['Ward Cunningham', 'ward cunningham'], // a surname-like nickname left out of the table
  ])('nicknames: %j → %j', (input, expected) => {
    expect(withNicknames(input)).toBe(expected);
  });

  it('keeps titles when remove_titles is false', () => {
    expect(personName.create({ remove_titles: false })('Dr. John Smith Jr.')).toBe('dr john smith jr');
  });

  it('ships at least 150 nickname pairs, none of them a canonical name', () => {
    expect(NICKNAMES.size).toBeGreaterThanOrEqual(150);
    const canonicals = new Set(NICKNAMES.values());
    for (const nickname of NICKNAMES.keys()) expect(canonicals.has(nickname)).toBe(false);
  });

  it('rejects a non-boolean `nicknames`', () => {
    expect(() => personName.create({ nicknames: 'yes' })).toThrow(
      'person_name: option "nicknames" must be a boolean',
    );
  });
});
