import { createHash } from 'node:crypto';
import type { NewEvent } from '../port/envelope';

/**
 * JSON with object keys sorted at every depth, so equal values always hash the same. Built with
 * string concatenation in one pass: it runs for every appended event, and its output must stay
 * byte-for-byte what stored content hashes were computed from (canonical-json.spec.ts pins it).
 */
export function canonicalJson(value: unknown): string {
  if (typeof value === 'string') return jsonString(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += canonicalJson(value[i]);
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = '{';
  for (const key of keys) {
    const item = record[key];
    if (item === undefined) continue;
    if (out.length > 1) out += ',';
    out += `${jsonString(key)}:${canonicalJson(item)}`;
  }
  return `${out}}`;
}

/** Characters JSON.stringify escapes: quote, backslash, controls and lone surrogates. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const needsEscape = /["\\\u0000-\u001f\ud800-\udfff]/;

/** JSON.stringify for a string, skipping its escaping pass when nothing needs escaping. */
function jsonString(text: string): string {
  return needsEscape.test(text) ? JSON.stringify(text) : `"${text}"`;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Hash of what the writer proposed; the same id with another content hash is a conflict. Equal to
 * sha256(canonicalJson({ eventId, type, schemaVersion, data, metadata, occurredAt })), with the
 * envelope's keys written in their sorted order directly.
 */
export function contentHash(event: NewEvent): string {
  const fields: Array<[string, unknown]> = [
    ['data', event.data],
    ['eventId', event.eventId],
    ['metadata', event.metadata],
    ['occurredAt', event.occurredAt],
    ['schemaVersion', event.schemaVersion],
    ['type', event.type],
  ];
  let out = '{';
  for (const [key, item] of fields) {
    if (item === undefined) continue;
    if (out.length > 1) out += ',';
    out += `"${key}":${canonicalJson(item)}`;
  }
  return sha256Hex(`${out}}`);
}

/** Genesis link of every chain. */
export const chainGenesis = '';

/**
 * Per-stream link: binds the content to its stream, its version and the previous link. The SQL
 * append function computes exactly this string (see sql/0007_function_append_events.sql).
 */
export function streamLink(
  previous: string,
  streamId: string,
  version: number,
  hash: string,
): string {
  return sha256Hex(`${previous}|${streamId}|${version}|${hash}`);
}

/** Global link: binds a stream link to its global position, in the safe global order. */
export function globalLink(previous: string, globalPosition: number, link: string): string {
  return sha256Hex(`${previous}|${globalPosition}|${link}`);
}
