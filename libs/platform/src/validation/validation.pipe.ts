import { ValidationPipe, type ValidationError } from '@nestjs/common';
import type { FieldProblem } from '@billing/kernel';
import { RequestValidationError } from '../errors/request-validation.error';
import { cardNumberConstraint } from './billing-validators';

/**
 * The global pipe: unknown fields are refused (not silently dropped, so a typo in a field name is
 * visible), payloads become DTO instances, and every offending field is reported at once.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    // One reason per field: the first rule it breaks, not every rule that follows from it.
    stopAtFirstError: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      new RequestValidationError(
        flattenValidationErrors(errors),
        breaks(errors, cardNumberConstraint) ? 'card-number' : 'invalid',
      ),
  });
}

/** True when any field in the tree broke `constraint`. */
function breaks(errors: ValidationError[], constraint: string): boolean {
  return errors.some(
    (error) =>
      (error.constraints !== undefined && constraint in error.constraints) ||
      breaks(error.children ?? [], constraint),
  );
}

/** class-validator's error tree as flat field paths: `lines[0].quantity`, `customer.name`. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = joinPath(parent, error.property);
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      reason: reasonOf(message, error.property),
    }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

function joinPath(parent: string, property: string): string {
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent ? `${parent}.${property}` : property;
}

/** Default messages begin with the property name, which `field` already says. */
function reasonOf(message: string, property: string): string {
  for (const lead of [`${property} `, `property ${property} `]) {
    if (message.startsWith(lead)) return message.slice(lead.length);
  }
  return message;
}
