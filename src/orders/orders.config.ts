import { httpUrlEnv, millisecondsEnv, once, requireEnv } from '../shared/config/env';

/** order-service's environment, read once per cold start; each function reads only what it uses. */
export const ordersConfig = once(() => ({
  table: requireEnv('ORDERS_TABLE'),
}));

/** Where order events go: only create-order publishes. */
export const orderEventsConfig = once(() => ({
  topic: requireEnv('ORDER_EVENTS_TOPIC'),
  /** Connect + send + acks together; past it the event stays pending with the order. */
  publishTimeoutMs: millisecondsEnv('ORDER_EVENTS_PUBLISH_TIMEOUT_MS', 4000),
}));

/** How order-service reaches user-service. */
export const userServiceConfig = once(() => ({
  /** Base URL the API is served under: locally serverless offline, on AWS this stage's HTTP API. */
  url: httpUrlEnv('USER_SERVICE_URL'),
  timeoutMs: millisecondsEnv('USER_SERVICE_TIMEOUT_MS', 2000),
}));
