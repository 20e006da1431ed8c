import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, ValidateIf } from 'class-validator';
import { IsDecimalAmount, IsFreeText, IsRecordId, IsSingleLineText } from '@billing/platform';

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
}
