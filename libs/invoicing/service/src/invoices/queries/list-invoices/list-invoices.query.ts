import { IsIn, IsOptional } from 'class-validator';
import type { InvoiceStatus } from '@billing/contracts';
import {
  IsCalendarDate,
  IsCurrencyCode,
  IsRecordId,
  IsSingleLineText,
  NotBefore,
  PageCursor,
  PageLimit,
} from '@billing/platform';

const invoiceStatuses = [
  'draft',
  'issued',
  'partially_paid',
  'paid',
  'voided',
  'credited',
  'written_off',
] as const satisfies readonly InvoiceStatus[];

/** The list's name inside its cursors; its key is (due date or 9999-12-31, invoice id). */
export const invoiceListName = 'invoices';

/** `GET /invoicing/invoices`: every filter optional, all given ones must hold. */
export class ListInvoicesQuery {
  @IsOptional() @IsRecordId() billingAccountId?: string;

  @IsOptional()
  @IsIn(invoiceStatuses, { message: `must be one of ${invoiceStatuses.join(', ')}` })
  status?: InvoiceStatus;

  @IsOptional() @IsCurrencyCode() currency?: string;

  /** Issued on or after this date. */
  @IsOptional() @IsCalendarDate() issueDateFrom?: string;
  /** Issued on or before this date. */
  @IsOptional() @IsCalendarDate() @NotBefore('issueDateFrom') issueDateTo?: string;

  /** Due on or after this date (drafts have no due date and are left out). */
  @IsOptional() @IsCalendarDate() dueDateFrom?: string;
  /** Due on or before this date. */
  @IsOptional() @IsCalendarDate() @NotBefore('dueDateFrom') dueDateTo?: string;

  /** The invoice number exactly, e.g. `INV-2026-000001`. */
  @IsOptional() @IsSingleLineText(64) number?: string;

  /** Rows per page, 1 to 200; 50 when left out. */
  @PageLimit() limit?: number;

  /** The `next` cursor of the previous page. */
  @PageCursor(invoiceListName, 2) cursor?: string;
}
