import { IsInt, Max, Min } from 'class-validator';
import { IsFreeText } from '@billing/platform';

export class ChangePaymentTermsDto {
  @IsInt({ message: 'must be a whole number of days' }) @Min(0) @Max(365) paymentTermsDays!: number;
  @IsFreeText(500) reason!: string;
}
