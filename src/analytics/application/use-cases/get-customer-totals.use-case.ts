import { isUuid } from '../../../shared/domain/uuid';
import { InvalidCustomerIdError } from '../../domain/analytics.errors';
import type { Totals } from '../../domain/order-fact';
import type { OrderStatisticsPort } from '../ports/order-statistics.repository.port';

export interface CustomerTotals {
  /** As the system writes ids (lower case), whatever case it was asked with. */
  customerId: string;
  /** One entry per currency, by currency; none when no order of the customer was counted. */
  totals: Totals[];
}

/**
 * How many orders a customer placed and for how much, per currency. Analytics does not know which
 * customers exist: one without orders has no totals, not a 404.
 * @throws InvalidCustomerIdError when the id is not a UUID
 * @throws AnalyticsStoreUnavailableError
 */
export class GetCustomerTotalsUseCase {
  constructor(private readonly statistics: OrderStatisticsPort) {}

  async execute(id: string): Promise<CustomerTotals> {
    if (!isUuid(id)) throw new InvalidCustomerIdError('the customer id must be a UUID', 'id');
    const customerId = id.toLowerCase();
    return { customerId, totals: await this.statistics.customer(customerId) };
  }
}
