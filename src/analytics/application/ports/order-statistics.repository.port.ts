import type { DailyTotals, OrderFact, Totals } from '../../domain/order-fact';
import type { ReportRange } from '../../domain/report-range.value-object';

/** Counted: added to the totals now. Already counted: an earlier delivery of the same event was. */
export type RecordOutcome = 'counted' | 'already-counted';

/** Where orders are counted: per UTC day and currency, and per customer and currency. */
export interface OrderStatisticsPort {
  /**
   * Adds the order to its day's and its customer's totals, exactly once per `eventId`: the mark that the
   * event was counted and the counters change together or not at all.
   * @throws AnalyticsStoreUnavailableError (retriable)
   */
  record(fact: OrderFact): Promise<RecordOutcome>;

  /**
   * The totals of each day and currency in the range that had orders, by day then currency.
   * @throws AnalyticsStoreUnavailableError
   */
  daily(range: ReportRange): Promise<DailyTotals[]>;

  /**
   * A customer's totals, one per currency they ordered in; none for a customer with no order counted.
   * @throws AnalyticsStoreUnavailableError
   */
  customer(customerId: string): Promise<Totals[]>;
}
