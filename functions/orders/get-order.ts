import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { getOrder } from '../../src/orders/orders.container';
import { createLogger } from '../../src/shared/logger';
import { httpErrors } from '../shared/middleware/http-errors.middleware';
import { pathId } from '../shared/http/request';
import { json } from '../shared/http/responses';
import { orderBody } from './order-body';

const logger = createLogger({ service: 'order-service', handler: 'get-order' });

/** GET /api/orders/{id} → 200 the order, 404 when there is none. */
export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(httpErrors(logger))
  .handler(async (event) => json(200, orderBody(await getOrder().execute(pathId(event)))));
