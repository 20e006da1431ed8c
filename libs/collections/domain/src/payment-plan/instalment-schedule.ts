import type { PlanInstalment } from '@billing/contracts';
import type { Money } from '@billing/money';
import { addDays } from '@billing/kernel';

export const INSTALMENTS_MAX = 120;
export const INSTALMENT_INTERVAL_DAYS_MAX = 366;

/**
 * `count` instalments of `total`, `intervalDays` apart from `firstDueDate`. Money.split gives
 * equal parts that sum exactly, the earlier instalments carrying the extra minor unit
 * (1000.00 / 3 -> 333.34, 333.33, 333.33), so the customer never pays a cent more at the end.
 */
export function generateInstalments(
  total: Money,
  count: number,
  firstDueDate: string,
  intervalDays: number,
): PlanInstalment[] {
  return total.split(count).map((amount, index) => ({
    number: index + 1,
    dueDate: addDays(firstDueDate, index * intervalDays),
    amount: amount.amount,
  }));
}
