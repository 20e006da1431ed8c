import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsCalendarDate, IsInstant } from '../validation/billing-validators';

/** Days one move may advance the clock at most (ten years): a bound, like every input. */
export const advanceDaysMax = 3_660;

/**
 * Where to move the test clock: exactly one of `instant`, `date` (the start of that UTC day, or
 * no move when the clock already reads that day), `advanceDays` or `advanceSeconds`.
 */
export class MoveClockDto {
  /** The business instant to set, e.g. `2026-03-02T09:00:00Z`. */
  @IsOptional() @IsInstant() instant?: string;
  /** The business date to set, e.g. `2026-03-02`. */
  @IsOptional() @IsCalendarDate() date?: string;
  /** Whole days to move forward. */
  @IsOptional()
  @IsInt({ message: 'must be a whole number of days' })
  @Min(1)
  @Max(advanceDaysMax)
  advanceDays?: number;
  /** Whole seconds to move forward. */
  @IsOptional()
  @IsInt({ message: 'must be a whole number of seconds' })
  @Min(1)
  @Max(advanceDaysMax * 86_400)
  advanceSeconds?: number;
}
