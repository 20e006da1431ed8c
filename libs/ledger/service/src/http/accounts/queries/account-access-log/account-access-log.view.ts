import { ViewField } from '@billing/platform';

/** One read of the account's data by a person. */
export class AccessLogEntryView {
  @ViewField.text({ example: '42', description: 'Its place in the log; pass as `after`' })
  accessId!: string;
  @ViewField.instant() accessedAt!: string;
  @ViewField.id() billingAccountId!: string;
  @ViewField.text({ description: 'The token subject, or `cli:<os user>`' }) subject!: string;
  @ViewField.texts() roles!: string[];
  @ViewField.text({ example: 'ledger', description: 'The service (or `cli`) that served it' })
  service!: string;
  @ViewField.text({ example: 'GET /ledger/accounts/:id/statement' }) operation!: string;
  @ViewField.text({ nullable: true }) correlationId!: string | null;
  @ViewField.instant() recordedAt!: string;
  @ViewField.text({ description: 'The database login that wrote it' }) recordedBy!: string;
}

export class AccountAccessLogView {
  @ViewField.id() billingAccountId!: string;
  @ViewField.list(() => AccessLogEntryView) entries!: AccessLogEntryView[];
  @ViewField.text({ nullable: true, description: 'Pass as `after` for the next page' })
  next!: string | null;
}
