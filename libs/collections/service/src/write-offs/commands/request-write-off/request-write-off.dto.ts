import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, ValidateNested } from 'class-validator';
import { REASON_LENGTH_MAX, WRITE_OFF_INVOICES_MAX } from '@billing/collections-domain';
import { IsDecimalAmount, IsFreeText, IsRecordId } from '@billing/platform';

export class WriteOffInvoiceDto {
  @IsRecordId() invoiceId!: string;
  /** The part of this invoice to write off; at most what is open. */
  @IsDecimalAmount() amount!: string;
}

export class RequestWriteOffDto {
  /** The sum of the invoices' parts. */
  @IsDecimalAmount() amount!: string;
  @IsArray()
  @ArrayMinSize(1, { message: 'must list at least one invoice' })
  @ArrayMaxSize(WRITE_OFF_INVOICES_MAX, {
    message: `must list at most ${WRITE_OFF_INVOICES_MAX} invoices`,
  })
  @ValidateNested({ each: true })
  @Type(() => WriteOffInvoiceDto)
  invoices!: WriteOffInvoiceDto[];
  /** Why the amount cannot be collected (insolvency, settlement, amount too small to chase). */
  @IsFreeText(REASON_LENGTH_MAX) reason!: string;
}
