import {
  DuplicateEventIdConflict,
  expectedAt,
  loadAggregate,
  toNewEvents,
  WrongExpectedVersion,
  type CommandContext,
  type DomainEvent,
  type EventStore,
  type StreamAppend,
} from '@billing/event-store';
import { creditNoteSeriesStream, findCatalogEntry, invoiceSeriesStream } from '@billing/contracts';
import { invariant } from '@billing/kernel';
import { assignedNumber, numberingSeriesDecider, seriesFor } from '@billing/invoicing-domain';

const schemaVersionOf = (type: string) => findCatalogEntry(type)?.schemaVersion ?? 1;

/** Racing issuers reload and decide again; the bound is above any pool's concurrency (as before). */
const numberedRetryCountMax = 200;

/** What a numbered document's command decided for one stream, read at `streamVersion`. */
export interface PlannedAppend {
  streamId: string;
  streamVersion: number;
  events: DomainEvent[];
}

/** The document's decision given a number: the streams it appends to, and what to answer. */
export interface NumberedPlan<Answer> {
  appends: PlannedAppend[];
  answer: Answer;
  /** False when this decision issues no document (e.g. a refusal recorded): then no number. */
  needsNumber?: boolean;
}

export interface NumberedDocument {
  kind: 'invoice' | 'credit_note';
  documentId: string;
  billingAccountId: string;
  issueDate: string;
}

/**
 * Issues a numbered document and takes its number in ONE all-or-none append, so a document that
 * is refused (by its decider, by the store, by a race) consumes no number, and a number is never
 * taken without its document. `plan(number)` loads what it needs and decides; it runs first with a
 * placeholder (a refusal then throws before the series is even read; nothing to append means the
 * document was issued already and takes nothing), then with the series' next number.
 */
export async function issueNumbered<Answer>(
  store: EventStore,
  document: NumberedDocument,
  context: CommandContext,
  plan: (number: string) => Promise<NumberedPlan<Answer>>,
): Promise<{ number: string | null; answer: Answer }> {
  const series = seriesFor(document.kind, document.issueDate);
  const seriesStreamId =
    document.kind === 'invoice' ? invoiceSeriesStream(series) : creditNoteSeriesStream(series);
  const numberContext = {
    ...context,
    idempotencyKey: `${context.idempotencyKey}:number:${document.documentId}`,
  };
  for (let attempt = 0; ; attempt++) {
    const placeholder = await plan('PENDING');
    if (placeholder.appends.every((a) => a.events.length === 0))
      return { number: null, answer: placeholder.answer };
    if (placeholder.needsNumber === false) {
      if (await appendOrRetry(store, toStreamAppends(placeholder.appends, context), attempt))
        return { number: null, answer: placeholder.answer };
      continue;
    }
    const { state, streamVersion } = await loadAggregate(
      store,
      numberingSeriesDecider,
      seriesStreamId,
    );
    const numbering = numberingSeriesDecider.decide(
      {
        type: 'AssignNumber',
        data: {
          series,
          documentKind: document.kind,
          documentId: document.documentId,
          billingAccountId: document.billingAccountId,
        },
      },
      state,
    );
    // No event: the series gave this document its number before the appends were joined (a
    // number taken then, whose document failed); the document takes that number, not a new one.
    const number = numbering[0]?.data.number ?? assignedNumber(state, document.documentId);
    invariant(number !== undefined, `series ${series} has no number for ${document.documentId}`);
    const decided = await plan(number);
    const appends: StreamAppend[] = [
      ...(numbering.length > 0
        ? [
            {
              streamId: seriesStreamId,
              events: toNewEvents(numbering, seriesStreamId, numberContext, { schemaVersionOf }),
              expected: expectedAt(streamVersion),
            },
          ]
        : []),
      ...toStreamAppends(decided.appends, context),
    ];
    if (await appendOrRetry(store, appends, attempt)) return { number, answer: decided.answer };
  }
}

function toStreamAppends(planned: PlannedAppend[], context: CommandContext): StreamAppend[] {
  return planned
    .filter((a) => a.events.length > 0)
    .map((a) => ({
      streamId: a.streamId,
      events: toNewEvents(a.events, a.streamId, context, { schemaVersionOf }),
      expected: expectedAt(a.streamVersion),
    }));
}

/** True once appended; false when a racing writer moved a stream (decide again); else throws. */
async function appendOrRetry(
  store: EventStore,
  appends: StreamAppend[],
  attempt: number,
): Promise<boolean> {
  try {
    await store.appendToStreams(appends);
    return true;
  } catch (error) {
    const retryable =
      error instanceof WrongExpectedVersion || error instanceof DuplicateEventIdConflict;
    if (!retryable || attempt >= numberedRetryCountMax) throw error;
    return false;
  }
}
