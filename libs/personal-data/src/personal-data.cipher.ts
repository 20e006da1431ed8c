import { createCipheriv, createDecipheriv, createHmac, hkdfSync } from 'node:crypto';
import { erasedPersonalData, personalFieldsOf } from '@billing/contracts';
import type { DataKey, PersonalDataKeyStore } from './personal-data-key-store.port';

/** Marks a stored value as ciphertext; anything else in a personal field is clear (older events). */
export const ciphertextPrefix = 'pd:v1:';
const ivBytes = 12;
const tagBytes = 16;

/** What the cipher needs of an event: its type, its id and its data. */
interface EventLike {
  type: string;
  eventId: string;
  data: unknown;
}

type Json = Record<string, unknown>;

/**
 * Encrypts and decrypts the registered personal fields (`personalDataFields` in the contracts) of
 * an event with the data key of the event's `billingAccountId`, field by field, so an event keeps
 * its shape: a personal field is a string before and after.
 *
 * The IV is synthetic (an HMAC of event id, field and value under a key derived from the data
 * key): appending the same event twice stores the same bytes, which the store's idempotent retry
 * compares by content hash, while two different values never share an IV under one key.
 */
export class PersonalDataCipher {
  constructor(private readonly keys: PersonalDataKeyStore) {}

  async encryptEvent<E extends EventLike>(event: E): Promise<E> {
    const paths = presentPaths(event);
    if (paths.length === 0) return event;
    const data = await this.encryptPaths(accountOf(event), event.eventId, event.data, paths);
    return { ...event, data };
  }

  async decryptEvent<E extends EventLike>(event: E): Promise<E> {
    const paths = presentPaths(event);
    if (paths.length === 0) return event;
    return { ...event, data: await this.decryptPaths(accountOf(event), event.data, paths) };
  }

  /**
   * Encrypts the string values at `paths` of `data` (a copy) under the account's key. `id` names
   * the record they belong to (an event id, an idempotency key) and feeds the synthetic IV.
   */
  async encryptPaths(
    accountId: string,
    id: string,
    data: unknown,
    paths: readonly string[],
  ): Promise<Json> {
    const key = await this.keys.keyForWriting(accountId);
    const copy = structuredClone(data) as Json;
    for (const path of paths) {
      const value = getPath(copy, path) as string;
      // After erasure nothing personal is written for the account again, in clear or otherwise.
      setPath(
        copy,
        path,
        key.state === 'erased' ? erasedPersonalData : seal(value, key.key, accountId, id, path),
      );
    }
    return copy;
  }

  /** The values at `paths` in clear, or `[erased]` once the account's key is destroyed. */
  async decryptPaths(accountId: string, data: unknown, paths: readonly string[]): Promise<Json> {
    const key = await this.keys.keyForReading(accountId);
    const copy = structuredClone(data) as Json;
    for (const path of paths)
      setPath(copy, path, open(getPath(copy, path) as string, key, accountId, path));
    return copy;
  }
}

/** A stored personal value as a reader sees it: clear text, or `[erased]` once the key is gone. */
function open(stored: string, key: DataKey | null, accountId: string, path: string): string {
  // An erased account reads as erased even where an older event holds clear text.
  if (key?.state === 'erased') return erasedPersonalData;
  if (!stored.startsWith(ciphertextPrefix)) return stored;
  // Ciphertext whose key row is gone (a store restored without its key table): the key is lost.
  if (key === null) return erasedPersonalData;
  const bytes = Buffer.from(stored.slice(ciphertextPrefix.length), 'base64url');
  if (bytes.length < ivBytes + tagBytes) return stored;
  try {
    const decipher = createDecipheriv(
      'aes-256-gcm',
      subkey(key.key, 'encrypt'),
      bytes.subarray(0, ivBytes),
    );
    decipher.setAAD(Buffer.from(`${accountId}|${path}`, 'utf8'));
    decipher.setAuthTag(bytes.subarray(bytes.length - tagBytes));
    return Buffer.concat([
      decipher.update(bytes.subarray(ivBytes, bytes.length - tagBytes)),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    // Not ours: clear text of an older event that happens to start with the prefix. Shown as is
    // (a forged ciphertext carries nothing to reveal, and `verify` names an altered event).
    return stored;
  }
}

function seal(
  value: string,
  dataKey: Buffer,
  accountId: string,
  eventId: string,
  path: string,
): string {
  const iv = createHmac('sha256', subkey(dataKey, 'iv'))
    .update(`${eventId}\0${path}\0${value}`)
    .digest()
    .subarray(0, ivBytes);
  const cipher = createCipheriv('aes-256-gcm', subkey(dataKey, 'encrypt'), iv);
  // Bound to its account and field: a ciphertext copied into another field or account fails.
  cipher.setAAD(Buffer.from(`${accountId}|${path}`, 'utf8'));
  const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return ciphertextPrefix + Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
}

const subkeys = new WeakMap<Buffer, { encrypt: Buffer; iv: Buffer }>();

function subkey(dataKey: Buffer, use: 'encrypt' | 'iv'): Buffer {
  let derived = subkeys.get(dataKey);
  if (!derived) {
    const derive = (info: string) =>
      Buffer.from(
        hkdfSync('sha256', dataKey, Buffer.alloc(0), `billing personal data ${info}`, 32),
      );
    derived = { encrypt: derive('encrypt'), iv: derive('iv') };
    subkeys.set(dataKey, derived);
  }
  return derived[use];
}

/** The registered personal fields the event actually carries as strings. */
function presentPaths(event: EventLike): string[] {
  const paths = personalFieldsOf(event.type);
  if (paths.length === 0 || typeof event.data !== 'object' || event.data === null) return [];
  return paths.filter((path) => typeof getPath(event.data as Json, path) === 'string');
}

function accountOf(event: EventLike): string {
  const accountId = (event.data as Json)['billingAccountId'];
  if (typeof accountId !== 'string' || accountId === '')
    throw new Error(`${event.type} ${event.eventId} carries personal data but no billingAccountId`);
  return accountId;
}

function getPath(data: Json, path: string): unknown {
  let node: unknown = data;
  for (const part of path.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Json)[part];
  }
  return node;
}

function setPath(data: Json, path: string, value: string): void {
  const parts = path.split('.');
  let node = data;
  for (const part of parts.slice(0, -1)) node = node[part] as Json;
  node[parts[parts.length - 1]!] = value;
}
