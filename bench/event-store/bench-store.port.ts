/** What every store under benchmark offers; one implementation per store, same load for each. */
export interface BenchEvent {
  eventId: string;
  type: string;
  data: Record<string, string>;
  metadata: {
    correlationId: string;
    causationId: string | null;
    actor: { id: string; roles: string[] };
    service: string;
  };
  occurredAt: string;
}

export interface BenchStore {
  readonly name: string;
  /** Appends a batch to one stream at an exact expected version (0 = the stream is new). */
  append(streamId: string, expectedVersion: number, events: BenchEvent[]): Promise<void>;
  /** Pages through the whole log in the global order; returns how many events it read. */
  readAll(): Promise<number>;
  /** A subscription from the beginning until it has delivered `expected` events. */
  catchUp(expected: number): Promise<number>;
  close(): Promise<void>;
}
