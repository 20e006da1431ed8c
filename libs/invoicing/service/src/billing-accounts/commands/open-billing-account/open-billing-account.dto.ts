import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsInt,
  IsOptional,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsCurrencyCode, IsRecordId, IsSingleLineText } from '@billing/platform';

export class PostalAddressDto {
  @IsSingleLineText(200) line1!: string;
  @IsOptional() @IsSingleLineText(200) line2?: string;
  @IsSingleLineText(100) city!: string;
  @IsSingleLineText(20) postalCode!: string;
  @IsOptional() @IsSingleLineText(100) region?: string;
  @Matches(/^[A-Z]{2}$/, { message: 'must be an ISO 3166-1 alpha-2 country code such as "US"' })
  country!: string;
}

export class OpenBillingAccountDto {
  /** Optional: derived from the Idempotency-Key when absent. */
  @IsOptional() @IsRecordId() billingAccountId?: string;
  @IsSingleLineText(200) legalName!: string;
  @IsSingleLineText(200) billingContactName!: string;
  @IsEmail({}, { message: 'must be an email address' }) @MaxLength(254) email!: string;
  @ValidateNested() @Type(() => PostalAddressDto) address!: PostalAddressDto;
  @Matches(/^[A-Z]{2}$/, { message: 'must be an ISO 3166-1 alpha-2 country code such as "US"' })
  country!: string;
  @IsSingleLineText(40) taxId!: string;
  @IsCurrencyCode() currency!: string;
  @IsInt({ message: 'must be a whole number of days' }) @Min(0) @Max(365) paymentTermsDays!: number;
  @IsBoolean() purchaseOrderRequired!: boolean;
}
