import { IsOptional } from 'class-validator';
import { IsCalendarDate } from '@billing/platform';

/** Issuing takes no field but the issue date; any other field is refused. */
export class IssueInvoiceDto {
  /**
   * The invoice's date (default: today on the system's clock). Not after today, and not before
   * the last invoice numbered in its year's series: numbers follow issue dates.
   */
  @IsOptional() @IsCalendarDate() issueDate?: string;
}
