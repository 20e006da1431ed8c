import { systemClock, type Clock } from '@billing/kernel';
import type {
  BeginOptions,
  BeginOutcome,
  IdempotencyKeyRef,
  IdempotencyStore,
  StoredResponse,
} from './idempotency-store.port';

interface Entry {
  fingerprint: string;
  response?: StoredResponse;
  leaseExpiresAtMs: number;
  expiresAtMs: number;
}

/**
 * Idempotency records in this process's memory: for tests and the embedded single-process mode.
 * Bounded: at `entriesMax`, expired records go first, then the oldest.
 */
export class InMemoryIdempotencyStore implements IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock = systemClock,
    private readonly entriesMax = 10_000,
  ) {}

  async begin(ref: IdempotencyKeyRef, options: BeginOptions): Promise<BeginOutcome> {
    const nowMs = this.clock.now().getTime();
    const id = this.idOf(ref);
    const existing = this.entries.get(id);
    const takeOver =
      !existing ||
      existing.expiresAtMs <= nowMs ||
      (!existing.response &&
        existing.leaseExpiresAtMs <= nowMs &&
        existing.fingerprint === ref.fingerprint);
    if (takeOver) {
      this.makeRoom();
      this.entries.delete(id);
      this.entries.set(id, {
        fingerprint: ref.fingerprint,
        leaseExpiresAtMs: nowMs + options.leaseMs,
        expiresAtMs: nowMs + options.ttlMs,
      });
      return { outcome: 'started' };
    }
    if (existing.fingerprint !== ref.fingerprint) return { outcome: 'mismatch' };
    if (existing.response) return { outcome: 'replay', response: existing.response };
    return { outcome: 'in_flight' };
  }

  async complete(ref: IdempotencyKeyRef, response: StoredResponse): Promise<void> {
    const entry = this.entries.get(this.idOf(ref));
    if (entry && entry.fingerprint === ref.fingerprint && !entry.response) {
      entry.response = structuredClone(response);
    }
  }

  async release(ref: IdempotencyKeyRef): Promise<void> {
    const id = this.idOf(ref);
    const entry = this.entries.get(id);
    if (entry && entry.fingerprint === ref.fingerprint && !entry.response) this.entries.delete(id);
  }

  async purgeExpired(limit: number): Promise<number> {
    const nowMs = this.clock.now().getTime();
    let purged = 0;
    for (const [id, entry] of this.entries) {
      if (purged >= limit) break;
      if (entry.expiresAtMs <= nowMs) {
        this.entries.delete(id);
        purged += 1;
      }
    }
    return purged;
  }

  private makeRoom(): void {
    if (this.entries.size < this.entriesMax) return;
    void this.purgeExpired(this.entries.size);
    // Map iteration is insertion order, so the first key is the oldest.
    while (this.entries.size >= this.entriesMax) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  private idOf(ref: IdempotencyKeyRef): string {
    return `${ref.scope}\u001f${ref.key}`;
  }
}
