import type { ExpectedVersion } from './event-store.port';

export class EventStoreError extends Error {}

/** The stream was not at the version the append expected. Reload, decide again, retry. */
export class WrongExpectedVersion extends EventStoreError {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number,
  ) {
    super(`Stream ${streamId} is at version ${actual}, expected ${String(expected)}`);
    this.name = 'WrongExpectedVersion';
  }
}

export class StreamNotFound extends EventStoreError {
  constructor(readonly streamId: string) {
    super(`Stream ${streamId} does not exist`);
    this.name = 'StreamNotFound';
  }
}

/** An event id that was already stored with different content (or in another stream). */
export class DuplicateEventIdConflict extends EventStoreError {
  constructor(readonly eventId: string) {
    super(`Event id ${eventId} was already used for a different event`);
    this.name = 'DuplicateEventIdConflict';
  }
}

/** A service appended to a stream category that another service owns. */
export class CategoryNotOwned extends EventStoreError {
  constructor(
    readonly category: string,
    readonly service: string,
  ) {
    super(`Service ${service} may not append to stream category ${category}`);
    this.name = 'CategoryNotOwned';
  }
}

/**
 * An event the database could not store or give back as it was: a string (or key) with NUL or a
 * lone UTF-16 surrogate. Refused before anything is written, by every adapter alike, so a client's
 * bad text is a 4xx at the edge and never a poison event for the read models that follow the log.
 */
export class UnstorableEvent extends EventStoreError {
  constructor(
    readonly eventId: string,
    readonly eventType: string,
    /** Where in the event: `data.memo`, `data.lines[0].description`, `metadata.actor.id`. */
    readonly path: string,
    readonly reason: 'nul' | 'lone_surrogate',
  ) {
    super(
      `Event ${eventId} (${eventType}) cannot be stored: ${path} contains ${
        reason === 'nul' ? 'a NUL character' : 'a lone surrogate'
      }`,
    );
    this.name = 'UnstorableEvent';
  }
}
