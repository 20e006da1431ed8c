/**
 * Character and content rules for text a client sends. Pure functions, used by the strict edge
 * (every string of every request) and by the text decorators (per field).
 */

/** C0 controls other than tab, LF and CR: never meaningful in a ledger, NUL breaks PostgreSQL. */
// eslint-disable-next-line no-control-regex
const controlOtherThanLineBreaks = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;
const lineBreakOrTab = /[\t\n\r]/;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const unpairedSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string cannot be stored, or undefined when it can (tab, CR and LF are allowed here). */
export function unstorableTextReason(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain the NUL character';
  if (controlOtherThanLineBreaks.test(text)) return 'must not contain control characters';
  // A lone surrogate is not a character: it cannot be encoded as UTF-8 or stored as text.
  if (unpairedSurrogate.test(text)) return 'must not contain unpaired surrogates (invalid Unicode)';
  return undefined;
}

export function hasLineBreakOrTab(text: string): boolean {
  return lineBreakOrTab.test(text);
}

/** Empty or only whitespace (any Unicode space, including NBSP and the ideographic space). */
export function isBlank(text: string): boolean {
  return text.trim().length === 0;
}

const cardDigitsMin = 13;
const cardDigitsMax = 19;
/** Digits with at most one space or dash between two of them: how people write card numbers. */
const digitRun = /\d(?:[ -]?\d)*/g;
const uuidPattern = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * True when the text holds a payment card number: 13 to 19 digits (spaces or dashes between them
 * allowed) passing the Luhn check. In a run of grouped digits ("order 2026 4111 1111 1111 1111"),
 * every span of whole groups is tried, so a card number next to other numbers is still found.
 */
export function containsCardNumber(text: string): boolean {
  // A UUID's all-digit groups can line up as 13-19 Luhn-valid digits; a UUID is not a card.
  for (const match of text.replace(uuidPattern, ' ').matchAll(digitRun)) {
    const groups = match[0].split(/[ -]/);
    if (groupsHoldCardNumber(groups)) return true;
  }
  return false;
}

function groupsHoldCardNumber(groups: string[]): boolean {
  for (let start = 0; start < groups.length; start += 1) {
    let digits = '';
    for (let end = start; end < groups.length; end += 1) {
      digits += groups[end];
      if (digits.length > cardDigitsMax) break;
      if (digits.length >= cardDigitsMin && issuedByCardNetworks(digits) && passesLuhn(digits))
        return true;
    }
  }
  return false;
}

/**
 * Card numbers begin with a major industry identifier of 1 to 6 (airlines, travel and
 * entertainment, banking); 0 and 7-9 belong to no card network, so such numbers are left alone.
 */
function issuedByCardNetworks(digits: string): boolean {
  return digits[0] !== undefined && digits[0] >= '1' && digits[0] <= '6';
}

/** The Luhn checksum card numbers carry in their last digit. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}
