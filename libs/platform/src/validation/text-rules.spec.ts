import {
  containsCardNumber,
  hasLineBreakOrTab,
  isBlank,
  passesLuhn,
  unstorableTextReason,
} from './text-rules';

describe('unstorableTextReason', () => {
  it.each([
    ['a\u0000b', /NUL/],
    ['a\u0007b', /control/],
    ['a\u001bb', /control/],
    ['a\ud800b', /surrogate/],
    ['\udc00', /surrogate/],
  ])('refuses %j', (text, reason) => {
    expect(unstorableTextReason(text)).toMatch(reason);
  });

  it.each(['plain', 'tab\tand\nlines\r\n', 'emoji \ud83d\ude00', 'Müller & Søn', '日本'])(
    'accepts %j',
    (text) => {
      expect(unstorableTextReason(text)).toBeUndefined();
    },
  );
});

describe('isBlank and hasLineBreakOrTab', () => {
  it('treats every kind of whitespace as blank', () => {
    for (const text of ['', ' ', '\t\n', '\u00a0', '\u3000 ']) expect(isBlank(text)).toBe(true);
    expect(isBlank(' a ')).toBe(false);
  });

  it('finds tabs and line breaks', () => {
    expect(hasLineBreakOrTab('a\tb')).toBe(true);
    expect(hasLineBreakOrTab('a\nb')).toBe(true);
    expect(hasLineBreakOrTab('a b')).toBe(false);
  });
});

describe('containsCardNumber', () => {
  it.each([
    '4111111111111111',
    '4111 1111 1111 1111',
    '4111-1111-1111-1111',
    'paid with card 4111 1111 1111 1111, exp 12/29',
    'order 2026 4111 1111 1111 1111',
    '378282246310005', // Amex, 15 digits
    '6011111111111117',
    '4222222222222', // 13 digits
  ])('finds a card number in %j', (text) => {
    expect(containsCardNumber(text)).toBe(true);
  });

  it.each([
    '4111 1111 1111 1112', // Luhn fails
    '411111111111', // 12 digits
    'invoice 2026-000017 of 2026-03-02',
    'amount 1200.50',
    '41111111111111111111', // 20 digits in one group: a long number, not a card
    '4111  1111 1111 1111', // two spaces break the run into short pieces
    'REF-10000008-1234-4123-8123-123456789012', // a UUID whose first groups pass Luhn
    '7992739871300', // 13 digits, Luhn-valid, first digit 7
  ])('leaves %j alone', (text) => {
    expect(containsCardNumber(text)).toBe(false);
  });

  it('still finds a card number beside a UUID', () => {
    expect(
      containsCardNumber('ref 10000008-1234-4123-8123-123456789012 card 4111 1111 1111 1111'),
    ).toBe(true);
    expect(passesLuhn('1000000812344123')).toBe(true);
  });

  it('implements Luhn', () => {
    expect(passesLuhn('79927398713')).toBe(true);
    expect(passesLuhn('79927398710')).toBe(false);
  });
});
