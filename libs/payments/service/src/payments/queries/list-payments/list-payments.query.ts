import { IsIn, IsOptional } from 'class-validator';
import {
  IsCalendarDate,
  IsCurrencyCode,
  IsRecordId,
  IsSingleLineText,
  NotBefore,
  PageCursor,
  PageLimit,
} from '@billing/platform';

export const paymentStatuses = ['received', 'reversed'] as const;
export const paymentMethods = ['bank_transfer', 'card', 'check', 'direct_debit'] as const;

/** The list's name inside its cursors; its key is (received date, payment id). */
export const paymentListName = 'payments';

/** `GET /payments/payments`: every filter optional, all given ones must hold. */
export class ListPaymentsQuery {
  @IsOptional() @IsRecordId() billingAccountId?: string;

  @IsOptional()
  @IsIn(paymentStatuses, { message: `must be one of ${paymentStatuses.join(', ')}` })
  status?: (typeof paymentStatuses)[number];

  /** Received on or after this date. */
  @IsOptional() @IsCalendarDate() receivedDateFrom?: string;
  /** Received on or before this date. */
  @IsOptional() @IsCalendarDate() @NotBefore('receivedDateFrom') receivedDateTo?: string;

  /** The payer's bank reference exactly, as recorded. */
  @IsOptional() @IsSingleLineText(140) reference?: string;

  @IsOptional() @IsCurrencyCode() currency?: string;

  @IsOptional()
  @IsIn(paymentMethods, { message: `must be one of ${paymentMethods.join(', ')}` })
  method?: (typeof paymentMethods)[number];

  /** `true`: only payments with money not yet applied to invoices; `false`: only fully applied. */
  @IsOptional() @IsIn(['true', 'false'], { message: 'must be true or false' }) unapplied?: string;

  /** Rows per page, 1 to 200; 50 when left out. */
  @PageLimit() limit?: number;
  /** The `next` cursor of the previous page. */
  @PageCursor(paymentListName, 2) cursor?: string;
}
