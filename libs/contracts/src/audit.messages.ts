import type { Integer, IsoInstant } from './common';

/**
 * A head of the event store's global hash chain, published to billing.audit.v1 by the sealer at a
 * fixed interval and on demand. An auditor keeps `keep` somewhere the database's administrators
 * cannot write; `npm run cli -- verify --expect-head <keep>` later proves the log still extends it.
 */
export interface ChainHeadAnchored {
  /** Global position of the last sealed event. */
  position: Integer;
  /** How many events the chain has sealed (the head's sequence number). */
  sequence: Integer;
  /**
   * The head's hash (sha-256, hex): commits to every sealed event up to and including `position`.
   * @pattern ^[0-9a-f]{64}$
   */
  hash: string;
  /** When the head was sealed. */
  sealedAt: IsoInstant;
  /**
   * `<position>:<hash>`, as `verify --expect-head` takes it.
   * @pattern ^[0-9]+:[0-9a-f]{64}$
   */
  keep: string;
  /** The service that published it. */
  publishedBy: string;
}

export type AuditMessageType = 'ChainHeadAnchored';

/** Messages of billing.audit.v1; not domain events, so not in the event catalog. */
export const auditMessageCatalog = [
  {
    context: 'audit' as const,
    type: 'ChainHeadAnchored' as AuditMessageType,
    schemaVersion: 1,
    streamCategories: ['globalchain'],
    description:
      "A head of the event store's global hash chain (position, hash, time) for auditors to keep.",
  },
];
