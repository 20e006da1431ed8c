import { randomUUID } from 'node:crypto';
import type { JsonSchema, Operation } from './openapi-operations';

/** The hostile classes of issue 13, each a way a request can try to get bad data into the log. */
export const hostileClasses = [
  'nul',
  'lone_surrogate',
  'invalid_utf8',
  'c0_control',
  'blank_required',
  'proto_key',
  'constructor_key',
  'prototype_key',
  'unknown_key',
  'nil_uuid',
  'bad_currency',
  'zoneless_instant',
  'empty_lines',
  'deep_nesting',
  'huge_body',
  'wrong_type',
  'amount_exponent',
  'amount_too_precise',
  'amount_negative',
  'amount_nan',
  'amount_20_digits',
  'card_number',
  'unknown_reference',
] as const;
export type HostileClass = (typeof hostileClasses)[number];

/** Ids of real records, so a hostile field is the only thing wrong with a request. */
export interface KnownIds {
  account: string;
  invoice: string;
  line: string;
  payment: string;
  dispute: string;
  writeOff: string;
  plan: string;
}

/** One request of the suite: what it sends, and which hostile class it carries. */
export interface HostileRequest {
  hostile: HostileClass;
  method: string;
  /** Path with parameters filled in, possibly hostile ones (already percent-encoded). */
  url: string;
  /** A JSON value, or raw bytes / text sent as application/json. */
  body?: unknown;
  raw?: Buffer | string;
  /** Where the hostile value sits, for the report. */
  where: string;
}

/** The personal data the suite sends; none of it may reach a log line. */
export const suitePersonalData = {
  email: 'hostile.suite.pii@example.test',
  legalName: 'Zyxwv Hostile Suite Person',
  card: '4111 1111 1111 1111',
};

const nilUuid = '00000000-0000-0000-0000-000000000000';

/**
 * The values of each text and amount class; the CI pass sends the first of each, the full run
 * (HOSTILE_FULL=1) every one.
 */
const variants = {
  nul: ['a\u0000b', '\u0000', 'end\u0000', '\u0000\u0000\u0000'],
  lone_surrogate: ['a\ud800b', '\udc00', 'x\udbff', '\udc00\ud800', 'tail\ud83d'],
  c0_control: [
    'a\u0007b',
    '\u0001',
    'esc\u001b[31m',
    'bs\u0008',
    'vt\u000b',
    'ff\u000c',
    'us\u001f', // C0 ends at U+001F; DEL (U+007F) is not one of them
  ],
  card_number: [
    `Paid with card ${suitePersonalData.card}`,
    '4111-1111-1111-1111',
    '4111111111111111',
    'card 5555 5555 5555 4444 thanks',
    '378282246310005',
  ],
  blank_required: ['   ', '', '\t\n', '\u00a0'],
  wrong_type: [12345, true, null, ['a'], { nested: 'object' }],
  amount_exponent: ['1e3', '1E-2', '0x10'],
  amount_negative: ['-5.00', '-0.01'],
  amount_nan: ['NaN', 'Infinity', '', ' 10.00'],
  amount_20_digits: ['12345678901234567890', '99999999999999999999.99'],
};

type Path = Array<string | number>;
interface Leaf {
  path: Path;
  schema: JsonSchema;
  required: boolean;
}

const typeOf = (s: JsonSchema) => (Array.isArray(s.type) ? s.type[0] : s.type);
const isUuidField = (name: string, s: JsonSchema) =>
  s.format === 'uuid' || (/Ids?$/.test(name) && !/taxId/i.test(name));
const isCurrency = (name: string) => /currency$/i.test(name);
const isAmount = (name: string) =>
  /amount|price|total|threshold/i.test(name) && !/Ids?$/.test(name);
const isInstant = (name: string, s: JsonSchema) => s.format === 'date-time' || /At$/.test(name);
const isDate = (name: string, s: JsonSchema) =>
  s.format === 'date' || /(^date$|Date$|^from$|^to$)/.test(name);

/** A plausible valid value for a field, by its schema and name. */
function validValue(name: string, schema: JsonSchema, ids: KnownIds, depth = 0): unknown {
  if (schema.enum && schema.enum.length > 0) return schema.enum[0];
  if (schema.example !== undefined && typeOf(schema) !== 'object') return schema.example;
  const type = typeOf(schema);
  if (type === 'array') {
    const itemName = name.replace(/s$/, '');
    const item = validValue(itemName, schema.items ?? {}, ids, depth + 1);
    return [item];
  }
  if (type === 'object' || schema.properties) return validObject(schema, ids, depth + 1);
  if (type === 'integer' || type === 'number') return /days/i.test(name) ? 30 : 1;
  if (type === 'boolean') return false;
  if (isUuidField(name, schema)) return idFor(name, ids);
  if (isCurrency(name)) return 'USD';
  if (/quantity/i.test(name)) return '1';
  if (/rate/i.test(name)) return '0';
  if (isAmount(name)) return '10.00';
  if (isInstant(name, schema)) return '2026-03-02T10:00:00Z';
  if (isDate(name, schema)) return '2026-04-01';
  if (/email/i.test(name)) return suitePersonalData.email;
  if (/country/i.test(name)) return 'US';
  if (/legalName/i.test(name)) return suitePersonalData.legalName;
  return 'Hostile suite text';
}

function idFor(name: string, ids: KnownIds): string {
  if (/account/i.test(name)) return ids.account;
  if (/line/i.test(name)) return ids.line;
  if (/invoice/i.test(name)) return ids.invoice;
  if (/dispute/i.test(name)) return ids.dispute;
  if (/payment/i.test(name)) return ids.payment;
  return randomUUID();
}

function validObject(schema: JsonSchema, ids: KnownIds, depth: number): Record<string, unknown> {
  if (depth > 6) return {};
  const properties = schema.properties ?? {};
  const names =
    schema.required && schema.required.length > 0 ? schema.required : Object.keys(properties);
  const out: Record<string, unknown> = {};
  for (const name of names) {
    const property = properties[name];
    if (property) out[name] = validValue(name, property, ids, depth);
  }
  return out;
}

/** The string, uuid, amount... fields of a body, with their paths. */
function leaves(schema: JsonSchema, path: Path = [], required = true, depth = 0): Leaf[] {
  if (depth > 6) return [];
  const type = typeOf(schema);
  if (type === 'array')
    return [
      { path, schema, required },
      ...leaves(schema.items ?? {}, [...path, 0], required, depth + 1),
    ];
  if (type === 'object' || schema.properties) {
    const req = new Set(schema.required ?? []);
    const names = req.size > 0 ? [...req] : Object.keys(schema.properties ?? {});
    return names.flatMap((name) =>
      leaves(
        schema.properties?.[name] ?? {},
        [...path, name],
        required && req.has(name),
        depth + 1,
      ),
    );
  }
  return path.length > 0 ? [{ path, schema, required }] : [];
}

function withValue(body: unknown, path: Path, value: unknown): unknown {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let at: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    if (at[key] === undefined || at[key] === null || typeof at[key] !== 'object') return copy;
    at = at[key] as Record<string | number, unknown>;
  }
  at[path[path.length - 1]!] = value;
  return copy;
}

const nameOf = (path: Path) => String([...path].reverse().find((p) => typeof p === 'string') ?? '');
const show = (path: Path) =>
  path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))
    .join('')
    .slice(1);

/** Body fields a hostile value of each kind goes into. */
function targets(schema: JsonSchema) {
  const all = leaves(schema);
  const strings = all.filter(
    (l) => typeOf(l.schema) === 'string' || (!typeOf(l.schema) && !l.schema.properties),
  );
  const text = strings.filter(
    (l) =>
      !l.schema.enum &&
      !isUuidField(nameOf(l.path), l.schema) &&
      !isCurrency(nameOf(l.path)) &&
      !isAmount(nameOf(l.path)) &&
      !isInstant(nameOf(l.path), l.schema) &&
      !isDate(nameOf(l.path), l.schema) &&
      !/quantity|rate/i.test(nameOf(l.path)),
  );
  return {
    all,
    strings,
    text,
    uuids: strings.filter((l) => isUuidField(nameOf(l.path), l.schema)),
    currencies: strings.filter((l) => isCurrency(nameOf(l.path))),
    amounts: strings.filter((l) => isAmount(nameOf(l.path)) || /quantity/i.test(nameOf(l.path))),
    instants: strings.filter((l) => isInstant(nameOf(l.path), l.schema)),
    arrays: all.filter(
      (l) => typeOf(l.schema) === 'array' && /lines|invoices|instalments/i.test(nameOf(l.path)),
    ),
  };
}

/**
 * The hostile requests for one command operation: each class in each field it applies to (at
 * most `fieldsPerClass` fields per class), every other field valid.
 */
export function hostileCommandRequests(
  op: Operation,
  url: string,
  ids: KnownIds,
  fieldsPerClass: number,
  everyVariant = false,
): HostileRequest[] {
  const valuesOf = <K extends keyof typeof variants>(name: K): unknown[] =>
    everyVariant ? [...variants[name]] : variants[name].slice(0, 1);
  const schema = op.body ?? { type: 'object', properties: {} };
  const base = validObject(schema, ids, 0);
  const t = targets(schema);
  const out: HostileRequest[] = [];
  const some = <T>(items: T[]) => items.slice(0, fieldsPerClass);
  const put = (hostile: HostileClass, leaf: Leaf, value: unknown) =>
    out.push({
      hostile,
      method: op.method,
      url,
      body: withValue(base, leaf.path, value),
      where: show(leaf.path),
    });
  const raw = (hostile: HostileClass, text: string | Buffer, where = 'body') =>
    out.push({ hostile, method: op.method, url, raw: text, where });

  // The full run puts text attacks in every string field (ids, codes, amounts, dates too).
  for (const leaf of some(everyVariant ? t.strings : t.text)) {
    for (const value of valuesOf('nul')) put('nul', leaf, value);
    for (const value of valuesOf('lone_surrogate')) put('lone_surrogate', leaf, value);
    for (const value of valuesOf('c0_control')) put('c0_control', leaf, value);
    for (const value of valuesOf('card_number')) put('card_number', leaf, value);
    if (leaf.required)
      for (const value of valuesOf('blank_required')) put('blank_required', leaf, value);
  }
  out.push(...unknownReferenceRequests(op, url, ids, base));
  const firstText = t.text[0];
  if (firstText) {
    const marker = 'INVALID_UTF8_MARKER';
    const text = JSON.stringify(withValue(base, firstText.path, marker));
    const [before, after] = text.split(marker) as [string, string];
    raw(
      'invalid_utf8',
      Buffer.concat([
        Buffer.from(before),
        Buffer.from([0x61, 0xc3, 0x28, 0xff]),
        Buffer.from(after),
      ]),
      show(firstText.path),
    );
  }
  const baseText = JSON.stringify(base);
  const withKey = (key: string) =>
    baseText.length > 2
      ? `{"${key}":{"polluted":true},${baseText.slice(1)}`
      : `{"${key}":{"polluted":true}}`;
  raw('proto_key', withKey('__proto__'), '__proto__');
  raw('constructor_key', withKey('constructor'), 'constructor');
  raw('prototype_key', withKey('prototype'), 'prototype');
  out.push({
    hostile: 'unknown_key',
    method: op.method,
    url,
    body: { ...base, unexpectedField: 'x' },
    where: 'unexpectedField',
  });
  for (const leaf of some(t.uuids)) put('nil_uuid', leaf, nilUuid);
  for (const leaf of some(t.currencies)) {
    put('bad_currency', leaf, 'XXX');
    put('bad_currency', leaf, 'ABC');
  }
  for (const leaf of some(t.instants)) put('zoneless_instant', leaf, '2026-03-02T10:00:00');
  for (const leaf of some(t.arrays)) put('empty_lines', leaf, []);
  raw('deep_nesting', '['.repeat(5000) + ']'.repeat(5000));
  raw('huge_body', JSON.stringify({ ...base, padding: 'x'.repeat(2 * 1024 * 1024) }));
  for (const leaf of some(t.all.filter((l) => l.path.length > 0))) {
    const type = typeOf(leaf.schema);
    put(
      'wrong_type',
      leaf,
      type === 'string' ? 12345 : type === 'array' ? { not: 'a list' } : 'not-a-number',
    );
  }
  for (const leaf of some(t.amounts)) {
    for (const value of valuesOf('amount_exponent')) put('amount_exponent', leaf, value);
    // A quantity may have decimals (0.001 hours); a money amount in USD may not.
    if (!/quantity/i.test(nameOf(leaf.path))) put('amount_too_precise', leaf, '0.001');
    for (const value of valuesOf('amount_negative')) put('amount_negative', leaf, value);
    for (const value of valuesOf('amount_nan')) put('amount_nan', leaf, value);
    for (const value of valuesOf('amount_20_digits')) put('amount_20_digits', leaf, value);
  }
  // 0.001 in JPY: where the body names a currency, the yen (no minor unit at all).
  for (const leaf of some(t.amounts)) {
    const currency = t.currencies[0];
    if (!currency) break;
    out.push({
      hostile: 'amount_too_precise',
      method: op.method,
      url,
      body: withValue(withValue(base, currency.path, 'JPY'), leaf.path, '0.001'),
      where: `${show(leaf.path)} (JPY)`,
    });
  }
  return out;
}

/** Fills the path parameters of a documented path with the ids of real records. */
export function urlFor(
  op: Operation,
  ids: KnownIds,
  override?: { param: string; value: string },
): string {
  return op.path.replace(/\{([^}]+)\}/g, (_m, param: string, offset: number) => {
    if (override && override.param === param) return override.value;
    const before = op.path.slice(0, offset);
    if (/creditNoteId/.test(param)) return randomUUID();
    if (/billing-accounts\/$|accounts\/$/.test(before)) return ids.account;
    if (/invoices\/$/.test(before)) return ids.invoice;
    if (/payments\/$/.test(before)) return ids.payment;
    if (/disputes\/$/.test(before)) return ids.dispute;
    if (/write-offs\/$/.test(before)) return ids.writeOff;
    if (/plans\/$/.test(before)) return ids.plan;
    return ids.account;
  });
}

/**
 * A well-formed id of no record where a command names an existing one: each path parameter, and
 * each body field whose valid value is one of the known records (not ids the client chooses for
 * a new record). The service must refuse it (404 or 422 naming the field), not append.
 */
function unknownReferenceRequests(
  op: Operation,
  url: string,
  ids: KnownIds,
  base: unknown,
): HostileRequest[] {
  const known = new Set<unknown>(Object.values(ids));
  const out: HostileRequest[] = op.pathParams.map((param) => ({
    hostile: 'unknown_reference',
    method: op.method,
    url: urlFor(op, ids, { param, value: randomUUID() }),
    body: base,
    where: `path {${param}}`,
  }));
  for (const leaf of leaves(op.body ?? { type: 'object', properties: {} })) {
    if (!known.has(valueAt(base, leaf.path))) continue;
    out.push({
      hostile: 'unknown_reference',
      method: op.method,
      url,
      body: withValue(base, leaf.path, randomUUID()),
      where: show(leaf.path),
    });
  }
  return out;
}

function valueAt(body: unknown, path: Path): unknown {
  let at = body;
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string | number, unknown>)[key];
  }
  return at;
}

/** Hostile path parameters (already encoded for the URL) and what they try. */
export const hostilePathValues: Array<[HostileClass, string]> = [
  ['nil_uuid', nilUuid],
  ['nul', '%00'],
  ['invalid_utf8', '%C3%28%FF'],
  ['lone_surrogate', '%ED%A0%80'],
  ['c0_control', 'a%07b'],
  ['huge_body', 'a'.repeat(5000)],
  ['wrong_type', '12345'],
];

/** Hostile query values for a declared query parameter. */
export function hostileQueryValues(
  name: string,
  schema: JsonSchema,
): Array<[HostileClass, string]> {
  const values: Array<[HostileClass, string]> = [
    ['nul', 'a%00b'],
    ['invalid_utf8', '%C3%28%FF'],
    ['lone_surrogate', '%ED%A0%80'],
    ['c0_control', 'a%07b'],
    ['huge_body', 'a'.repeat(5000)],
  ];
  if (isInstant(name, schema) || /asOf/i.test(name))
    values.push(['zoneless_instant', '2026-03-02T10:00:00']);
  if (isDate(name, schema)) values.push(['wrong_type', '2026-02-30']);
  // The nil UUID as a query filter (e.g. an audit trail's correlationId) finds nothing, which is
  // the right answer; it is refused where a client chooses an id (bodies) or names one (paths).
  return values;
}
