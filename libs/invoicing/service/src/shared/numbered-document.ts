import {
  handleCommandsTogether,
  loadFromLastEvent,
  type CommandContext,
  type EventStore,
  type PlannedAppend,
  type TogetherPlan,
} from '@billing/event-store';
import { creditNoteSeriesStream, findCatalogEntry, invoiceSeriesStream } from '@billing/contracts';
import { invariant } from '@billing/kernel';
import {
  assignedNumber,
  numberingSeriesDecider,
  numberingSeriesStateFrom,
  seriesFor,
} from '@billing/invoicing-domain';

const schemaVersionOf = (type: string) => findCatalogEntry(type)?.schemaVersion ?? 1;

/**
 * Racing issuers each read the series at some version and append at exactly that version; the
 * losers reload and decide again. With N concurrent issuers the last one may lose N-1 times, so
 * the bound is well above the concurrency a pool of connections allows, and still finite.
 */
const numberedRetryCountMax = 200;

/** The document's decision given a number: the streams it appends to, and what to answer. */
export interface NumberedPlan<Answer> extends TogetherPlan<Answer> {
  /** False when this decision issues no document (e.g. a refusal recorded): then no number. */
  needsNumber?: boolean;
}

export interface NumberedDocument {
  kind: 'invoice' | 'credit_note';
  documentId: string;
  billingAccountId: string;
  issueDate: string;
  /**
   * A document another service's event caused (a dispute's credit note), dated by that event: when
   * the series already numbered a later date, it takes that later date instead of being refused,
   * because a message handled late (a consumer lagging past midnight) must not fail forever.
   * Documents a person dates are refused instead (ISSUE_DATE_BEFORE_SERIES).
   */
  followSeriesDate?: boolean;
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
  plan: (number: string, issueDate: string) => Promise<NumberedPlan<Answer>>,
): Promise<{ number: string | null; answer: Answer }> {
  const series = seriesFor(document.kind, document.issueDate);
  const seriesStreamId =
    document.kind === 'invoice' ? invoiceSeriesStream(series) : creditNoteSeriesStream(series);
  const numberContext = {
    ...context,
    idempotencyKey: `${context.idempotencyKey}:number:${document.documentId}`,
  };
  return handleCommandsTogether<{ number: string | null; answer: Answer }>(
    store,
    context,
    async () => {
      const placeholder = await plan('PENDING', document.issueDate);
      const nothingToDo = placeholder.appends.every((a) => a.events.length === 0);
      if (nothingToDo || placeholder.needsNumber === false)
        return {
          appends: placeholder.appends,
          answer: { number: null, answer: placeholder.answer },
        };
      // The series' state is its last event (O(1) in the year's invoices, ADR on numbering).
      const { state, streamVersion } = await loadFromLastEvent(
        store,
        numberingSeriesStateFrom,
        seriesStreamId,
      );
      const issueDate =
        document.followSeriesDate === true && state.lastIssueDate > document.issueDate
          ? state.lastIssueDate
          : document.issueDate;
      const numbering = numberingSeriesDecider.decide(
        {
          type: 'AssignNumber',
          data: {
            series,
            documentKind: document.kind,
            documentId: document.documentId,
            billingAccountId: document.billingAccountId,
            issueDate,
          },
        },
        state,
      );
      // No event: the series numbered this document before numbers and documents were appended
      // together (its document then failed); the document takes that number, not a new one.
      const number = numbering[0]?.data.number ?? assignedNumber(state, document.documentId);
      invariant(number !== undefined, `series ${series} has no number for ${document.documentId}`);
      const decided = await plan(number, issueDate);
      const numberAppend: PlannedAppend = {
        streamId: seriesStreamId,
        streamVersion,
        events: numbering,
        context: numberContext,
      };
      return {
        appends: [numberAppend, ...decided.appends],
        answer: { number, answer: decided.answer },
      };
    },
    { retryCountMax: numberedRetryCountMax, schemaVersionOf },
  );
}
