import type { Totals } from '../../src/analytics/domain/order-fact';
import { formatCents } from '../../src/analytics/domain/revenue.value-object';

/** Totals as JSON: the revenue as a decimal string with two decimals, exact like the event's amounts. */
export function totalsBody({ currency, orders, revenue }: Totals) {
  return { currency, orders, revenue: formatCents(revenue) };
}
