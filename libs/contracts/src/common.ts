/**
 * Shapes shared by every context's events. Everything here is plain JSON so the lead can
 * generate JSON Schema and AsyncAPI from it.
 */

// The `@pattern` and `@format` tags below end up in the generated JSON Schemas
// (libs/contracts/schemas, `npm run contracts:generate`), so consumers can validate what we
// publish; amounts are strings there too, never JSON numbers.

/**
 * A decimal amount as a string with exactly the currency's minor units, e.g. `"1200.00"`.
 * @pattern ^-?[0-9]+(\.[0-9]+)?$
 */
export type DecimalString = string;

/**
 * ISO 4217 alphabetic code, e.g. `"USD"`.
 * @pattern ^[A-Z]{3}$
 */
export type CurrencyCode = string;

/**
 * A business date, ISO-8601 calendar date `YYYY-MM-DD` (no time zone).
 * @format date
 */
export type IsoDate = string;

/**
 * An instant, ISO-8601 with time zone, e.g. `"2026-03-01T09:30:00.000Z"`.
 * @format date-time
 */
export type IsoInstant = string;

/**
 * A whole number: counts, days, sequence numbers. Never an amount (amounts are `DecimalString`).
 * @asType integer
 */
export type Integer = number;

/**
 * Personal data of a billing account's customer (a name, an email, an address line, a tax id, free
 * text about the customer). In stored events and on Kafka it is encrypted with the account's data
 * key (AES-256-GCM): `pd:v1:` followed by base64url of IV, ciphertext and tag. Events stored before
 * encryption was introduced carry the clear text; a value written after the account's erasure is
 * the string `[erased]`. Services decrypt through the personal-data key store; once the account's
 * key is destroyed (erasure) every reader sees `[erased]`. See `personalDataFields`.
 */
export type PersonalData = string;

/** An event as deciders return it: its type name and its `data`. The store adds the envelope. */
export interface DomainEvent<Type extends string, Data> {
  type: Type;
  data: Data;
}

/** A command as deciders take it: its type name and its `data`. */
export interface DomainCommand<Type extends string, Data> {
  type: Type;
  data: Data;
}

/** An inclusive period of business dates. */
export interface DatePeriod {
  from: IsoDate;
  to: IsoDate;
}
