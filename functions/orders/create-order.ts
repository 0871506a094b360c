import middy from '@middy/core';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createOrder } from '../../src/orders/orders.container';
import { createLogger } from '../../src/shared/logger';
import { httpErrors } from '../shared/middleware/http-errors.middleware';
import { jsonBody, type JsonEvent } from '../shared/middleware/json-body.middleware';
import { optional, readBody, required } from '../shared/http/request';
import { json } from '../shared/http/responses';
import { orderBody } from './order-body';

const logger = createLogger({ service: 'order-service', handler: 'create-order' });

/** POST /api/orders {userId, totalAmount, currency?, description?} → 201 the PENDING order, with Location. */
export const handler = middy<JsonEvent, APIGatewayProxyStructuredResultV2>()
  .use(httpErrors(logger))
  .use(jsonBody())
  .handler(async (event) => {
    const body = readBody(event.jsonBody, {
      userId: required('string'),
      totalAmount: required('number', 'string'),
      currency: optional('string'),
      description: optional('string'),
    });
    const { order, event: created, eventPublished, deliveryProblem } = await createOrder().execute(body);
    const fields = { orderId: order.id, userId: order.customerId, eventId: created.eventId, eventPublished };
    if (deliveryProblem)
      logger.warn('order created, event delivery incomplete', { ...fields, error: deliveryProblem });
    else logger.info('order created', fields);
    return json(201, orderBody(order), { location: `/api/orders/${order.id}` });
  });
