import { createOrder, createOrderIdempotencyStore } from '../../src/orders/orders.container';
import { createLogger } from '../../src/shared/logger';
import { recordStages, roundedStages, serverTimingHeader } from '../../src/shared/stage-timings';
import { httpHandler } from '../shared/http/http-handler';
import { jsonBody, type JsonEvent } from '../shared/middleware/json-body.middleware';
import { RequestKeyReusedError } from '../../src/orders/domain/order.errors';
import {
  idempotencyKey,
  idempotencyKeyReused,
  idempotentRequests,
  REPLAYED_HEADER,
} from '../shared/http/idempotency';
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
 * With an Idempotency-Key, a retry of the same request gets the first answer instead of a second order,
 * even when the first run died before its answer was recorded: the key fixes the order's id.
 * How long each stage took (user lookup, store, publish, mark published, the whole handler) is in a
 * Server-Timing header and on the log line.
 */
export const handler = httpHandler<JsonEvent>(logger)
  .use(jsonBody())
  .handler(async (event, context) => {
    const started = performance.now();
    const key = idempotencyKey(event);
    const body = readBody(event.jsonBody, {
      userId: required('string'),
      totalAmount: required('number', 'string'),
      currency: optional('string'),
      description: optional('string'),
    });
    return requests.run(key, body, context, async () => {
      // When API Gateway received the request: the start of the order's timeline.
      const timeEpoch = event.requestContext?.timeEpoch;
      const { result, stages } = await recordStages(() =>
        createOrder()
          .execute({
            ...body,
            ...(typeof timeEpoch === 'number' ? { requestReceivedAt: new Date(timeEpoch) } : {}),
            ...(key === undefined ? {} : { requestKey: key }),
          })
          .catch((error: unknown) => {
            throw error instanceof RequestKeyReusedError ? idempotencyKeyReused() : error;
          }),
      );
      stages.total = performance.now() - started;
      const { order, eventId, eventPublished, deliveryProblem, placedBefore } = result;
      const fields = {
        orderId: order.id,
        userId: order.customerId,
        eventId,
        eventPublished,
        stagesMs: roundedStages(stages),
      };
      const message = placedBefore ? 'order placed before, answered again' : 'order created';
      if (deliveryProblem)
        logger.warn(`${message}, event delivery incomplete`, { ...fields, error: deliveryProblem });
      else logger.info(message, fields);
      // An order an earlier run of this request placed: the answer that run would have given.
      return json(201, orderBody(order), {
        location: `/api/orders/${order.id}`,
        'server-timing': serverTimingHeader(stages),
        ...(placedBefore ? { [REPLAYED_HEADER]: 'true' } : {}),
      });
    });
  });
