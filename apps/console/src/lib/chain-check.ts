import { getJson } from '../api/client';
import { contentHashOf, globalLinkOf, type SealedFacts, type StoredEvent } from './canonical-json';

interface ChainEntry extends SealedFacts {
  globalHash: string;
  event: (StoredEvent & { contentHash: string }) | null;
}

interface ChainPage {
  previousHash: string;
  entries: ChainEntry[];
  nextAfterSequence: number | null;
}

interface SealedHead {
  sequence: number;
  position: number;
  hash: string;
}

interface ChainFault {
  sequence: number;
  globalPosition: number;
  eventId: string;
  reason: string;
}

export interface ChainCheck {
  checked: number;
  /** The first entry that does not hold, or null when every one does. */
  firstBad: ChainFault | null;
  /** The link this browser computed at the sealed head's sequence, if it got there. */
  computedAtHead: string | null;
  head: SealedHead;
}

/**
 * Recomputes every content hash (from the stored event's canonical bytes) and every link of the
 * global chain from its start, with WebCrypto, and compares the link at the sealed head's sequence
 * with the head the server reports. Stops at the first entry that does not hold.
 */
export async function checkChain(onProgress: (checked: number) => void): Promise<ChainCheck> {
  const head = await getJson<SealedHead>('/audit/head');
  let after = 0;
  let previous = '';
  let checked = 0;
  let computedAtHead: string | null = null;
  for (;;) {
    const page = await getJson<ChainPage>('/ledger/chain', {
      afterSequence: String(after),
      limit: '500',
    });
    for (const entry of page.entries) {
      const reason = await faultOf(entry, previous);
      if (reason) return { checked, firstBad: faultAt(entry, reason), computedAtHead, head };
      previous = entry.globalHash;
      checked++;
      if (entry.sequence === head.sequence) computedAtHead = previous;
    }
    onProgress(checked);
    if (page.nextAfterSequence === null || checked >= head.sequence) break;
    after = page.nextAfterSequence;
  }
  return { checked, firstBad: null, computedAtHead, head };
}

async function faultOf(entry: ChainEntry, previous: string): Promise<string | null> {
  const event = entry.event;
  if (!event) return 'the sealed event is gone from its global position';
  if (event.eventId !== entry.eventId) return `another event (${event.eventId}) is at its position`;
  const recomputed = await contentHashOf(event);
  if (recomputed !== entry.contentHash)
    return `its content hashes to ${recomputed.slice(0, 12)}…, not to the sealed ${entry.contentHash.slice(0, 12)}…: the event was altered`;
  const link = await globalLinkOf(previous, entry);
  if (link !== entry.globalHash) return 'its link does not follow from the chain before it';
  return null;
}

function faultAt(entry: ChainEntry, reason: string): ChainFault {
  return {
    sequence: entry.sequence,
    globalPosition: entry.globalPosition,
    eventId: entry.eventId,
    reason,
  };
}
