import 'reflect-metadata';
import { validateSync } from 'class-validator';
import {
  cardNumberConstraint,
  IsCalendarDate,
  IsCurrencyCode,
  IsFreeText,
  IsInstant,
  IsRecordId,
  IsSingleLineText,
} from './billing-validators';

class Sample {
  @IsCurrencyCode() currency = 'EUR';
  @IsRecordId() id = '6f9619ff-8b86-4d01-b42d-00cf4fc964ff';
  @IsCalendarDate() date = '2026-03-02';
  @IsInstant() at = '2026-03-02T09:00:00Z';
  @IsFreeText(100) memo = 'line one\nline two';
  @IsSingleLineText(50) name = 'Müller & Søn GmbH';
  @IsSingleLineText(10, { each: true }) tags = ['a', 'b'];
}

/** The constraints broken when `field` is `value`, the rest of the sample being sound. */
function broken(field: keyof Sample, value: unknown): string[] {
  const sample = Object.assign(new Sample(), { [field]: value });
  return validateSync(sample, { stopAtFirstError: true }).flatMap((e) =>
    Object.keys(e.constraints ?? {}),
  );
}

describe('billing validators', () => {
  it('accept a sound sample', () => {
    expect(validateSync(new Sample())).toEqual([]);
  });

  it('refuse currencies that are not active ISO 4217 codes', () => {
    for (const code of ['XXX', 'ABC', 'XTS', 'XAU', 'BGN'])
      expect(broken('currency', code)).toEqual(['isActiveCurrency']);
    expect(broken('currency', 'eur')).toEqual(['matches']);
    expect(broken('currency', 'JPY')).toEqual([]);
  });

  it('refuse the nil UUID and non-UUIDs', () => {
    expect(broken('id', '00000000-0000-0000-0000-000000000000')).toEqual(['isNotNilUuid']);
    expect(broken('id', 'INV-1')).toEqual(['isUuid']);
  });

  it('keep dates dates: no time, no impossible day', () => {
    for (const value of ['2026-01-01T00:00:00', '2026-02-30', '2026-1-1', 20260101])
      expect(broken('date', value)).toEqual(['isCalendarDate']);
    expect(broken('date', '2028-02-29')).toEqual([]);
  });

  it('need a zone on an instant', () => {
    for (const value of [
      '2026-01-01T00:00:00',
      '2026-01-01',
      '2026-01-01T25:00:00Z',
      '2026-02-30T00:00:00Z',
      '2026-01-01T00:00:00z',
    ])
      expect(broken('at', value)).toEqual(['isInstant']);
    for (const value of [
      '2026-01-01T00:00:00Z',
      '2026-01-01T00:00:00+02:00',
      '2026-01-01T00:00:00.123-05:30',
    ])
      expect(broken('at', value)).toEqual([]);
  });

  it('refuse blank text and card numbers; one-line text refuses line breaks and tabs', () => {
    expect(broken('memo', ' \n ')).toEqual(['isNotBlank']);
    expect(broken('memo', 'card 4111 1111 1111 1111')).toEqual([cardNumberConstraint]);
    expect(broken('name', '   ')).toEqual(['isNotBlank']);
    expect(broken('name', 'Acme\nInc')).toEqual(['isSingleLine']);
    expect(broken('name', 'Acme\tInc')).toEqual(['isSingleLine']);
    expect(broken('name', '4111-1111-1111-1111')).toEqual([cardNumberConstraint]);
    expect(broken('tags', ['a', ' '])).toEqual(['isNotBlank']);
  });
});
