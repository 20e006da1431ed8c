import { Currency } from './currency';
import { ISO_4217_MINOR_UNITS } from './iso4217';
import { MoneyError } from './money-error';

function errorOf(action: () => unknown): MoneyError {
  try {
    action();
  } catch (error) {
    if (error instanceof MoneyError) return error;
    throw error;
  }
  throw new Error('expected a MoneyError');
}

describe('Currency', () => {
  it.each([
    ['JPY', 0],
    ['KRW', 0],
    ['ISK', 0],
    ['VND', 0],
    ['CLP', 0],
    ['XOF', 0],
    ['USD', 2],
    ['EUR', 2],
    ['GBP', 2],
    ['XCG', 2],
    ['ZWG', 2],
    ['SLE', 2],
    ['BHD', 3],
    ['KWD', 3],
    ['OMR', 3],
    ['JOD', 3],
    ['TND', 3],
    ['LYD', 3],
    ['IQD', 3],
    ['CLF', 4],
    ['UYW', 4],
  ])('knows that %s has %i minor units', (code, minorUnits) => {
    const currency = Currency.of(code);
    expect(currency.code).toBe(code);
    expect(currency.minorUnits).toBe(minorUnits);
    expect(Currency.isKnown(code)).toBe(true);
  });

  it('holds every active ISO 4217 code with 0 to 4 minor units', () => {
    const codes = Object.keys(ISO_4217_MINOR_UNITS);
    expect(codes.length).toBeGreaterThanOrEqual(150);
    for (const code of codes) {
      expect(code).toMatch(/^[A-Z]{3}$/);
      expect([0, 2, 3, 4]).toContain(ISO_4217_MINOR_UNITS[code]);
    }
  });

  it('returns one frozen instance per code', () => {
    expect(Currency.of('USD')).toBe(Currency.of('USD'));
    expect(Object.isFrozen(Currency.of('USD'))).toBe(true);
  });

  it('rejects a lowercase code and names the uppercase one', () => {
    const error = errorOf(() => Currency.of('usd'));
    expect(error.code).toBe('UNKNOWN_CURRENCY');
    expect(error.message).toBe(
      'Currency code "usd" must be uppercase (ISO 4217 codes are uppercase): use "USD"',
    );
    expect(Currency.isKnown('usd')).toBe(false);
  });

  it.each(['XYZ', 'US', 'USDX', '', ' USD', 'XAU', 'XXX', 'ANG', 'HRK'])(
    'rejects %j as unknown',
    (code) => {
      expect(errorOf(() => Currency.of(code)).code).toBe('UNKNOWN_CURRENCY');
      expect(Currency.isKnown(code)).toBe(false);
    },
  );

  it('says why an unknown code is refused', () => {
    expect(errorOf(() => Currency.of('XYZ')).message).toBe(
      'Unknown currency "XYZ": not an active ISO 4217 code',
    );
    expect(errorOf(() => Currency.of('dollars')).message).toBe(
      'Currency code "dollars" is not an ISO 4217 code (three uppercase letters, e.g. "USD")',
    );
  });

  it('does not treat inherited object keys as currencies', () => {
    expect(Currency.isKnown('constructor')).toBe(false);
    expect(errorOf(() => Currency.of('toString')).code).toBe('UNKNOWN_CURRENCY');
  });
});
