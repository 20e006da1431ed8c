import { streamCategory, type RecordedEvent } from './port/envelope';
import { WrongExpectedVersion } from './port/errors';
import type { EventFilter, ExpectedVersion, ReadStreamOptions } from './port/event-store.port';

/** Rows fetched per database round trip; reads are async iterables, so memory stays bounded. */
export const readPageSize = 1_000;

/** `maxCount` checked; absent means "until the end" (the iterator pages through it). */
export function boundedMaxCount(maxCount: number | undefined): number {
  if (maxCount === undefined) return Number.POSITIVE_INFINITY;
  if (!Number.isInteger(maxCount) || maxCount < 0)
    throw new RangeError(`maxCount must be a non-negative integer`);
  return maxCount;
}

/** Throws WrongExpectedVersion unless a stream at `actual` (0 = absent) meets `expected`. */
export function checkExpectation(
  streamId: string,
  expected: ExpectedVersion,
  actual: number,
): void {
  encodeExpected(expected);
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && actual === 0) ||
    (expected === 'stream_exists' && actual > 0) ||
    (typeof expected === 'number' && expected === actual);
  if (!ok) throw new WrongExpectedVersion(streamId, expected, actual);
}

export function encodeExpected(expected: ExpectedVersion): string {
  if (typeof expected === 'number') {
    if (!Number.isInteger(expected) || expected < 1) {
      throw new RangeError(`An exact expected version is an integer >= 1, got ${expected}`);
    }
    return String(expected);
  }
  return expected;
}

export function matchesFilter(event: RecordedEvent, filter: EventFilter | undefined): boolean {
  if (!filter) return true;
  if (filter.categories && !filter.categories.includes(streamCategory(event.streamId)))
    return false;
  if (filter.types && !filter.types.includes(event.type)) return false;
  return true;
}

/** The slice of a whole stream (ordered by version) that `options` selects. */
export function readStreamWindow(
  stream: RecordedEvent[],
  options: ReadStreamOptions,
): RecordedEvent[] {
  const maxCount = boundedMaxCount(options.maxCount);
  if (options.direction === 'backward') {
    const from = options.from ?? Number.MAX_SAFE_INTEGER;
    return stream
      .filter((e) => e.streamVersion <= from)
      .reverse()
      .slice(0, maxCount);
  }
  const from = options.from ?? 1;
  return stream.filter((e) => e.streamVersion >= from).slice(0, maxCount);
}
