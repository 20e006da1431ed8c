import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsOptional,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  INSTALMENTS_MAX,
  INSTALMENT_INTERVAL_DAYS_MAX,
  PLAN_INVOICES_MAX,
} from '@billing/collections-domain';
import { IsCalendarDate, IsDecimalAmount, IsRecordId } from '@billing/platform';

export class PlanInvoiceDto {
  @IsRecordId() invoiceId!: string;
  /** The part of the invoice the plan covers; absent: all that is open and not disputed. */
  @IsOptional() @IsDecimalAmount() amount?: string;
}

/** Equal instalments (split exactly, the earlier ones carrying any extra minor unit). */
export class InstalmentScheduleDto {
  @IsInt({ message: 'must be a whole number' })
  @Min(1, { message: 'must be at least 1' })
  @Max(INSTALMENTS_MAX, { message: `must be at most ${INSTALMENTS_MAX}` })
  count!: number;
  @IsCalendarDate() firstDueDate!: string;
  @IsInt({ message: 'must be a whole number' })
  @Min(1, { message: 'must be at least 1' })
  @Max(INSTALMENT_INTERVAL_DAYS_MAX, { message: `must be at most ${INSTALMENT_INTERVAL_DAYS_MAX}` })
  intervalDays!: number;
}

export class InstalmentDto {
  @IsCalendarDate() dueDate!: string;
  @IsDecimalAmount() amount!: string;
}

/** Give `schedule` (e.g. 3 parts, 30 days apart) or `instalments` (each date and amount). */
export class AgreePaymentPlanDto {
  @IsArray()
  @ArrayMinSize(1, { message: 'must list at least one invoice' })
  @ArrayMaxSize(PLAN_INVOICES_MAX, { message: `must list at most ${PLAN_INVOICES_MAX} invoices` })
  @ValidateNested({ each: true })
  @Type(() => PlanInvoiceDto)
  invoices!: PlanInvoiceDto[];

  @IsOptional()
  @ValidateNested()
  @Type(() => InstalmentScheduleDto)
  schedule?: InstalmentScheduleDto;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(INSTALMENTS_MAX, { message: `must list at most ${INSTALMENTS_MAX} instalments` })
  @ValidateNested({ each: true })
  @Type(() => InstalmentDto)
  instalments?: InstalmentDto[];
}
