import { applyDecorators } from '@nestjs/common';
import { Matches } from 'class-validator';
import { IsDecimalAmount } from '@billing/platform';

/** A decimal string above zero: quantities of zero or below are refused before the domain. */
export function IsPositiveDecimal() {
  return applyDecorators(
    IsDecimalAmount(),
    Matches(/[1-9]/, { message: 'must be greater than zero' }),
  );
}
