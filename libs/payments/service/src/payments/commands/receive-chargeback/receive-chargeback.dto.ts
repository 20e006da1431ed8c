import { IsOptional } from 'class-validator';
import {
  chargebackReferenceLengthMax,
  reasonCodeLengthMax,
  reasonDescriptionLengthMax,
} from '@billing/payments-domain';
import { IsCurrencyCode, IsDecimalAmount, IsFreeText, IsSingleLineText } from '@billing/platform';

export class ReceiveChargebackDto {
  /** The card network's or bank's case reference; one chargeback per reference and payment. */
  @IsSingleLineText(chargebackReferenceLengthMax) chargebackReference!: string;
  /** What the bank took back, in the payment's currency. */
  @IsDecimalAmount() amount!: string;
  @IsCurrencyCode() currency!: string;
  /** Network reason code, e.g. "10.4" (Visa fraud) or "4853" (Mastercard not as described). */
  @IsSingleLineText(reasonCodeLengthMax) reasonCode!: string;
  @IsOptional() @IsFreeText(reasonDescriptionLengthMax) reasonDescription?: string;
}
