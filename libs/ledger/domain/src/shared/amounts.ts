import { type Arithmetic, integerArithmetic } from './arithmetic';

/**
 * Read models keep amounts as canonical decimal strings (plain JSON, stable when serialized);
 * folds compute on them in integer minor units (`integerArithmetic`), so no amount is ever a
 * JavaScript number and no decimal object is made per event.
 *
 * Parsing is still most of what an addition costs. Two memos avoid it; neither changes a result
 * (each is used only while its string is unchanged):
 *
 * - `unitsOf` remembers the last few hundred strings parsed per currency: one event's amount is
 *   read by several projections (the journal's lines, the balances, the statement) in a row.
 * - the figure memo keeps, on a record of running totals, the value behind each figure written
 *   through `addToFigure` / `subtractFromFigure`, so the next event about the same record reads
 *   it without a parse. It hangs off the record under a symbol, not enumerable: JSON,
 *   `structuredClone`, `Object.keys` and equality checks never see it, and a copy starts without.
 */

/** Strings remembered per currency before the memo starts afresh. */
const recentAmountsMax = 512;

let arithmetic: Arithmetic<unknown> = integerArithmetic as Arithmetic<unknown>;
let recentByCurrency = new Map<string, Map<string, unknown>>();
const zeros = new Map<string, string>();

/**
 * Folds with `reference` instead of integers while `run` runs (synchronously), then restores the
 * integer arithmetic. For the property test and the benchmark that compare the two; results are
 * the same strings either way.
 */
export function withArithmetic<T>(reference: Arithmetic<unknown>, run: () => T): T {
  const previous = arithmetic;
  arithmetic = reference;
  recentByCurrency = new Map();
  try {
    return run();
  } finally {
    arithmetic = previous;
    recentByCurrency = new Map();
  }
}

/** `text` parsed in `currency` by the current arithmetic, with Money's checks and errors. */
function valueOf(text: string, currency: string): unknown {
  let recent = recentByCurrency.get(currency);
  if (recent !== undefined && recent.has(text)) return recent.get(text);
  const value = arithmetic.parse(text, currency);
  if (recent === undefined) {
    recent = new Map();
    recentByCurrency.set(currency, recent);
  } else if (recent.size >= recentAmountsMax) recent.clear();
  recent.set(text, value);
  return value;
}

const figures = Symbol('figures');

interface Figure {
  text: string;
  currency: string;
  arithmetic: Arithmetic<unknown>;
  value: unknown;
}

type FigureMemo = Record<string, Figure | undefined>;

type WithFigures = { [figures]?: FigureMemo };

function figureMemoOf(record: object): FigureMemo {
  const existing = (record as WithFigures)[figures];
  if (existing !== undefined) return existing;
  const memo: FigureMemo = {};
  Object.defineProperty(record, figures, { value: memo, enumerable: false });
  return memo;
}

function figureOf(record: Record<string, string>, field: string, currency: string): unknown {
  const text = record[field] as string;
  const known = figureMemoOf(record)[field];
  if (
    known !== undefined &&
    known.text === text &&
    known.currency === currency &&
    known.arithmetic === arithmetic
  )
    return known.value;
  return valueOf(text, currency);
}

function setFigure(
  record: Record<string, string>,
  field: string,
  value: unknown,
  currency: string,
): void {
  const text = arithmetic.format(value, currency);
  record[field] = text;
  const memo = figureMemoOf(record);
  const known = memo[field];
  // Updated in place: a running total is set once per event, and a new object each time was
  // a good part of a replay's garbage.
  if (known === undefined) memo[field] = { text, currency, arithmetic, value };
  else {
    known.text = text;
    known.currency = currency;
    known.arithmetic = arithmetic;
    known.value = value;
  }
}

/**
 * `record[field]` moved by `amount` (a decimal string) times `sign`, through the figure memo.
 * The generic record type lets callers pass their own interfaces with string fields.
 */
export function moveFigure<K extends string>(
  record: Record<K, string>,
  field: K,
  amount: string,
  currency: string,
  sign: -1 | 0 | 1,
): void {
  if (sign === 0) return;
  const r = record as Record<string, string>;
  const current = figureOf(r, field, currency);
  const delta = valueOf(amount, currency);
  setFigure(
    r,
    field,
    sign > 0 ? arithmetic.add(current, delta) : arithmetic.subtract(current, delta),
    currency,
  );
}

/** `record[field]` plus `amount` (a decimal string), through the figure memo. */
export function addToFigure<K extends string>(
  record: Record<K, string>,
  field: K,
  amount: string,
  currency: string,
): void {
  moveFigure(record, field, amount, currency, 1);
}

/** `record[field]` minus `amount` (a decimal string), through the figure memo. */
export function subtractFromFigure<K extends string>(
  record: Record<K, string>,
  field: K,
  amount: string,
  currency: string,
): void {
  moveFigure(record, field, amount, currency, -1);
}

export function zeroAmount(currency: string): string {
  let zero = zeros.get(currency);
  if (zero === undefined) {
    zero = integerArithmetic.format(0n, currency);
    zeros.set(currency, zero);
  }
  return zero;
}

export function subtractAmounts(a: string, b: string, currency: string): string {
  return arithmetic.format(
    arithmetic.subtract(valueOf(a, currency), valueOf(b, currency)),
    currency,
  );
}

export function sumAmounts(amounts: readonly string[], currency: string): string {
  let total = valueOf(zeroAmount(currency), currency);
  for (const amount of amounts) total = arithmetic.add(total, valueOf(amount, currency));
  return arithmetic.format(total, currency);
}

export function negateAmount(amount: string, currency: string): string {
  return subtractAmounts(zeroAmount(currency), amount, currency);
}

/** -1, 0 or 1 as `amount` is negative, zero or positive. */
export function signOfAmount(amount: string, currency: string): -1 | 0 | 1 {
  return arithmetic.sign(valueOf(amount, currency));
}

export function isZeroAmount(amount: string, currency: string): boolean {
  return signOfAmount(amount, currency) === 0;
}
