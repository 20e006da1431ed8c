import type { ChainHead, RecordedEvent } from '@billing/event-store';
import { deriveId } from '@billing/kernel';
import type { ChainHeadAnchored } from '@billing/contracts';

export const chainHeadMessageType = 'ChainHeadAnchored';
/** The one "stream" of chain heads; its version is the head's sequence number. */
export const chainHeadStreamId = 'globalchain-head';

/**
 * A chain head as a message on billing.audit.v1, in the same envelope as every other topic so one
 * consumer can read them all. The id is derived from the head, so the same head published twice
 * (several sealers, a restart) is one message to a consumer that de-duplicates by event id.
 */
export function chainHeadMessage(
  head: ChainHead,
  publishedBy: string,
  publishedAt: string,
): RecordedEvent<ChainHeadAnchored> {
  const eventId = deriveId('globalchain-head', head.sequence, head.hash);
  return {
    eventId,
    type: chainHeadMessageType,
    schemaVersion: 1,
    streamId: chainHeadStreamId,
    streamVersion: head.sequence,
    globalPosition: head.position,
    occurredAt: publishedAt,
    recordedAt: head.sealedAt,
    data: {
      position: head.position,
      sequence: head.sequence,
      hash: head.hash,
      sealedAt: head.sealedAt,
      keep: `${head.position}:${head.hash}`,
      publishedBy,
    },
    metadata: {
      correlationId: eventId,
      causationId: null,
      actor: { id: publishedBy, roles: ['service'] },
      service: publishedBy,
    },
  };
}
