import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsUUID,
  ValidateIf,
} from 'class-validator';
import { IsDecimalAmount, IsFreeText } from '@billing/platform';

export class IssueCreditNoteDto {
  /** `whole` invoice, whole `lines`, or an `amount` including tax. */
  @IsIn(['whole', 'lines', 'amount']) scope!: 'whole' | 'lines' | 'amount';
  @ValidateIf((o: IssueCreditNoteDto) => o.scope === 'lines')
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsFreeText(64, { each: true })
  lineIds?: string[];
  @ValidateIf((o: IssueCreditNoteDto) => o.scope === 'amount') @IsDecimalAmount() amount?: string;
  @IsIn(['billing_error', 'dispute', 'goodwill', 'write_off']) reason!:
    'billing_error' | 'dispute' | 'goodwill' | 'write_off';
  @IsOptional() @IsUUID('all', { message: 'must be a UUID' }) disputeId?: string;
  @IsOptional() @IsFreeText(1_000) memo?: string;
}
