import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsInt,
  IsOptional,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsCurrencyCode, IsFreeText } from '@billing/platform';

export class PostalAddressDto {
  @IsFreeText(200) line1!: string;
  @IsOptional() @IsFreeText(200) line2?: string;
  @IsFreeText(100) city!: string;
  @IsFreeText(20) postalCode!: string;
  @IsOptional() @IsFreeText(100) region?: string;
  @Matches(/^[A-Z]{2}$/, { message: 'must be an ISO 3166-1 alpha-2 country code such as "US"' })
  country!: string;
}

export class OpenBillingAccountDto {
  /** Optional: derived from the Idempotency-Key when absent. */
  @IsOptional() @IsUUID('all', { message: 'must be a UUID' }) billingAccountId?: string;
  @IsFreeText(200) legalName!: string;
  @IsFreeText(200) billingContactName!: string;
  @IsEmail({}, { message: 'must be an email address' }) @MaxLength(254) email!: string;
  @ValidateNested() @Type(() => PostalAddressDto) address!: PostalAddressDto;
  @Matches(/^[A-Z]{2}$/, { message: 'must be an ISO 3166-1 alpha-2 country code such as "US"' })
  country!: string;
  @IsFreeText(40) taxId!: string;
  @IsCurrencyCode() currency!: string;
  @IsInt({ message: 'must be a whole number of days' }) @Min(0) @Max(365) paymentTermsDays!: number;
  @IsBoolean() purchaseOrderRequired!: boolean;
}
