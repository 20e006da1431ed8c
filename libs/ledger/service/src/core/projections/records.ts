/**
 * Ids from events become record keys in the domain states. Like the domain's own helpers, these
 * touch own properties only, so an id such as `__proto__` or `constructor` is an ordinary key.
 */
export function ownRecord<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

export function putRecord<T>(record: Record<string, T>, key: string, value: T): T {
  Object.defineProperty(record, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return value;
}
