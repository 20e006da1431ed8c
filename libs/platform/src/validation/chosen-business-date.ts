import { DomainError, type Clock } from '@billing/kernel';

/**
 * The business date a coordinator chose for a document or a fact (an issue date, a received
 * date), or the clock's date when none was given. A date after the clock's is refused (422
 * naming `field`): nothing is issued or received tomorrow.
 */
export function chosenBusinessDate(
  clock: Clock,
  chosen: string | undefined,
  field: string,
): string {
  const today = clock.now().toISOString().slice(0, 10);
  if (chosen === undefined) return today;
  if (chosen > today) {
    throw new DomainError(
      'DATE_IN_FUTURE',
      `${field} ${chosen} is after today (${today})`,
      'invalid',
      [{ field, reason: `must not be after today (${today})` }],
    );
  }
  return chosen;
}
