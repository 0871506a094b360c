import type { DailyTotals, Totals } from '../../domain/order-fact';
import { ReportRange } from '../../domain/report-range.value-object';
import type { OrderStatisticsPort } from '../ports/order-statistics.repository.port';

export interface DailyReport {
  from: string;
  to: string;
  /** Each day and currency that had orders, by day then currency. */
  days: DailyTotals[];
  /** The whole range, per currency (amounts in different currencies are never added up). */
  totals: Totals[];
}

/**
 * Orders and revenue per UTC day and currency over a range of at most 366 days.
 * @throws InvalidReportRangeError naming `from` or `to`
 * @throws AnalyticsStoreUnavailableError
 */
export class GetDailyReportUseCase {
  constructor(private readonly statistics: OrderStatisticsPort) {}

  async execute(from: string | undefined, to: string | undefined): Promise<DailyReport> {
    const range = ReportRange.of(from, to);
    const days = await this.statistics.daily(range);
    const totals = new Map<string, Totals>();
    for (const { currency, orders, revenue } of days) {
      const sum = totals.get(currency) ?? { currency, orders: 0, revenue: 0n };
      totals.set(currency, { currency, orders: sum.orders + orders, revenue: sum.revenue + revenue });
    }
    return {
      from: range.from,
      to: range.to,
      days,
      totals: [...totals.values()].sort((a, b) => a.currency.localeCompare(b.currency)),
    };
  }
}
