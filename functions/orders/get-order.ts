import { getOrder } from '../../src/orders/orders.container';
import { createLogger } from '../../src/shared/logger';
import { httpHandler } from '../shared/http/http-handler';
import { pathId } from '../shared/http/request';
import { json } from '../shared/http/responses';
import { orderBody } from './order-body';

const logger = createLogger('order-service', 'get-order');

/** GET /api/orders/{id} → 200 the order, 404 when there is none. */
export const handler = httpHandler(logger).handler(async (event) =>
  json(200, orderBody(await getOrder().execute(pathId(event)))),
);
