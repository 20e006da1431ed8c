/**
 * The event store's canonical JSON (libs/event-store/src/integrity/canonical-json.ts), written
 * again for the browser: object keys sorted at every depth, undefined members left out, strings
 * and numbers as JSON.stringify writes them. Written again, not imported, so the check does not
 * run the server's own code; the journey test pins both to the same hashes.
 */
function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const record = value as Record<string, unknown>;
  const members = Object.keys(record)
    .sort()
    .filter((key) => record[key] !== undefined)
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
  return `{${members.join(',')}}`;
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export interface StoredEvent {
  eventId: string;
  type: string;
  schemaVersion: number;
  occurredAt: string;
  data: unknown;
  metadata: unknown;
}

/** sha256 of the canonical envelope: what the store hashed when the event was appended. */
export function contentHashOf(event: StoredEvent): Promise<string> {
  const { eventId, type, schemaVersion, occurredAt, data, metadata } = event;
  return sha256Hex(canonicalJson({ data, eventId, metadata, occurredAt, schemaVersion, type }));
}

export interface SealedFacts {
  sequence: number;
  globalPosition: number;
  transactionId: string;
  recordedAt: string;
  streamId: string;
  streamVersion: number;
  eventId: string;
  contentHash: string;
}

/** The global link, as the SQL sealer computes it. */
export function globalLinkOf(previous: string, f: SealedFacts): Promise<string> {
  return sha256Hex(
    `${previous}|${f.sequence}|${f.globalPosition}|${f.transactionId}|${f.recordedAt}|` +
      `${f.streamId}|${f.streamVersion}|${f.eventId}|${f.contentHash}`,
  );
}
