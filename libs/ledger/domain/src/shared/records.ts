/**
 * Read models are records keyed by ids that come from events (account, invoice, payment ids).
 * Plain `record[id]` would read `constructor` from Object.prototype, and writing `__proto__`
 * would replace the record's prototype instead of storing an entry. These helpers touch own
 * properties only, so any id string is just a key.
 */
export function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

export function put<T>(record: Record<string, T>, key: string, value: T): T {
  // `__proto__` is the one key whose assignment does not create an own data property (it is an
  // accessor of Object.prototype). Every other key is assigned: the same own, enumerable,
  // writable property, without defineProperty's slow path, which a rebuild takes per event.
  if (key === '__proto__')
    Object.defineProperty(record, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  else record[key] = value;
  return value;
}

export function ownOrPut<T>(record: Record<string, T>, key: string, make: () => T): T {
  return own(record, key) ?? put(record, key, make());
}
