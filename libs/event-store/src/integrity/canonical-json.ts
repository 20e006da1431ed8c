import * as crypto from 'node:crypto';
import type { NewEvent } from '../port/envelope';

/**
 * JSON with object keys sorted at every depth, so equal values always hash the same; it is also the
 * text the SQL stores write for data and metadata. Built with
 * string concatenation in one pass: it runs for every appended event, and its output must stay
 * byte-for-byte what stored content hashes were computed from (canonical-json.spec.ts pins it).
 */
export function canonicalJson(value: unknown): string {
  if (typeof value === 'string') return jsonString(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  // As JSON.stringify does (a Date becomes its ISO string): the store writes this text, so it
  // must hold the value, not an empty object.
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function')
    return canonicalJson((value as { toJSON: () => unknown }).toJSON());
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

/** One-shot hashing (Node >= 20.12) skips building a Hash object: about twice as fast per event. */
const oneShotHash = typeof crypto.hash === 'function' ? crypto.hash : undefined;

function sha256Hex(text: string): string {
  return oneShotHash
    ? oneShotHash('sha256', text, 'hex')
    : crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}

/** An event's canonical pieces: what the store writes for data and metadata, and its content hash. */
export interface CanonicalEnvelope {
  /** canonicalJson(event.data) */
  data: string;
  /** canonicalJson(event.metadata) */
  metadata: string;
  contentHash: string;
}

/**
 * Hash of what the writer proposed; the same id with another content hash is a conflict. Equal to
 * sha256(canonicalJson({ eventId, type, schemaVersion, data, metadata, occurredAt })), with the
 * envelope's keys written in their sorted order directly.
 */
export function contentHash(event: NewEvent): string {
  return canonicalEnvelope(event).contentHash;
}

/**
 * The content hash plus the canonical JSON of data and metadata it was computed from, so an
 * append serializes each event's data once: the same text is hashed and stored.
 */
export function canonicalEnvelope(event: NewEvent): CanonicalEnvelope {
  const data = canonicalJson(event.data);
  const metadata = canonicalJson(event.metadata);
  // Keys in sorted order: data, eventId, metadata, occurredAt, schemaVersion, type. A member that
  // is undefined is left out, as canonicalJson leaves out undefined members.
  let out = '{';
  if (event.data !== undefined) out += `"data":${data}`;
  out = appendMember(out, 'eventId', event.eventId);
  if (event.metadata !== undefined) out += `${out.length > 1 ? ',' : ''}"metadata":${metadata}`;
  out = appendMember(out, 'occurredAt', event.occurredAt);
  out = appendMember(out, 'schemaVersion', event.schemaVersion);
  out = appendMember(out, 'type', event.type);
  return { data, metadata, contentHash: sha256Hex(`${out}}`) };
}

function appendMember(out: string, key: string, item: unknown): string {
  if (item === undefined) return out;
  return `${out}${out.length > 1 ? ',' : ''}"${key}":${canonicalJson(item)}`;
}

/** Genesis link of every chain. */
export const chainGenesis = '';

/**
 * Per-stream link: binds the content to its stream, its version and the previous link. The SQL
 * append function computes exactly this string (sql/0021_function_append_events_v4.sql).
 */
export function streamLink(
  previous: string,
  streamId: string,
  version: number,
  hash: string,
): string {
  return sha256Hex(`${previous}|${streamId}|${version}|${hash}`);
}

/** What one entry of the global chain seals: an event's place in the log and its content hash. */
export interface SealedFacts {
  sequence: number;
  globalPosition: number;
  /** The event's transaction id (xid8) as text. */
  transactionId: string;
  /** The event's commit time, ISO-8601 in UTC with microseconds, as the sealer wrote it. */
  recordedAt: string;
  streamId: string;
  streamVersion: number;
  eventId: string;
  contentHash: string;
}

/**
 * Global link: binds each event's place in the log (sequence, position, transaction, commit time,
 * stream, version, id) and its content hash to the previous link, in global-position order. The
 * SQL sealer computes exactly this string (sql/0025_function_seal_global_chain_v2.sql). Only the
 * stream id is free text, and every field after it has a fixed shape, so the string parses one way.
 */
export function globalLink(previous: string, facts: SealedFacts): string {
  return sha256Hex(
    `${previous}|${facts.sequence}|${facts.globalPosition}|${facts.transactionId}|${facts.recordedAt}|` +
      `${facts.streamId}|${facts.streamVersion}|${facts.eventId}|${facts.contentHash}`,
  );
}
