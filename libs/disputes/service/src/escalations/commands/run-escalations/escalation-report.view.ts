import { ViewField } from '@billing/platform';

export class EscalatedDisputeView {
  @ViewField.id() disputeId!: string;
  @ViewField.date() resolutionDueDate!: string;
  @ViewField.integer({ description: 'Calendar days past the resolution due date' })
  daysPastDue!: number;
  @ViewField.text({ optional: true, description: 'Absent when nobody owned it' }) owner?: string;
}

/** What an escalation run did. */
export class EscalationReportView {
  @ViewField.date({ description: 'The business date the run checked against' }) asOf!: string;
  @ViewField.integer({ description: 'Overdue disputes looked at' }) checked!: number;
  @ViewField.list(() => EscalatedDisputeView) escalated!: EscalatedDisputeView[];
  @ViewField.texts({ description: 'Ids of the disputes that could not be checked (logged)' })
  failed!: string[];
  @ViewField.boolean({ description: 'The batch bound was reached: run again for the rest' })
  more!: boolean;
}
