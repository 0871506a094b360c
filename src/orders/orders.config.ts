import { httpUrlEnv, millisecondsEnv, once, requireEnv } from '../shared/config/env';

/** order-service's environment, read once per cold start; each function reads only what it uses. */
export const ordersConfig = once(() => ({
  table: requireEnv('ORDERS_TABLE'),
}));

/** Where create-order keeps the answer it gave to each Idempotency-Key. */
export const idempotencyConfig = once(() => ({
  table: requireEnv('IDEMPOTENCY_TABLE'),
}));

/** Where order events go: create-order and the outbox relay publish. */
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

/** The outbox relay's pace: which pending events it takes, and how much one run may do. */
export const outboxRelayConfig = once(() => ({
  /**
   * Events of orders younger than this are left alone: create-order may still be publishing them. Longer
   * than create-order can run at all (serverless.yml keeps the two in step).
   */
  minPendingAgeMs: millisecondsEnv('OUTBOX_MIN_PENDING_AGE_MS', 30_000),
  /** Events per run; the oldest go first and the rest wait for the next run. */
  pageSize: 100,
  /** No publication starts after this much of a run; the one under way ends within its own timeout. */
  timeBudgetMs: millisecondsEnv('OUTBOX_TIME_BUDGET_MS', 20_000),
}));
