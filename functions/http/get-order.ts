import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { getOrder } from '../../src/infrastructure/container';
import { createLogger } from '../../src/infrastructure/logger';
import { httpErrors } from '../middleware/http-errors.middleware';
import { pathId } from './request';
import { json, orderBody } from './responses';

const logger = createLogger({ service: 'order-service', handler: 'get-order' });

/** GET /api/orders/{id} → 200 the order, 404 when there is none. */
export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(httpErrors(logger))
  .handler(async (event) => json(200, orderBody(await getOrder().execute(pathId(event)))));
