import { randomUUID } from 'node:crypto';
import { orderBody } from '../../functions/orders/order-body';
import { optional, readBody, required } from '../../functions/shared/http/request';
import { json } from '../../functions/shared/http/responses';
import { httpHandler } from '../../functions/shared/http/http-handler';
import { jsonBody, type JsonEvent } from '../../functions/shared/middleware/json-body.middleware';
import { HttpUserDirectory } from '../../src/orders/adapters/http/http-user.directory';
import { dynamoDb } from '../../src/shared/aws/dynamodb-client';
import { httpUrlEnv, millisecondsEnv, once, requireEnv } from '../../src/shared/config/env';
import { lazy } from '../../src/shared/lazy';
import { createLogger } from '../../src/shared/logger';
import { recordStages, roundedStages, serverTimingHeader, timedStage } from '../../src/shared/stage-timings';
import { CreateOrderSynchronously, dynamoDbOrderStore, httpNotificationService } from './sync-order';

const logger = createLogger('sync-baseline', 'create-order');

const config = once(() => ({
  table: requireEnv('ORDERS_TABLE'),
  userServiceUrl: httpUrlEnv('USER_SERVICE_URL'),
  userServiceTimeoutMs: millisecondsEnv('USER_SERVICE_TIMEOUT_MS', 2000),
  notificationServiceUrl: httpUrlEnv('NOTIFICATION_SERVICE_URL'),
  notificationTimeoutMs: millisecondsEnv('NOTIFICATION_SERVICE_TIMEOUT_MS', 10_000),
}));

/** The same stages as the event-driven create-order where they are the same, and the notification call. */
const createOrder = lazy(() => {
  const { table, userServiceUrl, userServiceTimeoutMs, notificationServiceUrl, notificationTimeoutMs } =
    config();
  const directory = new HttpUserDirectory(userServiceUrl, userServiceTimeoutMs);
  const notifications = httpNotificationService(notificationServiceUrl, notificationTimeoutMs);
  const store = dynamoDbOrderStore(dynamoDb(), table);
  return new CreateOrderSynchronously(
    (order) => timedStage('store', () => store(order)),
    { findCustomer: (userId) => timedStage('user', () => directory.findCustomer(userId)) },
    { notify: (event) => timedStage('notify', () => notifications.notify(event)) },
    { now: () => new Date() },
    { newId: () => randomUUID() },
  );
});

/** POST /sync/orders: as POST /api/orders, but answers only once the customer's email was sent. */
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
    const { result: order, stages } = await recordStages(() => createOrder().execute(body));
    stages.total = performance.now() - started;
    logger.info('order created and notified', { orderId: order.id, stagesMs: roundedStages(stages) });
    return json(201, orderBody(order), {
      location: `/sync/orders/${order.id}`,
      'server-timing': serverTimingHeader(stages),
    });
  });
