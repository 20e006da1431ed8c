import { IsFreeText } from '@billing/platform';

export class CreditHoldDto {
  @IsFreeText(500) reason!: string;
}
