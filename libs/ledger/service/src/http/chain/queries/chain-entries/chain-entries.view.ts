import { ViewField } from '@billing/platform';

const sha256 = { example: '9f2c…', description: 'SHA-256, hex' };

export class ChainEventView {
  @ViewField.id() eventId!: string;
  @ViewField.text({ example: 'InvoiceIssued' }) type!: string;
  @ViewField.integer({ example: 1 }) schemaVersion!: number;
  @ViewField.text({ description: 'Business time as stored (hashed as this text)' })
  occurredAt!: string;
  @ViewField.object({ description: 'As stored: personal fields encrypted' }) data!: unknown;
  @ViewField.object() metadata!: unknown;
  @ViewField.text(sha256) contentHash!: string;
}

export class ChainEntryView {
  @ViewField.integer({ example: 1 }) sequence!: number;
  @ViewField.integer({ example: 1 }) globalPosition!: number;
  @ViewField.text({ example: '758' }) transactionId!: string;
  @ViewField.text({ description: 'Commit time as sealed, UTC with microseconds' })
  recordedAt!: string;
  @ViewField.text({ example: 'invoice-3f1d…' }) streamId!: string;
  @ViewField.integer({ example: 2 }) streamVersion!: number;
  @ViewField.id() eventId!: string;
  @ViewField.text(sha256) contentHash!: string;
  @ViewField.text(sha256) globalHash!: string;
  @ViewField.nested(() => ChainEventView, {
    nullable: true,
    description: 'The event now at the position; null when it is gone',
  })
  event!: ChainEventView | null;
}

export class ChainPageView {
  @ViewField.text({ description: "The link before the first entry ('' at the chain's start)" })
  previousHash!: string;
  @ViewField.list(() => ChainEntryView) entries!: ChainEntryView[];
  @ViewField.integer({ nullable: true, description: 'Pass as `afterSequence` for the next page' })
  nextAfterSequence!: number | null;
}
