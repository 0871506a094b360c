import { createOrder } from '../../src/orders/orders.container';
import { createLogger } from '../../src/shared/logger';
import { recordStages, roundedStages, serverTimingHeader } from '../../src/shared/stage-timings';
import { httpHandler } from '../shared/http/http-handler';
import { jsonBody, type JsonEvent } from '../shared/middleware/json-body.middleware';
import { optional, readBody, required } from '../shared/http/request';
import { json } from '../shared/http/responses';
import { orderBody } from './order-body';

const logger = createLogger('order-service', 'create-order');

/**
 * POST /api/orders {userId, totalAmount, currency?, description?} → 201 the PENDING order, with Location,
 * and how long each stage took (user lookup, store, publish, mark published, the whole handler) in a
 * Server-Timing header and on the log line.
 */
export const handler = httpHandler<JsonEvent>(logger)
  .use(jsonBody())
  .handler(async (event) => {
    const started = performance.now();
    const body = readBody(event.jsonBody, {
      userId: required('string'),
      totalAmount: required('number', 'string'),
      currency: optional('string'),
      description: optional('string'),
    });
    const { result, stages } = await recordStages(() => createOrder().execute(body));
    stages.total = performance.now() - started;
    const { order, event: created, eventPublished, deliveryProblem } = result;
    const fields = {
      orderId: order.id,
      userId: order.customerId,
      eventId: created.eventId,
      eventPublished,
      stagesMs: roundedStages(stages),
    };
    if (deliveryProblem)
      logger.warn('order created, event delivery incomplete', { ...fields, error: deliveryProblem });
    else logger.info('order created', fields);
    return json(201, orderBody(order), {
      location: `/api/orders/${order.id}`,
      'server-timing': serverTimingHeader(stages),
    });
  });
