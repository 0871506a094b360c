import { getCustomerTotals } from '../../src/analytics/analytics.container';
import type { GetCustomerTotalsUseCase } from '../../src/analytics/application/use-cases/get-customer-totals.use-case';
import { createLogger, type Logger } from '../../src/shared/logger';
import { httpHandler } from '../shared/http/http-handler';
import { pathId } from '../shared/http/request';
import { json } from '../shared/http/responses';
import { totalsBody } from './totals-body';

/** GET /api/analytics/customers/{id} → the customer's orders and revenue per currency. */
export function customerTotalsHandler(
  useCase: () => Pick<GetCustomerTotalsUseCase, 'execute'>,
  logger: Logger,
) {
  return httpHandler(logger).handler(async (event) => {
    const { customerId, totals } = await useCase().execute(pathId(event));
    return json(200, { customerId, totals: totals.map(totalsBody) });
  });
}

export const handler = customerTotalsHandler(
  getCustomerTotals,
  createLogger('analytics-service', 'get-customer-totals'),
);
