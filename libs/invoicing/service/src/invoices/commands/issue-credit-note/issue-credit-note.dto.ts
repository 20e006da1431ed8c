import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, ValidateIf } from 'class-validator';
import {
  IsCalendarDate,
  IsDecimalAmount,
  IsFreeText,
  IsRecordId,
  IsSingleLineText,
} from '@billing/platform';

export class IssueCreditNoteDto {
  /** `whole` invoice, whole `lines`, or an `amount` including tax. */
  @IsIn(['whole', 'lines', 'amount']) scope!: 'whole' | 'lines' | 'amount';
  @ValidateIf((o: IssueCreditNoteDto) => o.scope === 'lines')
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsSingleLineText(64, { each: true })
  lineIds?: string[];
  @ValidateIf((o: IssueCreditNoteDto) => o.scope === 'amount') @IsDecimalAmount() amount?: string;
  @IsIn(['billing_error', 'dispute', 'goodwill', 'write_off']) reason!:
    'billing_error' | 'dispute' | 'goodwill' | 'write_off';
  @IsOptional() @IsRecordId() disputeId?: string;
  @IsOptional() @IsFreeText(1_000) memo?: string;
  /**
   * The credit note's date (default: today on the system's clock): not after today, not before
   * the invoice's issue date, and not before the last credit note of its year's series. Above the
   * approval threshold the credit note is dated the day a second manager approves it.
   */
  @IsOptional() @IsCalendarDate() issueDate?: string;
}
