import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  ValidateNested,
} from 'class-validator';
import {
  IsCalendarDate,
  IsCurrencyCode,
  IsDecimalAmount,
  IsFreeText,
  IsRecordId,
  IsSingleLineText,
} from '@billing/platform';
import { IsPositiveDecimal } from '../../../shared/is-positive-decimal';

export class ServicePeriodDto {
  @IsCalendarDate() from!: string;
  @IsCalendarDate() to!: string;
}

export class SupportingDocumentDto {
  @IsIn(['contract', 'purchase_order', 'timesheet', 'other']) kind!:
    'contract' | 'purchase_order' | 'timesheet' | 'other';
  @IsSingleLineText(200) reference!: string;
}

export class InvoiceLineDto {
  @IsOptional() @IsSingleLineText(64) lineId?: string;
  @IsFreeText(1_000) description!: string;
  @IsPositiveDecimal() quantity!: string;
  @IsDecimalAmount() unitPrice!: string;
  /** Decimal fraction 0..1, e.g. "0.2". */
  @IsDecimalAmount({ fractionDigitsMax: 6 }) taxRate!: string;
  @IsOptional() @IsDecimalAmount() discount?: string;
  @IsOptional() @ValidateNested() @Type(() => ServicePeriodDto) servicePeriod?: ServicePeriodDto;
  @IsOptional()
  @ValidateNested()
  @Type(() => SupportingDocumentDto)
  supportingDocument?: SupportingDocumentDto;
  @IsOptional() @IsDecimalAmount() statedTotal?: string;
}

export class InvoiceContentDto {
  @IsArray()
  @ArrayMinSize(1, { message: 'must list at least one line' })
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => InvoiceLineDto)
  lines!: InvoiceLineDto[];
  @IsOptional() @IsSingleLineText(100) purchaseOrderNumber?: string;
  @IsOptional() @IsFreeText(1_000) memo?: string;
}

export class DraftInvoiceDto extends InvoiceContentDto {
  @IsOptional() @IsRecordId() invoiceId?: string;
  @IsRecordId() billingAccountId!: string;
  @IsCurrencyCode() currency!: string;
}
