import {
  DuplicateEventIdConflict,
  handleCommand,
  loadFromLastEvent,
  type CommandContext,
  type EventStore,
} from '@billing/event-store';
import {
  creditNoteSeriesStream,
  invoiceSeriesStream,
  type NumberingSeriesEvent,
} from '@billing/contracts';
import { deriveId, invariant } from '@billing/kernel';
import {
  assignedNumber,
  numberingSeriesDecider,
  numberingSeriesStateFrom,
  seriesFor,
} from '@billing/invoicing-domain';

/**
 * Racing issuers each read the series at some version and append at exactly that version; the
 * losers reload and try again. With N concurrent issuers the last one may lose N-1 times, so the
 * bound is well above the concurrency a pool of connections allows, and still finite.
 */
const numberingRetryCountMax = 200;

/**
 * Issuers of one series in this process take turns: racing them only makes all but one lose the
 * expected-version check, re-read and try again (4 racers measured p99 about 3 s under load);
 * queued, each waits for the one before. Other processes still race, and the retry covers them.
 */
const turns = new WeakMap<EventStore, Map<string, Promise<unknown>>>();

async function inTurn<T>(store: EventStore, streamId: string, work: () => Promise<T>): Promise<T> {
  let queues = turns.get(store);
  if (!queues) turns.set(store, (queues = new Map()));
  const before = queues.get(streamId) ?? Promise.resolve();
  const mine = before.catch(() => undefined).then(work);
  queues.set(streamId, mine);
  try {
    return await mine;
  } finally {
    // The last in the queue removes it, so the map holds only series being issued right now.
    if (queues.get(streamId) === mine) queues.delete(streamId);
  }
}

/**
 * The document's gap-free number: the series' next one, or the one it already got.
 *
 * Each attempt reads the series' last event only, so an issue costs the same in January and in
 * December. The NumberAssigned event's id is derived from the series and the document alone, not
 * from the request: a second number for the same document (a retry after the number was taken
 * but before the document recorded it, under any idempotency key) is refused by the store's unique
 * event id, and that refusal sends us to read the number the document already has.
 */
export async function assignDocumentNumber(
  store: EventStore,
  kind: 'invoice' | 'credit_note',
  documentId: string,
  billingAccountId: string,
  issueDate: string,
  context: CommandContext,
): Promise<string> {
  const series = seriesFor(kind, issueDate);
  const streamId =
    kind === 'invoice' ? invoiceSeriesStream(series) : creditNoteSeriesStream(series);
  return inTurn(store, streamId, () =>
    assignInSeries(
      store,
      streamId,
      series,
      kind,
      { documentId, billingAccountId, issueDate },
      context,
    ),
  );
}

async function assignInSeries(
  store: EventStore,
  streamId: string,
  series: string,
  kind: 'invoice' | 'credit_note',
  document: { documentId: string; billingAccountId: string; issueDate: string },
  context: CommandContext,
): Promise<string> {
  const { documentId } = document;
  const idempotencyKey = numberIdempotencyKey(documentId);
  try {
    const result = await handleCommand(
      store,
      numberingSeriesDecider,
      streamId,
      { type: 'AssignNumber', data: { series, documentKind: kind, ...document } },
      { ...context, idempotencyKey },
      {
        retryCountMax: numberingRetryCountMax,
        load: (s, id) => loadFromLastEvent(s, numberingSeriesStateFrom, id),
        retryOnDuplicateEventId: false,
      },
    );
    const number = assignedNumber(result.state, documentId);
    invariant(number !== undefined, `series ${series} assigned no number to ${documentId}`);
    return number;
  } catch (error) {
    if (!(error instanceof DuplicateEventIdConflict)) throw error;
    const number = await numberAssignedEarlier(
      store,
      streamId,
      deriveNumberEventId(idempotencyKey, streamId),
    );
    invariant(
      number !== undefined,
      `series ${series}: event ${error.eventId} is not in the series`,
    );
    return number;
  }
}

function numberIdempotencyKey(documentId: string): string {
  return `number:${documentId}`;
}

/** The id handleCommand gives the one NumberAssigned event of this document in this series. */
function deriveNumberEventId(idempotencyKey: string, streamId: string): string {
  return deriveId(idempotencyKey, streamId, 0, 'NumberAssigned');
}

/**
 * The rare path (a retry whose document's number is no longer the series' last): reads the
 * series backwards to the document's assignment, which is usually only a few events back.
 */
async function numberAssignedEarlier(
  store: EventStore,
  streamId: string,
  eventId: string,
): Promise<string | undefined> {
  for await (const event of store.readStream(streamId, { direction: 'backward' })) {
    if (event.eventId === eventId) return (event.data as NumberingSeriesEvent['data']).number;
  }
  return undefined;
}
