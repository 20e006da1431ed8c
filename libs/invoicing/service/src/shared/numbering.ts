import { handleCommand, type CommandContext, type EventStore } from '@billing/event-store';
import { creditNoteSeriesStream, invoiceSeriesStream } from '@billing/contracts';
import { invariant } from '@billing/kernel';
import { assignedNumber, numberingSeriesDecider, seriesFor } from '@billing/invoicing-domain';

/**
 * Racing issuers each read the series at some version and append at exactly that version; the
 * losers reload and try again. With N concurrent issuers the last one may lose N-1 times, so the
 * bound is well above the concurrency a pool of connections allows, and still finite.
 */
const numberingRetryCountMax = 200;

/** The document's gap-free number: the series' next one, or the one it already got. */
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
  const result = await handleCommand(
    store,
    numberingSeriesDecider,
    streamId,
    { type: 'AssignNumber', data: { series, documentKind: kind, documentId, billingAccountId } },
    { ...context, idempotencyKey: `${context.idempotencyKey}:number:${documentId}` },
    { retryCountMax: numberingRetryCountMax },
  );
  const number = assignedNumber(result.state, documentId);
  invariant(number !== undefined, `series ${series} assigned no number to ${documentId}`);
  return number;
}
