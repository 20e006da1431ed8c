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
import { IsPositiveDecimal } from '../../../shared/is-positive-decimal';

export class ServicePeriodDto {
  @IsISO8601({ strict: true }, { message: 'must be a date YYYY-MM-DD' }) from!: string;
  @IsISO8601({ strict: true }, { message: 'must be a date YYYY-MM-DD' }) to!: string;
}

export class SupportingDocumentDto {
  @IsIn(['contract', 'purchase_order', 'timesheet', 'other']) kind!:
    'contract' | 'purchase_order' | 'timesheet' | 'other';
  @IsFreeText(200) reference!: string;
}

export class InvoiceLineDto {
  @IsOptional() @IsFreeText(64) lineId?: string;
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
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => InvoiceLineDto)
  lines!: InvoiceLineDto[];
  @IsOptional() @IsFreeText(100) purchaseOrderNumber?: string;
  @IsOptional() @IsFreeText(1_000) memo?: string;
}

export class DraftInvoiceDto extends InvoiceContentDto {
  @IsOptional() @IsUUID('all', { message: 'must be a UUID' }) invoiceId?: string;
  @IsUUID('all', { message: 'must be a UUID' }) billingAccountId!: string;
  @IsCurrencyCode() currency!: string;
}
