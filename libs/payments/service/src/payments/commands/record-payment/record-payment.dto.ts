import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, ValidateNested } from 'class-validator';
import {
  IsCalendarDate,
  IsCurrencyCode,
  IsDecimalAmount,
  IsRecordId,
  IsSingleLineText,
} from '@billing/platform';

export class RemittanceLineDto {
  @IsRecordId() invoiceId!: string;
  @IsDecimalAmount() amount!: string;
}

export class RecordPaymentDto {
  /** Optional: derived from the Idempotency-Key when absent. */
  @IsOptional() @IsRecordId() paymentId?: string;
  @IsRecordId() billingAccountId!: string;
  @IsDecimalAmount() amount!: string;
  @IsCurrencyCode() currency!: string;
  @IsIn(['bank_transfer', 'card', 'check', 'direct_debit']) method!:
    'bank_transfer' | 'card' | 'check' | 'direct_debit';
  @IsSingleLineText(140) externalReference!: string;
  @IsCalendarDate() receivedDate!: string;
  /** The payer's instructions; absent: oldest due first. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => RemittanceLineDto)
  remittance?: RemittanceLineDto[];
}
