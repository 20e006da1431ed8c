import { IsOptional } from 'class-validator';
import { IsCalendarDate } from '@billing/platform';

/** The run's one optional field; any other is refused. */
export class RunDunningDto {
  /**
   * The business date to run for (default: today on the system's clock), e.g. to catch up a day
   * the scheduled run missed; not after today.
   */
  @IsOptional() @IsCalendarDate() date?: string;
}
