import type { FieldProblem } from '@billing/kernel';
import { unstorableTextReason } from './text-rules';

/** Bounds every request value is held to before anything recurses over it. */
export interface RequestValueLimits {
  /** Nesting of objects and arrays; the root object is depth 1. */
  depthMax: number;
  arrayLengthMax: number;
  /** Properties of one object. */
  objectKeyCountMax: number;
  stringLengthMax: number;
  keyLengthMax: number;
  /** The walk stops after this many problems; the client fixes those first. */
  problemCountMax: number;
}

/**
 * Far above any valid command (the deepest is `lines[0].servicePeriod.from`, the longest array an
 * invoice's 500 lines, the longest text 5,000 characters) and far below what costs real work.
 */
export const requestValueLimits: RequestValueLimits = {
  depthMax: 16,
  arrayLengthMax: 1_000,
  objectKeyCountMax: 100,
  stringLengthMax: 20_000,
  keyLengthMax: 100,
  problemCountMax: 20,
};

/**
 * Keys that reach an object's prototype chain when a library assigns them (`JSON.parse` makes
 * `__proto__` an own key; class-transformer or a spread would then set the prototype).
 */
const prototypeKeys = new Set(['__proto__', 'constructor', 'prototype']);

const replacementCharacter = '\uFFFD';

export interface InspectionOptions {
  /** The body's bytes were not valid UTF-8: strings holding U+FFFD are where they were. */
  invalidUtf8?: boolean;
  limits?: RequestValueLimits;
}

interface Pending {
  value: unknown;
  path: string;
  depth: number;
}

/**
 * Walks a parsed request body or query without recursion (an explicit stack, so `[` × 5000 costs
 * nothing) and lists what no route may accept: nesting, arrays, objects or strings over their
 * bounds, prototype keys, and text that cannot be stored (NUL, other C0 controls except tab and
 * line breaks, unpaired surrogates, bytes that were not UTF-8). Each problem names its field.
 */
export function inspectRequestValue(
  root: unknown,
  options: InspectionOptions = {},
): FieldProblem[] {
  const limits = options.limits ?? requestValueLimits;
  const problems: FieldProblem[] = [];
  const stack: Pending[] = [{ value: root, path: '', depth: 0 }];
  while (stack.length > 0 && problems.length < limits.problemCountMax) {
    const { value, path, depth } = stack.pop() as Pending;
    if (typeof value === 'string') {
      const reason = textReason(value, limits, options);
      if (reason) problems.push({ field: fieldName(path), reason });
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth + 1 > limits.depthMax) {
      problems.push({
        field: fieldName(path),
        reason: `must not nest objects and arrays deeper than ${limits.depthMax} levels`,
      });
      continue;
    }
    if (Array.isArray(value)) {
      if (value.length > limits.arrayLengthMax) {
        problems.push({
          field: fieldName(path),
          reason: `must have at most ${limits.arrayLengthMax} items`,
        });
        continue;
      }
      for (let i = value.length - 1; i >= 0; i -= 1)
        stack.push({ value: value[i], path: `${path}[${i}]`, depth: depth + 1 });
      continue;
    }
    const keys = Object.keys(value);
    if (keys.length > limits.objectKeyCountMax) {
      problems.push({
        field: fieldName(path),
        reason: `must have at most ${limits.objectKeyCountMax} properties`,
      });
      continue;
    }
    for (let i = keys.length - 1; i >= 0; i -= 1) {
      const key = keys[i] as string;
      const keyPath = joinKey(path, key, limits);
      const keyReason = keyProblem(key, limits, options);
      if (keyReason) {
        problems.push({ field: keyPath, reason: keyReason });
        continue;
      }
      stack.push({
        value: (value as Record<string, unknown>)[key],
        path: keyPath,
        depth: depth + 1,
      });
    }
  }
  return problems;
}

function textReason(
  text: string,
  limits: RequestValueLimits,
  options: InspectionOptions,
): string | undefined {
  if (text.length > limits.stringLengthMax)
    return `must be at most ${limits.stringLengthMax} characters`;
  if (options.invalidUtf8 && text.includes(replacementCharacter))
    return 'must be valid UTF-8 (the request held bytes that are not)';
  return unstorableTextReason(text);
}

function keyProblem(
  key: string,
  limits: RequestValueLimits,
  options: InspectionOptions,
): string | undefined {
  if (prototypeKeys.has(key)) return 'should not exist';
  if (key.length > limits.keyLengthMax) return 'should not exist';
  const reason = textReason(key, limits, options);
  return reason ? `is not a valid property name: it ${reason}` : undefined;
}

/** A key as the validation pipe would name it; an unprintable or huge key is shown escaped. */
function joinKey(parent: string, key: string, limits: RequestValueLimits): string {
  const printable =
    key.length <= limits.keyLengthMax && unstorableTextReason(key) === undefined
      ? key
      : JSON.stringify(key.slice(0, limits.keyLengthMax)).slice(1, -1);
  return parent ? `${parent}.${printable}` : printable;
}

/** The root itself (a body that is one deep array) is named `body`. */
function fieldName(path: string): string {
  return path === '' ? 'body' : path;
}
