import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsOptional,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsSingleLineText } from '@billing/platform';
import { PostalAddressDto } from '../open-billing-account/open-billing-account.dto';

/**
 * The billing details to correct: only the fields given change. Currency and payment terms are
 * not here (payment terms have their own command; an account's currency does not change).
 */
export class CorrectBillingDetailsDto {
  @IsOptional() @IsSingleLineText(200) legalName?: string;
  @IsOptional() @IsSingleLineText(200) billingContactName?: string;
  @IsOptional()
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(254)
  email?: string;
  @IsOptional() @ValidateNested() @Type(() => PostalAddressDto) address?: PostalAddressDto;
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: 'must be an ISO 3166-1 alpha-2 country code such as "US"' })
  country?: string;
  @IsOptional() @IsSingleLineText(40) taxId?: string;
  @IsOptional() @IsBoolean() purchaseOrderRequired?: boolean;
}
