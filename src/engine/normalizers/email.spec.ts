import { email } from './email';

describe('email', () => {
  const normalize = email.create({});
  const gmail = email.create({ gmail_dots: true });

  it.each([
    ['John.Smith@Example.COM', 'john.smith@example.com'],
    ['  a+tag@x.com ', 'a@x.com'],
    ['a+tag+more@x.co.uk', 'a@x.co.uk'],
    ['first.last@gmail.com', 'first.last@gmail.com'], // dots kept unless gmail_dots
    ["o'brien@sub.example.org", "o'brien@sub.example.org"],
    ['+tag@x.com', null],
    ['no-at-sign.example.com', null],
    ['two@@example.com', null],
    ['user@localhost', null],
    ['user@-bad.com', null],
    ['us er@example.com', null],
    ['"quoted"@example.com', null],
    ['josé@example.com', null], // internationalized local parts are out of scope
    ['', null],
    ['@', null],
    [`${'a'.repeat(65)}@example.com`, null],
    [`a@${'b'.repeat(250)}.com`, null],
  ])('%j → %j', (input, expected) => {
    expect(normalize(input)).toBe(expected);
  });

  it.each([
    ['First.Last@gmail.com', 'firstlast@gmail.com'],
    ['f.i.r.s.t+news@googlemail.com', 'first@gmail.com'],
    ['first.last@example.com', 'first.last@example.com'],
    ['...@gmail.com', null],
  ])('gmail_dots: %j → %j', (input, expected) => {
    expect(gmail(input)).toBe(expected);
  });

  it('keeps plus-addressing when strip_plus is false', () => {
    expect(email.create({ strip_plus: false })('a+tag@x.com')).toBe('a+tag@x.com');
  });
});
