import { IsIn, IsOptional } from 'class-validator';
import type { CreditNoteReason } from '@billing/contracts';
import {
  IsCalendarDate,
  IsCurrencyCode,
  IsRecordId,
  IsSingleLineText,
  NotBefore,
  PageCursor,
  PageLimit,
} from '@billing/platform';

const creditNoteStatuses = ['pending_approval', 'issued', 'rejected'] as const;
export type CreditNoteStatus = (typeof creditNoteStatuses)[number];
const creditNoteReasons = [
  'billing_error',
  'dispute',
  'goodwill',
  'write_off',
] as const satisfies readonly CreditNoteReason[];

/** The list's name inside its cursors; its key is (issue date or 9999-12-31, credit note id). */
export const creditNoteListName = 'credit-notes';

/** `GET /invoicing/credit-notes`: every filter optional, all given ones must hold. */
export class ListCreditNotesQuery {
  @IsOptional() @IsRecordId() billingAccountId?: string;
  @IsOptional() @IsRecordId() invoiceId?: string;

  @IsOptional()
  @IsIn(creditNoteStatuses, { message: `must be one of ${creditNoteStatuses.join(', ')}` })
  status?: CreditNoteStatus;

  @IsOptional()
  @IsIn(creditNoteReasons, { message: `must be one of ${creditNoteReasons.join(', ')}` })
  reason?: CreditNoteReason;

  @IsOptional() @IsCurrencyCode() currency?: string;

  /** Issued on or after this date (pending and rejected notes have no issue date). */
  @IsOptional() @IsCalendarDate() issueDateFrom?: string;
  @IsOptional() @IsCalendarDate() @NotBefore('issueDateFrom') issueDateTo?: string;

  /** The credit note number exactly, e.g. `CN-2026-000001`. */
  @IsOptional() @IsSingleLineText(64) number?: string;

  /** Rows per page, 1 to 200; 50 when left out. */
  @PageLimit() limit?: number;
  /** The `next` cursor of the previous page. */
  @PageCursor(creditNoteListName, 2) cursor?: string;
}
