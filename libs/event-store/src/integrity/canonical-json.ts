import { createHash } from 'node:crypto';
import type { NewEvent } from '../port/envelope';

/** JSON with object keys sorted at every depth, so equal values always hash the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Hash of what the writer proposed; the same id with another content hash is a conflict. */
export function contentHash(event: NewEvent): string {
  return sha256Hex(
    canonicalJson({
      eventId: event.eventId,
      type: event.type,
      schemaVersion: event.schemaVersion,
      data: event.data,
      metadata: event.metadata,
      occurredAt: event.occurredAt,
    }),
  );
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
