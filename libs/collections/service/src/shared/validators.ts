import { applyDecorators } from '@nestjs/common';
import { IsString, Matches } from 'class-validator';

/** A business date `YYYY-MM-DD`; whether it exists (no 2026-02-30) is the domain's check. */
export function IsCalendarDate() {
  return applyDecorators(
    IsString({ message: 'must be a date YYYY-MM-DD' }),
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' }),
  );
}
