import { createOrder, createOrderIdempotencyStore } from '../../src/orders/orders.container';
import { createLogger } from '../../src/shared/logger';
import { httpHandler } from '../shared/http/http-handler';
import { jsonBody, type JsonEvent } from '../shared/middleware/json-body.middleware';
import { idempotencyKey, idempotentRequests } from '../shared/http/idempotency';
import { optional, readBody, required } from '../shared/http/request';
import { json } from '../shared/http/responses';
import { orderBody } from './order-body';

const logger = createLogger('order-service', 'create-order');

/** A retry within 24 h gets the first answer; after that the key is forgotten (docs/openapi.yaml). */
const requests = idempotentRequests({
  store: createOrderIdempotencyStore,
  scope: 'POST /api/orders',
  expiresAfterSeconds: 24 * 60 * 60,
  logger,
});

/**
 * POST /api/orders {userId, totalAmount, currency?, description?} → 201 the PENDING order, with Location.
 * With an Idempotency-Key, a retry of the same request gets the first answer instead of a second order.
 */
export const handler = httpHandler<JsonEvent>(logger)
  .use(jsonBody())
  .handler(async (event, context) => {
    const key = idempotencyKey(event);
    const body = readBody(event.jsonBody, {
      userId: required('string'),
      totalAmount: required('number', 'string'),
      currency: optional('string'),
      description: optional('string'),
    });
    return requests.run(key, body, context, async () => {
      const { order, event: created, eventPublished, deliveryProblem } = await createOrder().execute(body);
      const fields = {
        orderId: order.id,
        userId: order.customerId,
        eventId: created.eventId,
        eventPublished,
      };
      if (deliveryProblem)
        logger.warn('order created, event delivery incomplete', { ...fields, error: deliveryProblem });
      else logger.info('order created', fields);
      return json(201, orderBody(order), { location: `/api/orders/${order.id}` });
    });
  });
