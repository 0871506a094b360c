import { millisecondsEnv, once, requireEnv } from '../shared/config/env';

/** Where the counters are kept (all that the read side needs). */
export const analyticsStoreConfig = once(() => ({
  table: requireEnv('ANALYTICS_TABLE'),
}));

/** Where the order events analytics cannot read are set aside. */
export const analyticsDeliveryConfig = once(() => ({
  deadLetterTopic: requireEnv('ORDER_EVENTS_DLQ_TOPIC'),
  /** Connect + send + acks together; past it the batch fails and is delivered again. */
  deadLetterTimeoutMs: millisecondsEnv('ORDER_EVENTS_DLQ_PUBLISH_TIMEOUT_MS', 5000),
}));
