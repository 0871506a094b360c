import type {
  OrderStatisticsPort,
  RecordOutcome,
} from '../../../src/analytics/application/ports/order-statistics.repository.port';
import type { DailyTotals, OrderFact, Totals } from '../../../src/analytics/domain/order-fact';
import type { ReportRange } from '../../../src/analytics/domain/report-range.value-object';

/** Counters in memory, counted once per eventId like the DynamoDB transaction; failures on demand. */
export class InMemoryOrderStatistics implements OrderStatisticsPort {
  readonly counted = new Set<string>();
  readonly days = new Map<string, DailyTotals>();
  readonly customers = new Map<string, Totals>();
  private failures: Error[] = [];

  failNext(...errors: Error[]): void {
    this.failures.push(...errors);
  }

  async record(fact: OrderFact): Promise<RecordOutcome> {
    const failure = this.failures.shift();
    if (failure) throw failure;
    if (this.counted.has(fact.eventId)) return 'already-counted';
    this.counted.add(fact.eventId);
    const day = this.days.get(`${fact.day}#${fact.currency}`);
    this.days.set(`${fact.day}#${fact.currency}`, {
      day: fact.day,
      currency: fact.currency,
      orders: (day?.orders ?? 0) + 1,
      revenue: (day?.revenue ?? 0n) + fact.amount,
    });
    const customer = this.customers.get(`${fact.customerId}#${fact.currency}`);
    this.customers.set(`${fact.customerId}#${fact.currency}`, {
      currency: fact.currency,
      orders: (customer?.orders ?? 0) + 1,
      revenue: (customer?.revenue ?? 0n) + fact.amount,
    });
    return 'counted';
  }

  async daily(range: ReportRange): Promise<DailyTotals[]> {
    return [...this.days.values()]
      .filter((d) => d.day >= range.from && d.day <= range.to)
      .sort((a, b) => `${a.day}#${a.currency}`.localeCompare(`${b.day}#${b.currency}`));
  }

  async customer(customerId: string): Promise<Totals[]> {
    return [...this.customers.entries()]
      .filter(([key]) => key.startsWith(`${customerId}#`))
      .map(([, totals]) => totals)
      .sort((a, b) => a.currency.localeCompare(b.currency));
  }
}
