import type { RecordedEvent } from '@billing/event-store';
import { foldAll, journalProjection, trialBalance, type LedgerEvent } from '@billing/ledger-domain';

/**
 * The store-side invariants, checked after every step on everything appended since the last
 * check: unique event ids, contiguous versions per stream, at most one effect per cause (an
 * allocation applied or rejected once by invoicing, its outcome recorded once by payments, one
 * receipt per payment), and a journal whose debits equal its credits per currency.
 */
export class StoreInvariants {
  private readonly ids = new Set<string>();
  private readonly versions = new Map<string, number>();
  private readonly effects = new Map<string, string>();
  readonly events: RecordedEvent[] = [];

  check(newEvents: RecordedEvent[]): void {
    for (const event of newEvents) {
      if (this.ids.has(event.eventId)) throw new Error(`event id ${event.eventId} stored twice`);
      this.ids.add(event.eventId);
      const last = this.versions.get(event.streamId) ?? 0;
      if (event.streamVersion !== last + 1)
        throw new Error(
          `${event.streamId} jumps from version ${last} to ${event.streamVersion}: versions not contiguous`,
        );
      this.versions.set(event.streamId, event.streamVersion);
      this.countEffect(event);
      this.events.push(event);
    }
    if (newEvents.length > 0) this.checkTrialBalance();
  }

  private countEffect(event: RecordedEvent): void {
    const data = event.data as Record<string, string>;
    const effectKey = (() => {
      switch (event.type) {
        case 'PaymentAllocationApplied':
        case 'PaymentAllocationRejected':
          return `invoicing answered allocation ${data['allocationId']}`;
        case 'AllocationConfirmed':
        case 'AllocationReturned':
          return `payments recorded the outcome of allocation ${data['allocationId']}`;
        case 'PaymentConfirmationIssued':
          return `receipt of payment ${data['paymentId']}`;
        default:
          return undefined;
      }
    })();
    if (!effectKey) return;
    const earlier = this.effects.get(effectKey);
    if (earlier)
      throw new Error(
        `${effectKey} twice: events ${earlier} and ${event.eventId} (doubled effect)`,
      );
    this.effects.set(effectKey, event.eventId);
  }

  private checkTrialBalance(): void {
    const journal = foldAll(journalProjection, this.events as unknown as LedgerEvent[]);
    for (const tb of trialBalance(journal)) {
      if (tb.debitTotal !== tb.creditTotal)
        throw new Error(
          `trial balance in ${tb.currency}: debits ${tb.debitTotal} != credits ${tb.creditTotal}`,
        );
    }
  }

  /** Every allocation payments made has exactly one answer from invoicing (after drain). */
  checkEveryAllocationAnswered(): void {
    for (const event of this.events) {
      if (event.type !== 'PaymentAllocated') continue;
      const allocations = (event.data as { allocations: Array<{ allocationId: string }> })
        .allocations;
      for (const a of allocations) {
        if (!this.effects.has(`invoicing answered allocation ${a.allocationId}`))
          throw new Error(`allocation ${a.allocationId} never answered by invoicing (lost effect)`);
      }
    }
  }

  has(eventId: string): boolean {
    return this.ids.has(eventId);
  }
}
