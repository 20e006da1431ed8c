import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, ValidateNested } from 'class-validator';
import { IsCalendarDate, IsCurrencyCode, IsDecimalAmount, IsRecordId } from '@billing/platform';

export const PROMISE_INVOICES_MAX = 100;

export class PromisedInvoiceDto {
  @IsRecordId() invoiceId!: string;
  /** The part of the promise for this invoice; absent: the amount goes oldest due first. */
  @IsOptional() @IsDecimalAmount() amount?: string;
}

export class MakePromiseToPayDto {
  @IsDecimalAmount() amount!: string;
  /** Optional check: the invoices' currency. */
  @IsOptional() @IsCurrencyCode() currency?: string;
  /** The day the customer promised to pay by; after today. */
  @IsCalendarDate() date!: string;
  @IsArray()
  @ArrayMinSize(1, { message: 'must list at least one invoice' })
  @ArrayMaxSize(PROMISE_INVOICES_MAX, {
    message: `must list at most ${PROMISE_INVOICES_MAX} invoices`,
  })
  @ValidateNested({ each: true })
  @Type(() => PromisedInvoiceDto)
  invoices!: PromisedInvoiceDto[];
}
