import { Money } from '@billing/money';

/**
 * Read models keep amounts as canonical decimal strings (plain JSON, stable when serialized) and
 * compute through Money, so no amount is ever a JavaScript number.
 *
 * A fold turns the same strings into Money again and again: a running total is printed after
 * one event and read back at the next one about the same account or invoice, and a rebuild does
 * that millions of times. So the Money behind each string recently printed or read is kept, per
 * currency, and reused (Money is immutable, so sharing it changes nothing). The memo is bounded:
 * two generations of at most `generationSizeMax` strings each; when the young one is full it
 * becomes the old one and the previous old one is dropped, so what is still in use survives.
 */
const generationSizeMax = 50_000;

class AmountMemo {
  private young = new Map<string, Money>();
  private old = new Map<string, Money>();

  constructor(readonly currency: string) {}

  get(text: string): Money | undefined {
    const recent = this.young.get(text);
    if (recent !== undefined) return recent;
    const older = this.old.get(text);
    if (older !== undefined) this.remember(text, older);
    return older;
  }

  remember(text: string, money: Money): void {
    if (this.young.size >= generationSizeMax) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(text, money);
  }
}

const memos = new Map<string, AmountMemo>();
const zeros = new Map<string, string>();

function memoOf(currency: string): AmountMemo | undefined {
  return memos.get(currency);
}

/** `Money.of(text, currency)`, remembered: the same checks, the same errors, the same value. */
export function amountOf(text: string, currency: string): Money {
  const known = memoOf(currency)?.get(text);
  if (known !== undefined) return known;
  const money = Money.of(text, currency);
  let memo = memoOf(currency);
  if (memo === undefined) {
    memo = new AmountMemo(currency);
    memos.set(currency, memo);
  }
  memo.remember(text, money);
  return money;
}

/** `money.amount`, remembered so that reading the string back later costs no parse. */
export function amountText(money: Money): string {
  const text = money.amount;
  memoOf(money.currency.code)?.remember(text, money);
  return text;
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
  return amountText(amountOf(a, currency).add(amountOf(b, currency)));
}

export function subtractAmounts(a: string, b: string, currency: string): string {
  return amountText(amountOf(a, currency).subtract(amountOf(b, currency)));
}

export function sumAmounts(amounts: readonly string[], currency: string): string {
  return amountText(
    Money.sum(
      amounts.map((amount) => amountOf(amount, currency)),
      currency,
    ),
  );
}

export function negateAmount(amount: string, currency: string): string {
  return amountText(amountOf(amount, currency).negate());
}

export function isZeroAmount(amount: string, currency: string): boolean {
  return amountOf(amount, currency).isZero();
}
