import { Money } from '@billing/money';

/**
 * Read models keep amounts as canonical decimal strings (plain JSON, stable when serialized) and
 * compute through Money, so no amount is ever a JavaScript number.
 *
 * Folds read the same strings as Money again and again, and decimal parsing is most of what an
 * addition costs. Two memos avoid it; neither changes a result (Money is immutable, so sharing
 * one is safe, and each is used only while its string is unchanged):
 *
 * - `amountOf` remembers the last few hundred strings parsed per currency: one event's amount is
 *   read by several projections (the journal's lines, the balances, the statement) in a row.
 * - `figureOf` / `setFigure` keep, on a record of running totals, the Money behind each figure
 *   written through them, so the next event about the same account reads it without a parse.
 *   The memo hangs off the record under a symbol, not enumerable: JSON, `structuredClone`,
 *   `Object.keys` and equality checks never see it, and a copy simply starts without it.
 */

/** Strings remembered per currency by `amountOf` before the memo starts afresh. */
const recentAmountsMax = 512;

const recentByCurrency = new Map<string, Map<string, Money>>();
const zeros = new Map<string, string>();

/** `Money.of(text, currency)`: the same checks, the same errors, the same value. */
export function amountOf(text: string, currency: string): Money {
  let recent = recentByCurrency.get(currency);
  const known = recent?.get(text);
  if (known !== undefined) return known;
  const money = Money.of(text, currency);
  if (recent === undefined) {
    recent = new Map();
    recentByCurrency.set(currency, recent);
  } else if (recent.size >= recentAmountsMax) recent.clear();
  recent.set(text, money);
  return money;
}

const figures = Symbol('figures');

interface Figure {
  text: string;
  money: Money;
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

/** `record[field]` as Money in `currency`: the one last written by `setFigure`, or parsed. */
export function figureOf<K extends string>(
  record: Record<K, string>,
  field: K,
  currency: string,
): Money {
  const memo = figureMemoOf(record);
  const text = record[field];
  const known = memo[field];
  if (known !== undefined && known.text === text && known.money.currency.code === currency)
    return known.money;
  const money = amountOf(text, currency);
  memo[field] = { text, money };
  return money;
}

/** Writes `money` to `record[field]` as its canonical string, remembering the Money behind it. */
export function setFigure<K extends string>(
  record: Record<K, string>,
  field: K,
  money: Money,
): string {
  const text = money.amount;
  record[field] = text;
  figureMemoOf(record)[field] = { text, money };
  return text;
}

/** `record[field]` plus `amount` (a decimal string), through the figure memo. */
export function addToFigure<K extends string>(
  record: Record<K, string>,
  field: K,
  amount: string,
  currency: string,
): void {
  setFigure(record, field, figureOf(record, field, currency).add(amountOf(amount, currency)));
}

/** `record[field]` minus `amount` (a decimal string), through the figure memo. */
export function subtractFromFigure<K extends string>(
  record: Record<K, string>,
  field: K,
  amount: string,
  currency: string,
): void {
  setFigure(record, field, figureOf(record, field, currency).subtract(amountOf(amount, currency)));
}

export function zeroAmount(currency: string): string {
  let zero = zeros.get(currency);
  if (zero === undefined) {
    zero = Money.zero(currency).amount;
    zeros.set(currency, zero);
  }
  return zero;
}

export function addAmounts(a: string, b: string, currency: string): string {
  return amountOf(a, currency).add(amountOf(b, currency)).amount;
}

export function subtractAmounts(a: string, b: string, currency: string): string {
  return amountOf(a, currency).subtract(amountOf(b, currency)).amount;
}

export function sumAmounts(amounts: readonly string[], currency: string): string {
  return Money.sum(
    amounts.map((amount) => amountOf(amount, currency)),
    currency,
  ).amount;
}

export function negateAmount(amount: string, currency: string): string {
  return amountOf(amount, currency).negate().amount;
}

export function isZeroAmount(amount: string, currency: string): boolean {
  return amountOf(amount, currency).isZero();
}
