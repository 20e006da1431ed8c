import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsOptional,
  IsUUID,
  ValidateNested,
} from 'class-validator';
import { IsCurrencyCode, IsDecimalAmount, IsFreeText } from '@billing/platform';

export class RemittanceLineDto {
  @IsUUID('all', { message: 'must be a UUID' }) invoiceId!: string;
  @IsDecimalAmount() amount!: string;
}

export class RecordPaymentDto {
  /** Optional: derived from the Idempotency-Key when absent. */
  @IsOptional() @IsUUID('all', { message: 'must be a UUID' }) paymentId?: string;
  @IsUUID('all', { message: 'must be a UUID' }) billingAccountId!: string;
  @IsDecimalAmount() amount!: string;
  @IsCurrencyCode() currency!: string;
  @IsIn(['bank_transfer', 'card', 'check', 'direct_debit']) method!:
    'bank_transfer' | 'card' | 'check' | 'direct_debit';
  @IsFreeText(140) externalReference!: string;
  @IsISO8601({ strict: true }, { message: 'must be a date YYYY-MM-DD' }) receivedDate!: string;
  /** The payer's instructions; absent: oldest due first. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => RemittanceLineDto)
  remittance?: RemittanceLineDto[];
}
