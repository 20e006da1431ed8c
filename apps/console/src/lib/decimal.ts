/**
 * Exact sums of the API's decimal strings, only to show that the events listed add up to the
 * figure the server computed (the figures themselves are never computed here).
 */
export function sumDecimals(values: readonly string[]): string {
  const scale = Math.max(2, ...values.map(decimalsOf));
  const total = values.reduce((sum, value) => sum + toUnits(value, scale), 0n);
  return fromUnits(total, scale);
}

/** Equal as amounts: "600.0" and "600.00" are the same figure. */
export function sameAmount(a: string, b: string): boolean {
  const scale = Math.max(decimalsOf(a), decimalsOf(b));
  return toUnits(a, scale) === toUnits(b, scale);
}

function decimalsOf(value: string): number {
  return value.split('.')[1]?.length ?? 0;
}

function toUnits(value: string, scale: number): bigint {
  const negative = value.startsWith('-');
  const [whole = '0', fraction = ''] = value.replace(/^[-+]/, '').split('.');
  const units = BigInt(whole + fraction.padEnd(scale, '0'));
  return negative ? -units : units;
}

function fromUnits(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const text = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}
