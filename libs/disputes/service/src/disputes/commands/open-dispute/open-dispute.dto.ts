import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, ValidateIf } from 'class-validator';
import { disputeReasonCategories, type DisputeReasonCategory } from '@billing/contracts';
import { LINE_IDS_MAX, TEXT_LENGTH_MAX } from '@billing/disputes-domain';
import {
  IsCalendarDate,
  IsCurrencyCode,
  IsDecimalAmount,
  IsFreeText,
  IsRecordId,
  IsSingleLineText,
} from '@billing/platform';

export class OpenDisputeDto {
  /** Optional: derived from the Idempotency-Key when absent. */
  @IsOptional() @IsRecordId() disputeId?: string;
  @IsRecordId() invoiceId!: string;
  /** The `whole` invoice, chosen `lines`, or a stated `amount`. */
  @IsIn(['whole', 'lines', 'amount'], { message: 'must be one of whole, lines, amount' })
  scope!: 'whole' | 'lines' | 'amount';
  @ValidateIf((o: OpenDisputeDto) => o.scope === 'lines' || o.lineIds !== undefined)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(LINE_IDS_MAX)
  @IsSingleLineText(64, { each: true })
  lineIds?: string[];
  /**
   * Tax included. Required for `amount`; for `whole` the undisputed open amount when absent, for
   * `lines` the chosen lines' total when absent.
   */
  @IsOptional() @IsDecimalAmount() amount?: string;
  /** Optional: the invoice's currency; when given it must be that one. */
  @IsOptional() @IsCurrencyCode() currency?: string;
  @IsIn(disputeReasonCategories, {
    message: `must be one of ${disputeReasonCategories.join(', ')}`,
  })
  reasonCategory!: DisputeReasonCategory;
  /** What the customer says, in their words. */
  @IsFreeText(TEXT_LENGTH_MAX) customerStatement!: string;
  /**
   * The date the customer raised it (default: today on the system's clock), from which the SLA
   * runs; not after today.
   */
  @IsOptional() @IsCalendarDate() receivedDate?: string;
}
